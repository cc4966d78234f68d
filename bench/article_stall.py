"""Benchmark (issue 11): how long the window stops answering while an article is opened and shown.

A window is built over a library of generated articles, as the app builds it, with no render cache (each
opening formats again). Each article is opened while a 5 ms probe timer runs; the longest gap between its
ticks, from the click until the page is formatted, laid out and painted, is the longest time the window
could not answer. Baseline: a 1 KB article, in the same run, rounds alternating. Besides ordinary text of
29 KB (formatted in the app's own process) and 240 KB (formatted in the worker), the 29 KB inputs are the
hostile shapes of bench/hostile.py cut to that size, the slowest python-markdown has under the worker's limit.

Budget (issue 11): no article blocks the window for more than 100 ms.

``--cached``: each opening finds the article formatted (the render cache is kept): only the window's
own work. ``--first``: each opening is the first of a session, the render worker just asked for (it is stopped
before each, and started again as the app starts it). ``--qt-thread``: how long the window is held while
Qt reads each page in another thread (``QTextDocument.setHtml``), against the same call on this thread.
"Processor": the most time the window's thread itself worked between two ticks (a gap on a busy
machine also holds the time other processes had the cores).

    python bench/article_stall.py [--rounds 3] [--only NAME] [--first | --cached] [--qt-thread]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from gaps import GapProbe  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

SETTLE_MS = 600  # after the page is shown: lazy layout and painting still run on the window's thread


def articles() -> dict[str, str]:
    from hostile import corpus, normal_text

    texts = {"1 KB ordinary": normal_text(1_000), "29 KB ordinary": normal_text(29_000)}
    for name, text in corpus().items():
        if name in ("definition lists 200 KB", "a table of 5,000 rows", "one heading repeated 180 KB",
                    "footnotes 200 KB", "nested lists 100 KB", "emphasis storm 200 KB"):  # fmt: skip
            texts[name.rsplit(" ", 2)[0] + " 29 KB"] = text[:29_000]
    texts["240 KB ordinary"] = normal_text(240_000)
    texts["900 KB ordinary"] = normal_text(900_000)  # the longest formatted (refs.MAX_ARTICLE_BYTES)
    return texts


def longest_block(app: QApplication, window, article_id: str) -> tuple[float, float, float]:
    """The longest gap of the probe while ``article_id`` opens, the most processor time the window's
    thread spent in one gap (on a busy machine a gap also holds the time other processes had the cores),
    and the seconds until the page was on screen."""
    probe = GapProbe()
    probe.start()
    loop = QEventLoop()
    started = [0.0]
    shown = [0.0]

    def open_it() -> None:
        started[0] = time.perf_counter()
        window.open_article(article_id, position=0)

    def check() -> None:
        article = window.article
        whole = getattr(window.article_view, "page_complete", True)  # (main before pages came in pieces)
        ours = article is not None and article.ref.id == article_id and not article.pending
        if not shown[0] and ours and whole:
            window.article_view.viewport().repaint()
            shown[0] = time.perf_counter()
            QTimer.singleShot(SETTLE_MS, loop.quit)

    watcher = QTimer()
    watcher.timeout.connect(check)
    watcher.start(10)
    QTimer.singleShot(50, open_it)
    probe.from_now()
    loop.exec()
    probe.stop()
    watcher.stop()
    return probe.longest()[0], probe.most_cpu(), shown[0] - started[0]


def read_in_a_thread(app: QApplication, html: str) -> tuple[float, float]:
    """Seconds Qt took to read ``html`` in another thread, and the longest gap of a probe on this one."""
    import threading

    from PySide6.QtGui import QTextDocument

    took: list[float] = []

    def read() -> None:
        begun = time.perf_counter()
        QTextDocument().setHtml(html)
        took.append(time.perf_counter() - begun)

    probe = GapProbe()
    probe.start()
    worker = threading.Thread(target=read)
    probe.from_now()
    worker.start()
    while worker.is_alive():
        app.processEvents()
    app.processEvents()
    probe.stop()
    return took[0], probe.longest()[0]


def qt_thread(app: QApplication, window, ids: dict[str, str]) -> None:
    """Each page read by Qt (setHtml) in another thread while a probe runs on the window's thread, against
    the same call on the window's thread. PySide holds the GIL through the call, so the window waits."""
    from PySide6.QtGui import QTextDocument

    print(f"{'article':34} {'setHtml here':>13} {'in a thread':>12} {'window held':>12}")
    for name, article_id in ids.items():
        window.open_article(article_id, position=0)
        while window.article is None or window.article.pending:
            app.processEvents()
        html = window.article_view._html
        started = time.perf_counter()
        QTextDocument().setHtml(html)
        here = time.perf_counter() - started
        there, held = read_in_a_thread(app, html)
        print(f"{name:34} {here * 1000:>10.0f} ms {there * 1000:>9.0f} ms {held * 1000:>9.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--first", action="store_true")
    parser.add_argument("--cached", action="store_true")
    parser.add_argument("--qt-thread", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.conftest import FakePrompter, build_window

    from mgreader.core.paths import AppPaths

    home = Path(tempfile.mkdtemp(prefix="mgreader-bench-"))
    library = home / "library"
    topic = library / "01-bench"
    topic.mkdir(parents=True)
    wanted = [args.only, "1 KB"] if args.only else [""]
    texts = {name: text for name, text in articles().items() if any(w in name for w in wanted)}
    ids = {}
    for number, (name, text) in enumerate(texts.items()):
        stem = f"{number:02d}-article"
        (topic / f"{stem}.md").write_text(f"---\ntitle: {name}\n---\n\n{text}\n", encoding="utf-8")
        ids[name] = f"01-bench/{stem}"
    paths = AppPaths.under(home / "data")
    paths.ensure()
    window = build_window(paths, library, FakePrompter())
    window.resize(1200, 800)
    window.show()
    deadline = time.monotonic() + 60
    while not (window.shelf.complete and not window.shelf.busy) and time.monotonic() < deadline:
        app.processEvents()  # the start: the reader's folder is read in a worker after the first paint
        time.sleep(0.01)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in texts}
    for name in texts:  # a first opening of each, not counted: imports, the worker process, fonts
        longest_block(app, window, ids[name])
    if args.qt_thread:
        qt_thread(app, window, ids)
        return
    for _ in range(args.rounds):
        for name in texts:
            if not args.cached:  # formatted again each time
                shutil.rmtree(paths.render_cache_dir, ignore_errors=True)
            if args.first:  # as at the start of a session: the worker starting (the app asks once it is up)
                window.loader.renderer.close()
                warm_up = getattr(window.loader, "warm_up_soon", None)  # main before issue 11's last change
                if warm_up is not None:
                    warm_up()
            results[name].append(longest_block(app, window, ids[name]))
    base = statistics.median(r[0] for r in results["1 KB ordinary"])
    print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds, medians")
    print(f"{'article':34} {'longest block':>14} {'processor':>12} {'ratio':>7} {'on screen after':>16}")
    for name, rounds in results.items():
        block = statistics.median(r[0] for r in rounds)
        cpu = statistics.median(r[1] for r in rounds)
        shown = statistics.median(r[2] for r in rounds)
        times = f"{block * 1000:>11.0f} ms {cpu * 1000:>9.0f} ms {block / base:>6.1f}x"
        print(f"{name:34} {times} {shown * 1000:>13.0f} ms")
    window.close()


if __name__ == "__main__":
    main()
