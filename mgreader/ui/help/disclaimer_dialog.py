"""The medical disclaimer as a modal dialog: on first launch (must be acknowledged) and from Help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.disclaimer import Disclaimer
from mgreader.ui.look import screen_fit


class DisclaimerDialog(QDialog):
    def __init__(self, disclaimer: Disclaimer, must_acknowledge: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disclaimerDialog")
        self.setWindowTitle(f"Mg Reader: {disclaimer.title}")
        self.setModal(True)

        heading = QLabel(f"<h2>{disclaimer.title}</h2>")
        text = QLabel(disclaimer.to_html())
        text.setWordWrap(True)
        text.setAccessibleName("Disclaimer text")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        # At a large text size the disclaimer is taller than a laptop screen: it scrolls, the buttons stay.
        scroll = QScrollArea()
        scroll.setObjectName("disclaimerScroll")
        scroll.setWidget(text)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        buttons = QDialogButtonBox()
        if must_acknowledge:
            accept = QPushButton("I understand")
            accept.setObjectName("acceptDisclaimer")
            accept.setDefault(True)
            buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
            quit_button = QPushButton("Quit")
            quit_button.setObjectName("declineDisclaimer")
            buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        else:
            close = QPushButton("Close")
            close.setObjectName("acceptDisclaimer")
            close.setDefault(True)
            buttons.addButton(close, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        if must_acknowledge:
            layout.addWidget(QLabel("Please confirm you have read this before you start reading."))
        layout.addWidget(buttons)
        wanted = text.heightForWidth(560) + heading.sizeHint().height() + buttons.sizeHint().height() + 120
        screen_fit.fit(self, 640, wanted)
