"""Benchmark (issue 11): how long the window stops answering while a long note is typed into and autosaved.

A window over the test library is built as the app builds it; a note is opened and typed into, one key every
20 ms, for ``--seconds``; a 5 ms probe timer records the longest gap between its ticks (the longest time the
event loop was blocked). Baseline: the same typing into a short note, in the same run, rounds alternating.

Budget (issue 11): the long note's longest block stays under 100 ms (and near the short note's).

    python bench/long_note.py [--rounds 3] [--seconds 4] [--megabytes 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def longest_block(window, text: str, seconds: float) -> float:
    panel = window.notes.notes_panel
    panel.new_note()
    panel.editor.edit.setPlainText(text)
    panel.editor.save()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def key() -> None:
        panel.editor.edit.insertPlainText("m")

    probe, typist = QTimer(), QTimer()
    probe.timeout.connect(tick)
    typist.timeout.connect(key)
    probe.start(5)
    typist.start(20)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    last[0] = time.perf_counter()
    loop.exec()
    probe.stop()
    typist.stop()
    panel.editor.save()
    return max(gaps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.conftest import FakePrompter, build_window

    from mgreader.core.notes.store import Store
    from mgreader.core.paths import AppPaths

    home = Path(tempfile.mkdtemp(prefix="mgreader-bench-"))
    paths = AppPaths.under(home)
    paths.ensure()
    store = Store.open(paths.store_file)
    window = build_window(paths, REPO / "tests" / "data" / "library", FakePrompter(), store=store,
                          search_index_path=paths.search_index_file, backup_dir=paths.backup_dir)  # fmt: skip
    window.restore_state()
    window.show()
    while window.notes.notes_panel is None:
        app.processEvents()
    line = "Magnesium and fatigue, day by day, written down. " * 2 + "\n"
    long_text = line * int(args.megabytes * 1024 * 1024 / len(line))
    short, long_ = [], []
    for _ in range(args.rounds):
        short.append(longest_block(window, "Questions for Dr. K\n", args.seconds))
        long_.append(longest_block(window, long_text, args.seconds))
    s, lg = statistics.median(short), statistics.median(long_)
    print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds of {args.seconds} s")
    print(f"short note: longest block {s * 1000:.0f} ms (median)")
    print(f"{args.megabytes:g} MB note: longest block {lg * 1000:.0f} ms (median), {lg / s:.1f}x short")
    window.notes.flush()
    store.close()


if __name__ == "__main__":
    main()
