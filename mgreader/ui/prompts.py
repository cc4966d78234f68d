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

    def inform(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self.parent)
        box.setObjectName("informationMessage")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.exec()
