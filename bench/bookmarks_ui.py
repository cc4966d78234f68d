"""Benchmark of bookmarks in the real window (issue 4): 20,000 bookmarks in the store, 300 on one article.

Times, in the main window, what the reader waits for, each next to a baseline from the same run:
- opening the article with its 300 highlights placed and painted, against opening a copy of the same
  article that has no bookmarks;
- filling the "All articles" panel (its first page of 500; more load as it scrolls), against reading
  that page with a plain SQL query;
- bookmarking a passage (committed, highlights redrawn), against a bare committed INSERT on the same disk.

    QT_QPA_PLATFORM=offscreen python bench/bookmarks_ui.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_store import COLUMNS, article_text  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mgreader.core.library.scan import content_roots  # noqa: E402
from mgreader.core.notes import placement  # noqa: E402
from mgreader.core.notes.anchoring import make_anchor  # noqa: E402
from mgreader.core.notes.store import Store  # noqa: E402
from mgreader.core.paths import AppPaths, bundled_dir  # noqa: E402
from mgreader.core.render.reader import ArticleLoader  # noqa: E402
from mgreader.core.settings import Settings  # noqa: E402
from mgreader.core.theme import LIGHT  # noqa: E402
from mgreader.ui.main_window import MainWindow  # noqa: E402

TOTAL, ON_ARTICLE = 20_000, 300
TARGET, COPY, OTHER = "t/target", "t/copy", "t/other"


def median_ms(action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content" / "t"
        content.mkdir(parents=True)
        body = article_text(rng).replace("\n", "\n\n")
        for name in ("target", "copy", "other"):
            (content / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{body}\n", encoding="utf-8")
        paths = AppPaths.under(Path(tmp) / "home")
        paths.ensure()
        loader = ArticleLoader.create(bundled_dir("resources"), paths.render_cache_dir)
        store = Store.open(paths.store_file)
        window = MainWindow(content_roots(paths, content.parent), loader, Settings.load(paths.settings_file),
                            LIGHT, paths.library_dir, store=store)  # fmt: skip
        window.resize(1280, 800)
        window.show()
        window.open_article(TARGET)
        text = placement.page_text(window.article_view.page_text())
        rows = []
        for n in range(TOTAL):
            start = rng.randrange(200, len(text) - 400)
            a = make_anchor(text, start, start + rng.randint(20, 200), placement.text_hash(text))
            article = TARGET if n < ON_ARTICLE else f"x/article-{n % 400}"
            stamp = f"2025-01-01T00:00:00.{n:06d}Z"
            rows.append((f"b{n:05d}", article, a.quote, a.prefix, a.suffix, a.start, a.content_hash, "yellow",
                         "", 0, stamp, stamp))  # fmt: skip
        with closing(sqlite3.connect(paths.store_file)) as db, db:
            db.executemany(f"INSERT INTO bookmarks ({COLUMNS}) VALUES ({', '.join('?' * 12)})", rows)

        def open_and_paint(article_id: str) -> Callable[[], None]:
            def run() -> None:
                window.open_article(article_id, position=0)
                window.article_view.viewport().repaint()

            return run

        away = open_and_paint(OTHER)
        open_copy = median_ms(open_and_paint(COPY), runs, away)
        open_target = median_ms(open_and_paint(TARGET), runs, away)
        drawn = len(window.article_view.highlighted_spans())
        panel = window.notes.notes_panel
        assert panel is not None

        def show_all() -> None:
            panel.scope.setCurrentIndex(1)
            panel.bookmark_list.viewport().repaint()

        def back_to_this() -> None:
            panel.scope.setCurrentIndex(0)

        window.open_article(OTHER)
        all_panel = median_ms(show_all, runs, back_to_this)
        back_to_this()
        with closing(sqlite3.connect(paths.store_file)) as db:
            query = f"SELECT {COLUMNS} FROM bookmarks ORDER BY created DESC LIMIT 500"
            first_page = median_ms(lambda: db.execute(query).fetchall(), runs)

        window.open_article(COPY)
        spans = iter(range(100, 100 + 40 * runs * 2, 40))
        save = median_ms(lambda: window.notes.bookmark_span(next(spans), next(spans) + 20), runs)
        with closing(sqlite3.connect(Path(tmp) / "plain.sqlite3", isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("CREATE TABLE t (x TEXT)")
            plain = median_ms(lambda: db.execute("INSERT INTO t VALUES ('x')"), runs)
        window.close()
        store.close()
        app.processEvents()

    print(f"runs: {runs}   {TOTAL} bookmarks, {ON_ARTICLE} on one article ({drawn} highlights drawn)")
    print(
        f"open article with its highlights:  {open_target:7.1f} ms  (budget 100)   "
        f"baseline, same article without bookmarks {open_copy:6.1f} ms   ratio {open_target / open_copy:.2f}x"
    )
    print(
        f"'All articles' panel:              {all_panel:7.1f} ms  (budget 100)   "
        f"baseline, its first page by plain SELECT {first_page:6.1f} ms   ratio {all_panel / first_page:.1f}x"
    )
    print(
        f"bookmark a passage (committed):    {save:7.1f} ms  (budget 10)    "
        f"baseline, bare committed INSERT {plain:6.2f} ms   ratio {save / plain:.1f}x"
    )
    return 0 if max(open_target, all_panel) <= 100 and save <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
