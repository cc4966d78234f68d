"""Writes that run off the window's thread, one at a time and in order (issue 11: saving a note of
megabytes froze the window for seconds at every autosave). Made for any text saved as it is typed: the note
editor uses it, and the journal's free text can.

A job must not touch Qt widgets or a SQLite connection made in the window's thread (open its own). Its
outcome (its error, or what it returned) is handed back in the window's thread, through ``done``; "Saved" is
shown only from there, so the rule "Saved only after the commit" holds. ``wait`` blocks until every job has
ended (closing the window, leaving a note): the order of writes is the order of the reader's typing.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

Job = Callable[[], object]
Done = Callable[[BaseException | None, object], None]


class BackgroundWriter(QObject):
    _ended = Signal()  # emitted from the worker; delivered in the owner's thread (a queued connection)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[tuple[Job, Done] | None] = queue.Queue()
        self._outcomes: deque[tuple[Done, BaseException | None, object]] = deque()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ended.connect(self.collect)

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def submit(self, job: Job, done: Done) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="mgreader-writer", daemon=True)
            self._thread.start()
        self._jobs.put((job, done))

    def wait(self) -> None:
        """Block until every job has ended, then hand back their outcomes now; a job submitted while they
        are handed back is waited for too (a caller that waits means to be alone with what the jobs use)."""
        while True:
            self._idle.wait()
            self.collect()
            if self._idle.is_set() and not self._outcomes:
                return

    def collect(self) -> None:
        while self._outcomes:
            done, error, value = self._outcomes.popleft()
            done(error, value)

    def stop(self) -> None:
        self.wait()
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        self._thread = None

    def _work(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, done = item
            error: BaseException | None = None
            value: object = None
            try:
                value = job()
            except Exception as failure:  # noqa: BLE001 - handed to ``done``, which says it to the reader
                error = failure
            self._outcomes.append((done, error, value))
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
            self._ended.emit()
