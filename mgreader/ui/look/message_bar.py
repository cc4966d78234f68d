"""The one place where Mg Reader tells the reader what happened: a bar above the article.

It replaces the status bar's corner messages, which were small, vanished after a few seconds and could show
two contradicting messages at once. Here there is one message at a time, in the window's text size, kept
long enough to read it (longer for longer messages), and each is announced to screen readers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from mgreader.ui.look.announce import announce

# Reading time: a slow reader (brain fog, a screen magnifier) reads about 2 words a second; a short message
# still stays long enough to be noticed after looking back at the window.
MIN_SHOW_MS = 10_000
MS_PER_WORD = 500


def show_time(text: str, wanted_ms: int = 0) -> int:
    return max(MIN_SHOW_MS, wanted_ms, MS_PER_WORD * len(text.split()) + 4_000)


class MessageBar(QFrame):
    changed = Signal(str)  # the message now shown ('' when the bar went away)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel("")
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Message")
        self.close_button = QToolButton()
        self.close_button.setObjectName("dismissMessage")
        self.close_button.setText("\u2715")
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.setToolTip("Dismiss this message")
        self.close_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.hide()

    def text(self) -> str:
        """The message shown now ('' when none)."""
        return "" if self.isHidden() else self.label.text()

    def show_message(self, text: str, wanted_ms: int = 0, urgent: bool = False) -> None:
        """Show ``text`` in place of any earlier message, and announce it."""
        if not text:
            self.clear()
            return
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        self._timer.start(show_time(text, wanted_ms))
        announce(self.label, text, urgent)
        self.changed.emit(text)

    def clear(self) -> None:
        self._timer.stop()
        if not self.isHidden():
            self.label.setText("")
            self.hide()
            self.changed.emit("")


class ForwardingStatusBar(QStatusBar):
    """The window's status bar, whose messages from Mg Reader's own code go to the message bar.

    Qt's status tips (the line about a menu item under the mouse) still show here: Qt calls the C++
    showMessage, which this Python method does not replace."""

    def __init__(self, bar: MessageBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = bar

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802
        self.bar.show_message(text, timeout or 0)
        self.messageChanged.emit(text)  # for whoever listens to the status bar, as before

    def currentMessage(self) -> str:  # noqa: N802
        """The message the window shows now (in the message bar)."""
        return self.bar.text()
