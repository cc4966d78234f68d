"""The Help menu's windows: the keyboard shortcuts, the disclaimer, and About."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from mgreader.core.disclaimer import Disclaimer
    from mgreader.ui.look.prompts import Prompter


def show_shortcuts(parent: QWidget, actions: list[QAction]) -> None:
    from mgreader.ui.help.shortcuts import ShortcutsDialog

    dialog = ShortcutsDialog(actions, parent)
    dialog.exec()
    dialog.deleteLater()


def show_disclaimer(parent: QWidget, disclaimer: Disclaimer) -> None:
    from mgreader.ui.help.disclaimer_dialog import DisclaimerDialog

    dialog = DisclaimerDialog(disclaimer, must_acknowledge=False, parent=parent)
    dialog.exec()
    dialog.deleteLater()


def show_about(prompter: Prompter) -> None:
    from mgreader.core.version import __version__

    prompter.inform(
        "About Mg Reader",
        f"Mg Reader {__version__}\n\nAn offline reader for articles about magnesium, fatigue and chronic "
        "illness. Everything stays on this computer; nothing is sent anywhere.",
    )
