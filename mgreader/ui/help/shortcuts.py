"""Help > Keyboard shortcuts: every action that has a shortcut, listed from the actions themselves."""

from __future__ import annotations

import html
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from mgreader.ui.look import screen_fit


def on_the_keyboard(sequence: QKeySequence) -> bool:
    """Whether every key of ``sequence`` is on an ordinary keyboard: letters, digits, punctuation, F1-F12,
    arrows and the like. Some desktops add keys such as "Zoom In", "Back" or F14 (a Sun keyboard's Undo) to
    the standard shortcuts; they still work where such a key exists, but listing them would send the reader
    looking for a key their keyboard does not have."""
    for index in range(sequence.count()):
        key = cast(Any, sequence)[index].key()  # QKeySequence[i] is a QKeyCombination; the stubs omit it
        if key.value >= Qt.Key.Key_F13.value:
            return False
    return True


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(what it does, the keys to press) for every action with a shortcut, keys written as on the keys."""
    rows = []
    for action in actions:
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if not k.isEmpty() and on_the_keyboard(k)
        ]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("."), ", ".join(dict.fromkeys(keys))))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        screen_fit.fit(self, 520, 620)
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
