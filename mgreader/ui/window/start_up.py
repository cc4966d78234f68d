"""The start's remaining steps, run after the first article is painted (issue 15).

Only what the first paint needs is built before it. Each step here then runs in its own turn of the event
loop, so that a key press or a click that arrives meanwhile is handled between two steps, not after all of
them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

# The steps run after this long even when no article gets painted (an empty library).
AFTER_PAINT_FALLBACK_MS = 2000


class StartUp(QObject):
    finished = Signal()

    def __init__(self, steps: list[Callable[[], object]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = list(steps)
        self.started = False
        self.done = False
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self.begin)

    def begin(self) -> None:
        """The first article is on screen (or the fallback timer ran): start the steps, once."""
        if self.started:
            return
        self.started = True
        QTimer.singleShot(0, self, self._next)

    def finish_now(self) -> None:
        """Run what is left at once: something needs the finished window before the steps' turns come."""
        self.started = True
        while not self.done:
            self._next()

    def _next(self) -> None:
        if self.done:
            return
        if not self._steps:
            self.done = True
            self.finished.emit()
            return
        step = self._steps.pop(0)
        try:
            step()
        finally:
            if self._steps:
                QTimer.singleShot(0, self, self._next)
            else:
                self.done = True
                self.finished.emit()
