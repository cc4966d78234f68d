"""Formatting with a time budget (issue 11): python-markdown runs in a worker process that stops formatting
an article once it has worked on it for longer than RENDER_BUDGET_S of processor time, and the article is
then shown as plain text with a notice. A worker that does not answer within WALL_PER_BUDGET times its
budget is stopped.

defuse.py takes the known slow shapes out of python-markdown's way; this bounds the ones nobody has found
yet. A thread could not be stopped, and python-markdown holds the GIL while it works, so a process it is.
Short articles (every bundled one) are formatted here, in this process: for them a worker would only add
the cost of passing the text back and forth, and their worst case is bounded by their size. But not on the
window's thread, where an article of 29 KB could still take 0.4 s (nested lists, tables): ``render_soon``
hands it to the worker, if one is running and free, and waits only a moment; what is not back by then is
collected by ``render`` of the same text in another thread, while the window says "Preparing...".
"""

from __future__ import annotations

import signal
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from mgreader.core import workers
from mgreader.core.render.markdown import RenderedBody, Renderer, plain_fallback

# The budget grows with the article, so that a long ordinary article is still formatted (about 2 s per MB
# here) while no input takes more than a few times as long as an ordinary one of its size.
RENDER_BUDGET_S = 2.0
BUDGET_PER_MB_S = 6.0
# Below this many characters an article is formatted in this process (the longest bundled one is 9 KB).
IN_PROCESS_CHARS = 30_000
# The budget is the worker's own processor time, where the system can count it (a profiling timer): on a
# busy laptop an ordinary article waits for the processor, and is still formatted. The window waits at most
# this many times the budget in all (a worker stuck in one long call that no signal interrupts).
CPU_TIMED = hasattr(signal, "setitimer")
WALL_PER_BUDGET = 4.0 if CPU_TIMED else 1.0
OUT_OF_TIME = "out of time"  # the worker's answer when the budget ran out
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
        # Sent by render_soon and not collected yet: (text, article_dir, when its budget runs out).
        self._in_flight: tuple[str, str, float] | None = None

    def render(self, text: str, article_dir: str = "") -> RenderedBody:
        flying = self._in_flight
        sent = flying is not None and flying[:2] == (text, article_dir)  # by render_soon: collected below
        if len(text) < self.in_process_chars and not sent:
            return super().render(text, article_dir)
        with self._lock:
            in_flight, self._in_flight = self._in_flight, None
            if in_flight is not None:
                result = self._receive(in_flight)
                if in_flight[:2] == (text, article_dir):
                    return result  # the window's article, sent a moment ago: collected here
            worker = self._worker
            if worker is None or not worker.alive():
                worker = self._worker = _Worker.start()
            if worker is None:  # no worker could be started: format here, without a budget
                return super().render(text, article_dir)
            if not worker.send(text, article_dir, self._allowed(text)):
                return self._timed_out(text)
            return self._receive((text, article_dir, self._deadline(text)))

    def render_soon(self, text: str, article_dir: str, grace: float) -> RenderedBody | None:
        """For the window's thread: the rendering if the worker has it within ``grace`` seconds, else None
        (it goes on; ``render`` of the same text collects it). Never waits for another rendering, nor for a
        worker to start: with none running and free, None at once (a worker is started meanwhile)."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            worker = self._worker
            if worker is None or not worker.alive():
                threading.Thread(target=self.start_worker, name="mgreader-render-start", daemon=True).start()
                return None
            if self._in_flight is not None or not worker.send(text, article_dir, self._allowed(text)):
                return None
            self._in_flight = (text, article_dir, self._deadline(text))
            if not worker.connection.poll(grace):
                return None
            in_flight, self._in_flight = self._in_flight, None
            return self._receive(in_flight)
        finally:
            self._lock.release()

    def start_worker(self) -> None:
        """Start the worker now if none runs (it takes a few hundred milliseconds)."""
        with self._lock:
            if self._worker is None or not self._worker.alive():
                try:
                    self._worker = _Worker.start()
                except Exception:  # noqa: BLE001 - in a thread of its own: no worker, articles formatted here
                    self._worker = None

    def ready(self) -> bool:
        """Whether a worker is running (render_soon can use it)."""
        return self._worker is not None and self._worker.alive()

    def _allowed(self, text: str) -> float:
        """The worker's processor time for ``text``, in seconds."""
        return self.budget + BUDGET_PER_MB_S * len(text) / 1_000_000 if self.budget else 0.0

    def _deadline(self, text: str) -> float:
        """When the window stops waiting for ``text`` whatever the worker's processor time (monotonic)."""
        return time.monotonic() + WALL_PER_BUDGET * self._allowed(text)

    def _receive(self, in_flight: tuple[str, str, float]) -> RenderedBody:
        """The worker's answer for what was sent (under the lock); the plain text when its time ran out."""
        text, _article_dir, deadline = in_flight
        worker = self._worker
        result = worker.receive(max(0.0, deadline - time.monotonic())) if worker is not None else None
        if result == OUT_OF_TIME:  # it stopped itself and goes on with the next
            return self._timed_out(text, stop=False)
        return result if isinstance(result, RenderedBody) else self._timed_out(text)

    def _timed_out(self, text: str, stop: bool = True) -> RenderedBody:
        if stop and self._worker is not None:
            self._worker.stop()
            self._worker = None
        self.timed_out += 1
        return plain_fallback(text, TOO_SLOW)

    def close(self) -> None:
        with self._lock:
            self._in_flight = None
            if self._worker is not None:
                self._worker.stop()
                self._worker = None


class _Worker:
    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    @classmethod
    def start(cls) -> _Worker | None:
        try:
            process, ours = workers.start(_serve, (), "mgreader-render")
        except OSError:
            return None
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

    def send(self, text: str, article_dir: str, budget: float) -> bool:
        try:
            self.connection.send((text, article_dir, budget))
        except (EOFError, OSError):
            return False
        return True

    def receive(self, wait: float) -> RenderedBody | str | None:
        """The rendering, OUT_OF_TIME, or None when nothing came within ``wait`` seconds or the worker
        failed."""
        try:
            if not self.connection.poll(wait):
                return None
            result = self.connection.recv()
        except (EOFError, OSError):
            return None
        return result if isinstance(result, RenderedBody) or result == OUT_OF_TIME else None

    def stop(self) -> None:
        workers.stop(self.process, self.connection)


class _OutOfTime(BaseException):  # not an Exception: nothing in python-markdown may catch it
    pass


def _out_of_time(_signum: int, _frame: object) -> None:
    raise _OutOfTime


def _serve(connection: Connection) -> None:
    """The worker's loop: render what comes in, each within its budget of processor time, until the pipe
    closes."""
    renderer = Renderer()
    renderer.render("warm up")  # imports python-markdown before saying it is ready
    if CPU_TIMED:
        signal.signal(signal.SIGPROF, _out_of_time)
    connection.send("ready")
    while True:
        try:
            text, article_dir, budget = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _render_within(renderer, text, article_dir, budget)
        except _OutOfTime:  # python-markdown was stopped halfway: a fresh one for the next
            renderer, answer = Renderer(), OUT_OF_TIME
        connection.send(answer)


def _render_within(renderer: Renderer, text: str, article_dir: str, budget: float) -> RenderedBody | str:
    if not CPU_TIMED:
        return renderer.render(text, article_dir)  # the window's clock is the budget
    if budget <= 0:
        return OUT_OF_TIME
    signal.setitimer(signal.ITIMER_PROF, budget)
    try:
        return renderer.render(text, article_dir)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
