"""The questions and messages the window puts to the reader, behind one small object so tests can answer."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

# QMessageBox is imported when first needed: creating its enums costs startup time for a box rarely shown.


class Prompter:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def confirm_external(self, url: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setObjectName("confirmExternalLink")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Open in your web browser?")
        box.setText("This link goes to a web page outside Mg Reader.")
        box.setInformativeText(f"{url}\n\nOpen it in your web browser? Mg Reader itself never goes online.")
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Open

    def confirm_close_unsaved(self) -> bool:
        """Your note could not be saved: close anyway (the text goes to the clipboard)? Default: stay open."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setObjectName("confirmCloseUnsaved")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Your note is not saved")
        box.setText("Something you typed could not be saved yet (see the note's status).")
        box.setInformativeText(
            "Keep Mg Reader open and it will keep trying. If you close it, your text is copied to the "
            "clipboard "
            "so you can paste it somewhere safe."
        )
        keep = box.addButton("Keep open", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Close and copy my text", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is not keep

    def inform(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setObjectName("informationMessage")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.exec()
