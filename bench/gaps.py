"""The event loop's gaps, as the window's benchmarks measure them: a 5 ms timer, and between two of its ticks
the wall time and the processor time of the window's thread. The longest gap is the longest time the window
could not answer; little processor time in it means the machine or another thread held the window up, not
the window's own work.

Used by bench/long_note.py, bench/note_actions.py, bench/article_stall.py and bench/bench_scale.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

Gap = tuple[float, float]  # seconds: wall, processor


class GapProbe:
    """The gaps between the ticks of a 5 ms timer; ``each_tick``, if given, runs after every tick."""

    def __init__(self, each_tick: Callable[[], object] = lambda: None, interval_ms: int = 5) -> None:
        self.gaps: list[Gap] = []
        self.last = time.perf_counter()  # the wall time of the last tick (a sampler reads it)
        self._cpu = time.thread_time()
        self._each_tick = each_tick
        self._interval_ms = interval_ms
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        self.gaps = []
        self.from_now()
        self._timer.start(self._interval_ms)

    def from_now(self) -> None:
        """The next gap is counted from now (work begun before, such as building a window, is not in it)."""
        self.last, self._cpu = time.perf_counter(), time.thread_time()

    def stop(self) -> None:
        self._timer.stop()

    def longest(self) -> Gap:
        return max(self.gaps, default=(0.0, 0.0))

    def most_cpu(self) -> float:
        return max((cpu for _wall, cpu in self.gaps), default=0.0)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append((now - self.last, cpu - self._cpu))
        self.last, self._cpu = now, cpu
        self._each_tick()


def gaps_until(until: Callable[[], bool], settle_ms: int = 500) -> Gap:
    """Run the event loop until ``until()`` holds, then ``settle_ms`` more: the longest gap (and its CPU)."""
    loop, ending = QEventLoop(), QTimer()
    ending.setSingleShot(True)
    ending.setInterval(settle_ms)
    ending.timeout.connect(loop.quit)

    def check() -> None:
        if not ending.isActive() and until():
            ending.start()

    probe = GapProbe(check)
    probe.start()
    loop.exec()
    probe.stop()
    return probe.longest()
