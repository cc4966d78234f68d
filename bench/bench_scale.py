"""Scale benchmark (issue 15): the real window over a big library in "My articles", against the bundled one.

For each library (none: the bundled library alone, the baseline; or N generated articles; or a folder of
real Markdown files) a fresh process measures:
- scan: reading the library without the scan cache, and again with it (the relaunch);
- filter: each keystroke of a few queries typed into the topic filter, until the tree is repainted;
- stalls: the longest gap between the ticks of a 5 ms timer (a probe of the event loop) during a rescan, a
  live reload of 500 new files, and the first search-index build;
- open: opening an article, while idle and while the index builds;
- search: library search against the raw FTS5 query on the same index;
- memory: the process's peak resident size.

    QT_QPA_PLATFORM=offscreen python bench/bench_scale.py --sizes 0,2000,20000 [--corpus DIR] [--keep DIR]

Generated libraries are written once into ``--keep`` (default: a temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERIES = ("magnesium sleep", "key points", "zzz", "an")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


class StallProbe:
    """A 5 ms timer; the longest gap between two ticks is the longest the event loop did not run."""

    def __init__(self) -> None:
        from gaps import GapProbe

        self.probe = GapProbe()
        if os.environ.get("BENCH_SAMPLE"):  # name what the window's thread does in each long gap (stderr)
            import threading

            self._main = threading.get_ident()
            threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        import collections
        import threading
        import traceback

        seen: collections.Counter[str] = collections.Counter()
        while True:
            time.sleep(0.01)
            if self.probe.running and time.perf_counter() - self.probe.last > 0.06:
                frames = sys._current_frames()
                frame = frames.get(self._main)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-7:]
                    key = " <- ".join(f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(stack))
                    others = [  # and where the other threads are (one of them may hold the interpreter)
                        f"{Path(f.f_code.co_filename).name}:{f.f_lineno}:{f.f_code.co_name}"
                        for ident, f in frames.items()
                        if ident not in (self._main, threading.get_ident())
                    ]
                    key += "  || " + " ; ".join(others)
                    seen[key] += 1
                    if seen[key] in (1, 10, 100):
                        print(f"stall sample x{seen[key]}: {key}", file=sys.stderr, flush=True)

    def run(self, start: Callable[[], object], done: Callable[[], bool], timeout: float = 600) -> float:
        """Longest stall (s) from ``start`` (called from the event loop) until ``done`` says so."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        self.probe.start()
        QTimer.singleShot(0, start)
        end = time.perf_counter() + timeout
        QApplication.processEvents()
        while not done() and time.perf_counter() < end:
            QApplication.processEvents()
            time.sleep(0.001)  # the probe's ticks stay the measure: this loop only keeps them coming
        settle = time.perf_counter() + 0.05  # a tick after the last of the work measures its gap
        while time.perf_counter() < settle:
            QApplication.processEvents()
            time.sleep(0.001)
        self.probe.stop()
        return self.probe.longest()[0]


def scan_times(roots: list[Any], paths: Any) -> dict[str, object]:
    """The scan without and with the scan cache, timed in a child process (its memory stays there)."""
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from mgreader.core.library.scan import ContentRoot, scan\n"
        "from mgreader.core.library.scan_cache import ScanCache\n"
        "roots = [ContentRoot(Path(p), k, t) for p, k, t in json.loads(sys.argv[1])]\n"
        "cache_dir = Path(sys.argv[2])\n"
        "t = time.perf_counter(); lib = scan(roots); cold = time.perf_counter() - t\n"
        "scan(roots, ScanCache.in_dir(cache_dir))\n"
        "t = time.perf_counter(); scan(roots, ScanCache.in_dir(cache_dir))\n"
        "cached = time.perf_counter() - t\n"
        "print(json.dumps({'scan_cold_ms': cold * 1000, 'articles': len(lib.articles),"
        " 'scan_cached_ms': cached * 1000}))\n"
    )
    spec = json.dumps([[str(r.path), r.key, r.title] for r in roots])
    with tempfile.TemporaryDirectory() as cache_dir:
        out = subprocess.run(
            [sys.executable, "-c", code, spec, cache_dir], capture_output=True, text=True, check=True
        )
    return dict(json.loads(out.stdout.splitlines()[-1]))


def indexed_so_far(index_file: Path) -> int:
    import sqlite3

    with contextlib.closing(sqlite3.connect(index_file)) as db:
        return int(db.execute("SELECT count(*) FROM files").fetchone()[0])


def peak_mb() -> float:
    """The process's peak resident size (VmHWM) since the window was made (see ``reset_peak``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM starts again from the current size


def child(
    library: Path | None, home: Path, index: bool = True, index_seconds: float = 0, only: str = ""
) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mgreader.core.library.scan import content_roots
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.notes.store import Store
    from mgreader.core.paths import AppPaths, bundled_dir
    from mgreader.core.render.reader import ArticleLoader
    from mgreader.core.settings import Settings
    from mgreader.core.theme import LIGHT
    from mgreader.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    paths = AppPaths.under(home)
    paths.ensure()
    if library is not None:
        shutil.rmtree(paths.library_dir)
        paths.library_dir.symlink_to(library, target_is_directory=True)
        # The 500 files of a live reload, left by a run that was stopped: the next would wait for them.
        shutil.rmtree(library / "zz-new", ignore_errors=True)
    roots = content_roots(paths)
    result: dict[str, object] = {}

    if only != "memory":  # --only memory: the first scan, a rescan and 500 files added and removed
        result.update(scan_times(roots, paths))  # in a process of their own: the memory below is the window's
    loader = ArticleLoader.create(bundled_dir("resources"), paths.render_cache_dir)
    store = Store.open(paths.store_file)
    probe = StallProbe()
    painted: list[float] = []
    (paths.cache_dir / "library-mine.json").unlink(missing_ok=True)  # a first start: nothing cached
    reset_peak()
    started = time.perf_counter()
    window = MainWindow(
        roots, loader, Settings.load(paths.settings_file), LIGHT, paths.library_dir, store=store,
        search_index_path=None, scan_cache=ScanCache.in_dir(paths.cache_dir), backup_dir=paths.backup_dir,
    )  # fmt: skip
    window.article_view.first_painted.connect(lambda: painted.append(time.perf_counter() - started))
    window.restore_state()
    window.resize(1200, 800)
    window.show()
    # The reader's folder is read in the background after the first paint, the tree filling as it goes.
    result["stall_first_scan_ms"] = 1000 * probe.run(lambda: None, lambda: window.shelf.complete)
    result["first_paint_ms"] = 1000 * painted[0] if painted else -1
    result["tree_full_s"] = time.perf_counter() - started
    result["peak_first_scan_mb"] = peak_mb()
    window.searching.search_index_path = paths.search_index_file  # indexed later, while measured
    if only == "memory":
        return memory_only(result, window, store, paths, probe)

    # Filter: each keystroke until the tree is repainted.
    keystrokes: list[float] = []
    for query in QUERIES:
        for text in [query[: n + 1] for n in range(len(query))] + [""]:
            started = time.perf_counter()
            if text:
                QTest.keyClick(window.topic_filter, text[-1])
            else:
                window.topic_filter.clear()
            while window.library_pane._filter_timer.isActive():
                app.processEvents()
            window.topic_tree.viewport().repaint()
            keystrokes.append((time.perf_counter() - started) * 1000)
    result["filter_p50_ms"] = statistics.median(keystrokes)
    result["filter_p95_ms"] = pct(keystrokes, 0.95)
    result["filter_max_ms"] = max(keystrokes)
    # A burst: "magnesium sleep" typed faster than the window filters (every key queued before the first
    # is filtered): how long until the tree shows it, and how many filterings that took.
    filterings: list[str] = []
    model = window.library_pane.tree_model
    model.modelReset.connect(lambda: filterings.append(model.query))
    started = time.perf_counter()
    for char in "magnesium sleep":
        QTest.keyClick(window.topic_filter, char)
    while window.library_pane._filter_timer.isActive():
        app.processEvents()
    window.topic_tree.viewport().repaint()
    result["burst_ms"] = (time.perf_counter() - started) * 1000
    result["burst_filterings"] = len(filterings)
    window.topic_filter.clear()
    app.processEvents()

    # Opening articles while idle.
    refs = [r for r in window.library.in_order()][:: max(1, len(window.library.articles) // 40)][:40]

    def open_times() -> list[float]:
        times = []
        for ref in refs:
            started = time.perf_counter()
            window.open_article(ref.id, position=0)
            window.article_view.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
            app.processEvents()
            # The page left is let go with deleteLater, which only an event loop (app.exec) carries out:
            # without this, every page opened here stayed in memory, as in no running app.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        return times

    open_times()  # renders them into the cache: the index build below renders the others
    idle = open_times() + open_times() + open_times()  # as many as while indexing: p95 of 120 each
    result["open_idle_p95_ms"] = pct(idle, 0.95)
    started_idle = time.perf_counter()

    # The machine's own noise: the longest stall of an idle window over two seconds.
    result["stall_idle_ms"] = 1000 * probe.run(lambda: None, lambda: time.perf_counter() - started_idle > 2)

    # Rescan of an unchanged library (the watcher's work when a file is touched), in the background.
    result["stall_rescan_ms"] = 1000 * probe.run(window.rescan, lambda: not window.shelf.busy)

    # A live reload: 500 new files dropped into the reader's folder, seen by the watcher.
    target = paths.library_dir / "zz-new"
    before = len(window.library.articles)

    def write() -> None:
        target.mkdir(exist_ok=True)
        for n in range(500):
            (target / f"new-{n:03d}.md").write_text(f"# New article {n}\n\nSome text.\n", encoding="utf-8")

    def drop(work: Callable[[], object]) -> Callable[[], None]:  # another program copies or deletes them:
        import threading  # not the window's work

        return lambda: threading.Thread(target=work).start()

    result["stall_reload_ms"] = 1000 * probe.run(
        drop(write), lambda: len(window.library.articles) >= before + 500
    )
    result["reloaded"] = len(window.library.articles) - before
    # The 500 removed again (seen by the watcher, read again): measured too, and over before the index
    # build starts (its stall was this one's in the first runs).
    result["stall_unload_ms"] = 1000 * probe.run(
        drop(lambda: shutil.rmtree(target, ignore_errors=True)),
        lambda: len(window.library.articles) <= before and not window.shelf.busy,
    )

    if not index:
        return finish(result, window, store, paths)
    # The first index build, with articles opened meanwhile.
    indexer_done: list[bool] = []
    busy_opens: list[float] = []

    def build() -> None:
        window.searching.update_index()
        window.searching.indexer.idle.connect(lambda: indexer_done.append(True))

    started = time.perf_counter()
    # The stall is measured while the build runs alone (for half the time, or until it ends); then articles
    # are opened while it goes on (their own time is what "opening while indexing" measures).
    alone_s = index_seconds / 2 if index_seconds > 0 else 30.0

    def alone() -> bool:
        return bool(indexer_done) or time.perf_counter() - started > alone_s

    def building() -> bool:
        if indexer_done:
            return True
        if len(busy_opens) < 3 * len(refs):
            ref = refs[len(busy_opens) % len(refs)]
            t0 = time.perf_counter()
            window.open_article(ref.id, position=0)
            window.article_view.viewport().repaint()
            busy_opens.append((time.perf_counter() - t0) * 1000)
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # as in open_times
        return index_seconds > 0 and time.perf_counter() - started > index_seconds

    result["stall_index_ms"] = 1000 * probe.run(build, alone)
    alone_indexed = indexed_so_far(paths.search_index_file)  # the rate while the window is idle
    result["index_rate_alone_per_s"] = alone_indexed / (time.perf_counter() - started)
    probe.run(lambda: None, building)
    result["index_build_s"] = time.perf_counter() - started
    result["open_indexing_p95_ms"] = pct(busy_opens, 0.95)
    result["open_ratio"] = result["open_indexing_p95_ms"] / result["open_idle_p95_ms"]  # type: ignore[operator]
    result["indexed_while_opening"] = indexed_so_far(paths.search_index_file) - alone_indexed
    if not indexer_done:  # stopped after --index-seconds: how far it got
        window.searching.indexer.stop()
        import sqlite3

        with contextlib.closing(sqlite3.connect(paths.search_index_file)) as db:
            indexed = db.execute("SELECT count(*) FROM files").fetchone()[0]
        result["indexed"] = indexed
        result["index_rate_per_s"] = indexed / result["index_build_s"]  # type: ignore[operator]
    # Idle again, the build over: the before figure can include the watcher and the scan's last work.
    after = open_times() + open_times() + open_times()
    result["open_after_p95_ms"] = pct(after, 0.95)
    result["open_ratio_after"] = result["open_indexing_p95_ms"] / result["open_after_p95_ms"]  # type: ignore[operator]
    if not indexer_done:
        return finish(result, window, store, paths)

    # Library search against the raw FTS5 query on the same index.
    import sqlite3

    words = ["magnesium", "sleep", "fatigue", "kidney", "heart", "file", "list", "tar", "git", "show"]
    searches = [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]
    window.searching.search("warm")
    ours, raw = [], []
    db = sqlite3.connect(paths.search_index_file)
    for _ in range(3):
        for text in searches:
            t0 = time.perf_counter()
            window.searching.search(text)
            ours.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            fts = " ".join(f'"{w}"*' for w in text.split())
            db.execute(  # the same query the index runs: ranked, with its three snippets
                "SELECT rowid, rank, snippet(fts, 0, '[', ']', '...', 16),"
                " snippet(fts, 2, '[', ']', '...', 16), snippet(fts, 3, '[', ']', '...', 16)"
                " FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 50",
                (fts,),
            ).fetchall()
            raw.append((time.perf_counter() - t0) * 1000)
    db.close()
    result["search_p95_ms"] = pct(ours, 0.95)
    result["fts_p95_ms"] = pct(raw, 0.95)

    return finish(result, window, store, paths)


def memory_only(
    result: dict[str, object], window: Any, store: Any, paths: Any, probe: Any
) -> dict[str, object]:
    """After the first scan: a rescan, then 500 files added and removed (each a rescan that writes)."""
    probe.run(window.rescan, lambda: not window.shelf.busy)
    result["peak_rescan_mb"] = peak_mb()
    target, before = paths.library_dir / "zz-new", len(window.library.articles)
    target.mkdir(exist_ok=True)
    for n in range(500):
        (target / f"new-{n:03d}.md").write_text(f"# New article {n}\n\nSome text.\n", encoding="utf-8")
    probe.run(lambda: None, lambda: len(window.library.articles) >= before + 500)
    shutil.rmtree(target, ignore_errors=True)
    probe.run(lambda: None, lambda: len(window.library.articles) <= before and not window.shelf.busy)
    return finish(result, window, store, paths)


def finish(result: dict[str, object], window: Any, store: Any, paths: Any) -> dict[str, object]:
    result["render_cache_mb"] = sum(f.stat().st_size for f in paths.render_cache_dir.glob("*")) / 1e6
    result["peak_rss_mb"] = peak_mb()
    window.searching.close()
    window.close()
    store.close()
    return result


def library_for(size: int, keep: Path) -> Path | None:
    if size == 0:
        return None
    target = keep / f"gen{size}"
    if not target.exists():
        generator = Path(__file__).with_name("gen_library.py")
        subprocess.run(
            [sys.executable, str(generator), str(target), "--articles", str(size)], check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,2000,20000")
    parser.add_argument("--corpus", type=Path, help="a folder of real Markdown files, measured too")
    parser.add_argument("--keep", type=Path, help="where generated libraries are kept between runs")
    parser.add_argument(
        "--index-up-to", type=int, default=20000, metavar="N",
        help="build the search index (and time search and opening meanwhile) only up to N articles",
    )  # fmt: skip
    parser.add_argument(
        "--index-seconds", type=float, default=0, metavar="S",
        help="stop the index build after S seconds (then its rate is reported); 0: let it finish",
    )  # fmt: skip
    parser.add_argument("--only", choices=["memory"], default="", help="memory: the first scan and rescans")
    parser.add_argument("--no-index", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.home is not None:
        library = None if str(options.child) == "-" else options.child
        measured = child(library, options.home, not options.no_index, options.index_seconds, options.only)
        print(json.dumps(measured))
        return 0
    keep = options.keep or Path(tempfile.mkdtemp(prefix="mgreader-bench-"))
    keep.mkdir(parents=True, exist_ok=True)
    runs: list[tuple[str, Path | None, int]] = [
        (f"{int(s):,}" if int(s) else "bundled only", library_for(int(s), keep), int(s))
        for s in options.sizes.split(",")
    ]
    if options.corpus is not None:
        count = sum(1 for _ in options.corpus.rglob("*.md"))
        runs.append((f"real: {options.corpus.name} ({count:,})", options.corpus, count))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    only = ["--only", options.only] if options.only else []
    for label, library, size in runs:
        no_index = ["--no-index"] if size > options.index_up_to else []
        with tempfile.TemporaryDirectory() as home:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(library or "-"), "--home", home, *no_index,
                 "--index-seconds", str(options.index_seconds), *only],
                capture_output=True, text=True, env=env, check=False,
            )  # fmt: skip
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if not lines:
            print(label, "failed:", out.stderr[-3000:])
            continue
        result = json.loads(lines[-1])
        print(label, json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
