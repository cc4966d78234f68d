"""Help > Keyboard shortcuts: every action that has a shortcut, listed from the actions themselves."""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
        ]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("."), ", ".join(dict.fromkeys(keys))))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(460, 560)
        table = "".join(
            f"<tr><td style='padding:4px 16px 4px 0'>{html.escape(what)}</td>"
            f"<td><b>{html.escape(keys)}</b></td></tr>"
            for what, keys in shortcut_rows(actions)
        )
        view = QTextBrowser()
        view.setObjectName("shortcutsList")
        view.setHtml(f"<p>Everything in Mg Reader can be done with the keyboard. Tab moves between areas.</p>"
                     f"<table>{table}</table>")  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
