"""Benchmark of the notes store and anchoring (issue 4): 20,000 bookmarks, 300 of them on one article.

Times what the reader waits for: opening the article with all its highlights placed (``bookmarks_for`` plus
``locate`` for each of the 300, on an unchanged and on an edited text), loading the "all articles" panel,
one committed bookmark save and one committed note autosave. Each is printed next to a baseline measured
in the same run on the same disk: the same rows read with plain sqlite3, a bare ``SELECT 1``, a bare
committed INSERT with the same durability settings.

    python bench/bench_store.py [--runs 50] [--dir DIR]
"""

from __future__ import annotations

import argparse
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from mgreader.core.notes.anchoring import Anchor, locate, make_anchor
from mgreader.core.notes.store import Store

TOTAL = 20_000
ON_ARTICLE = 300
ARTICLES = 400
TEXT_CHARS = 50_000
TARGET = "magnesium/fatigue"
WORDS = (
    "magnesium", "fatigue", "sleep", "muscle", "cramps", "dose", "doctor", "blood", "level", "kidney",
    "tablet", "evening", "morning", "food", "iron", "zinc", "calcium", "vitamin", "nerves", "heart",
    "rhythm", "stress", "absorb", "enzymes", "symptoms", "chronic", "illness", "the", "a", "of", "and",
    "to", "in", "is", "it", "may", "can", "with", "for", "your", "when", "some", "most", "people",
)  # fmt: skip
COLUMNS = (
    "id, article_id, quote, prefix, suffix, start, content_hash, color, note, include_in_sheet, created,"
    " updated"
)


def article_text(rng: random.Random) -> str:
    paragraphs: list[str] = []
    while sum(len(p) + 1 for p in paragraphs) < TEXT_CHARS:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 60)))
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
    return "\n".join(paragraphs)[:TEXT_CHARS]


def random_anchor(rng: random.Random, text: str) -> Anchor:
    start = rng.randrange(0, len(text) - 400)
    return make_anchor(text, start, start + rng.randint(20, 300), "v1")


def fill(path: Path, text: str, rng: random.Random) -> None:
    """Create the store, then add the rows in one transaction: 20,000 fsync'd saves would take minutes."""
    with Store.open(path):
        pass
    rows = []
    for n in range(TOTAL):
        article = (
            TARGET if n % (TOTAL // ON_ARTICLE) == 0 and n // (TOTAL // ON_ARTICLE) < ON_ARTICLE else None
        )
        a = random_anchor(rng, text)
        stamp = f"2024-{1 + n * 12 // TOTAL:02d}-01T00:00:00.{n:06d}Z"
        article_id = article or f"topic-{n % ARTICLES}/article"
        rows.append((
            f"bench-{n:05d}", article_id, a.quote, a.prefix, a.suffix, a.start, a.content_hash, "yellow",
            "a note" if n % 3 == 0 else "", n % 7 == 0, stamp, stamp,
        ))  # fmt: skip
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany(f"INSERT INTO bookmarks ({COLUMNS}) VALUES ({', '.join('?' * 12)})", rows)


def edited(text: str, rng: random.Random) -> str:
    """The article after an update: a paragraph inserted at the top, one word in twenty changed."""
    words = text.split(" ")
    for i in range(0, len(words), 20):
        words[i] = rng.choice(WORDS)
    return "Updated in 2025: a new paragraph at the top of the article.\n" + " ".join(words)


def measure(runs: int, action: Callable[[], object]) -> list[float]:
    action()  # warm up: caches, first page reads
    times = []
    for _ in range(runs):
        began = time.perf_counter_ns()
        action()
        times.append((time.perf_counter_ns() - began) / 1e6)
    return times


def p(times: list[float], percent: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1] if len(times) > 1 else times[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to put the files (default: system temp)"
    )
    args = parser.parse_args()
    rng = random.Random(4)
    text = article_text(rng)
    changed = edited(text, rng)

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "notes.sqlite3"
        fill(path, text, rng)
        baseline_path = Path(folder) / "baseline.sqlite3"
        with (
            Store.open(path) as store,
            closing(sqlite3.connect(path)) as db,
            closing(sqlite3.connect(baseline_path, isolation_level=None)) as plain,
        ):
            plain.execute("PRAGMA journal_mode = WAL")
            plain.execute("PRAGMA synchronous = FULL")
            plain.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, quote TEXT)")
            note = store.add_note("Questions for Dr. K", "")
            counter = iter(range(10**9))

            def open_article(current: str) -> Callable[[], object]:
                def run() -> object:
                    bookmarks = store.bookmarks_for(TARGET)
                    return [locate(b.anchor, current) for b in bookmarks]

                return run

            placed = open_article(text)()
            assert isinstance(placed, list) and len(placed) == ON_ARTICLE and all(placed)
            moved = open_article(changed)()
            assert isinstance(moved, list)
            found = sum(1 for m in moved if m is not None)

            def add_bookmark() -> object:
                n = next(counter)
                return store.add_bookmark(TARGET, make_anchor(text, n % 40_000, n % 40_000 + 30, "v1"))

            def autosave() -> object:
                return store.update_note(note.id, body=f"Ask about the dose ({next(counter)})")

            def insert_plain() -> object:
                plain.execute("BEGIN IMMEDIATE")
                plain.execute("INSERT INTO t (quote) VALUES (?)", ("a passage of about thirty chars",))
                return plain.execute("COMMIT")

            rows_for = f"SELECT {COLUMNS} FROM bookmarks WHERE article_id = ? ORDER BY created DESC"
            rows_all = f"SELECT {COLUMNS} FROM bookmarks ORDER BY created DESC"

            def plain_rows_for() -> object:
                return db.execute(rows_for, (TARGET,)).fetchall()

            def plain_rows_all(limit: int) -> Callable[[], object]:
                return lambda: db.execute(f"{rows_all} LIMIT {limit}").fetchall()

            runs = args.runs
            results = [
                ("open article, 300 highlights", measure(runs, open_article(text)),
                 "plain SELECT of its 300 rows", measure(runs, plain_rows_for), 100),
                ("open edited article (see above)", measure(runs, open_article(changed)),
                 "plain SELECT of its 300 rows", measure(runs, plain_rows_for), None),
                ("all-articles panel, all 20,000", measure(runs, store.all_bookmarks),
                 "plain SELECT of all rows", measure(runs, plain_rows_all(-1)), 100),
                ("all-articles panel, first 500", measure(runs, lambda: store.all_bookmarks(limit=500)),
                 "plain SELECT of 500 rows", measure(runs, plain_rows_all(500)), 100),
                ("add_bookmark, committed", measure(runs, add_bookmark),
                 "plain committed INSERT", measure(runs, insert_plain), 10),
                ("note autosave, committed", measure(runs, autosave),
                 "plain committed INSERT", measure(runs, insert_plain), 10),
                ("SELECT 1 round trip", measure(runs, lambda: db.execute("SELECT 1").fetchone()),
                 "", [], None),
            ]  # fmt: skip

    print(
        f"Mg Reader store benchmark: {TOTAL:,} bookmarks, {ON_ARTICLE} on one article of {len(text):,} chars"
    )
    print(
        f"{args.runs} runs each; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, ",
        end="",
    )
    print(f"{platform.system()} {platform.machine()}; files in {folder}")
    print("edited article: a paragraph inserted at the top and one word in twenty changed, so nearly every")
    print(f"passage needs the approximate search; {found} of {ON_ARTICLE} found again, the rest not found")
    print()
    head = f"{'operation':34} {'p50 ms':>8} {'p95 ms':>8} {'budget':>7}"
    print(f"{head}   {'baseline':30} {'p50 ms':>8} {'ratio':>7}")
    for name, times, base_name, base, budget in results:
        line = f"{name:34} {p(times, 50):8.2f} {p(times, 95):8.2f} {budget or '':>7}"
        if base:
            line += f"   {base_name:30} {p(base, 50):8.2f} {p(times, 50) / p(base, 50):6.1f}x"
        print(line)


if __name__ == "__main__":
    main()
