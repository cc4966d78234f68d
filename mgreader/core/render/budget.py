"""Formatting with a time budget (issue 11): python-markdown runs in a worker process that is stopped when
an article takes longer than RENDER_BUDGET_S, and the article is then shown as plain text with a notice.

defuse.py takes the known slow shapes out of python-markdown's way; this bounds the ones nobody has found
yet. A thread could not be stopped, and python-markdown holds the GIL while it works, so a process it is.
Short articles (every bundled one) are formatted here, in this process: for them a worker would only add
the cost of passing the text back and forth, and their worst case is bounded by their size.
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Any

from mgreader.core.render.markdown import RenderedBody, Renderer, plain_fallback

# The budget grows with the article, so that a long ordinary article is still formatted (about 2 s per MB
# here) while no input takes more than a few times as long as an ordinary one of its size.
RENDER_BUDGET_S = 2.0
BUDGET_PER_MB_S = 6.0
# Below this many characters an article is formatted in this process (the longest bundled one is 9 KB).
IN_PROCESS_CHARS = 30_000
# Starting the worker (a fresh Python importing python-markdown) is not counted in the budget.
START_TIMEOUT_S = 30.0
TOO_SLOW = (
    "This article took too long to format, so it is shown as plain text. "
    "Splitting very long paragraphs or lists with blank lines helps."
)


class BudgetedRenderer(Renderer):
    """A Renderer whose ``render`` returns within about ``budget`` seconds (plus BUDGET_PER_MB_S a
    megabyte) for any text. ``timed_out`` counts the renderings that ran out of time (what the tests and
    the benchmark look at)."""

    def __init__(self, budget: float = RENDER_BUDGET_S, in_process_chars: int = IN_PROCESS_CHARS) -> None:
        super().__init__()
        self.budget = budget
        self.in_process_chars = in_process_chars
        self.timed_out = 0
        self._worker: _Worker | None = None
        self._lock = threading.Lock()  # the window and the search indexer's thread may both render

    def render(self, text: str, article_dir: str = "") -> RenderedBody:
        if len(text) < self.in_process_chars:
            return super().render(text, article_dir)
        with self._lock:
            worker = self._worker
            if worker is None or not worker.alive():
                worker = self._worker = _Worker.start()
            if worker is None:  # no worker could be started: format here, without a budget
                return super().render(text, article_dir)
            allowed = self.budget + BUDGET_PER_MB_S * len(text) / 1_000_000 if self.budget else 0.0
            result = worker.render(text, article_dir, allowed)
            if result is None:
                worker.stop()
                self._worker = None
                self.timed_out += 1
                return plain_fallback(text, TOO_SLOW)
            return result

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.stop()
                self._worker = None


class _Worker:
    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    @classmethod
    def start(cls) -> _Worker | None:
        # spawn, not fork: forking a process that runs Qt threads can deadlock the child.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        try:
            process = context.Process(target=_serve, args=(theirs,), daemon=True, name="mgreader-render")
            process.start()
        except OSError:
            return None
        theirs.close()
        worker = cls(process, ours)
        try:
            ready = ours.poll(START_TIMEOUT_S) and ours.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.stop()
            return None
        return worker

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def render(self, text: str, article_dir: str, budget: float) -> RenderedBody | None:
        """The rendering, or None when it took longer than ``budget`` or the worker failed."""
        try:
            self.connection.send((text, article_dir))
            if not self.connection.poll(budget):
                return None
            result = self.connection.recv()
        except (EOFError, OSError):
            return None
        return result if isinstance(result, RenderedBody) else None

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()
        if not self.process.is_alive():
            self.process.close()


def _serve(connection: Connection) -> None:
    """The worker's loop: render what comes in, until the pipe closes."""
    renderer = Renderer()
    renderer.render("warm up")  # imports python-markdown before saying it is ready
    connection.send("ready")
    while True:
        try:
            text, article_dir = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(renderer.render(text, article_dir))
