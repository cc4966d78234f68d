"""SIGTERM, SIGHUP and Ctrl+C (SIGINT) quit the way closing the window does: save, back up, exit.

Python runs a signal handler only when the interpreter gets control, and while Qt's event loop waits in C++
it does not. ``signal.set_wakeup_fd`` makes the C-level handler write a byte to a socket; a QSocketNotifier
on the other end wakes the loop, Python runs the handler, and the handler asks for a normal quit.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

NAMES = ("SIGTERM", "SIGHUP", "SIGINT")


class QuitOnSignals(QObject):
    def __init__(self, quit_: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit_
        self._asked = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._old: dict[int, object] = {}
        for name in NAMES:
            number = getattr(signal, name, None)
            if number is not None:
                self._old[number] = signal.signal(number, self._received)

    def _received(self, _number: int, _frame: object) -> None:
        if not self._asked:  # a second Ctrl+C while the quit is under way changes nothing
            self._asked = True
            QTimer.singleShot(0, self._ask)

    def _ask(self) -> None:
        self._quit()
        self._asked = False  # the quit may have been refused (the reader chose to keep unsaved text)

    def _drain(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:  # nothing more to read
            pass

    def restore(self) -> None:
        """Put back what was there before (tests; and the app once its window is gone)."""
        for number, old in self._old.items():
            signal.signal(number, old)  # type: ignore[arg-type]
        self._old.clear()
        signal.set_wakeup_fd(self._old_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def close_gently(app: object, window: object) -> None:
    """Close any open dialog first (its own loop must end), then the window, as its close button would."""
    from PySide6.QtWidgets import QDialog

    for widget in app.topLevelWidgets():  # type: ignore[attr-defined]
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    QTimer.singleShot(0, window.close)  # type: ignore[attr-defined]
