"""Benchmark of the library search (issue 5) over a generated library of 2,000 articles.

Times what the reader waits for, or what runs behind their back: the first full build of the index (scan,
render every article with core.render.markdown.Renderer through the ArticleLoader, index), a re-sync when
nothing changed, and 200 queries (single words, prefixes as typed, two words, quoted phrases) with p50 and
p95 latency. Baselines are measured in the same run on the same disk: a bare ``SELECT 1`` round trip on the
index file, and a naive ``LIKE '%word%'`` scan over the same texts in a plain table.

Budget (issue 5): p50 < 20 ms and p95 < 50 ms per query.

    python bench/bench_search.py [--articles 2000] [--queries 200] [--dir DIR] [--seed 5]
"""

from __future__ import annotations

import argparse
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from gen_library import OBJECTS, SUBJECTS, TOPICS, generate

from mgreader.core import disclaimer
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ArticleRef, ContentRoot
from mgreader.core.paths import bundled_dir
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search.index import (
    ArticleText,
    BookmarkText,
    NoteText,
    SearchIndex,
    article_text,
    topics_by_article,
)

P50_BUDGET_MS = 20.0
P95_BUDGET_MS = 50.0
# Slow cases, not in the mix: the first letter typed, many words, pasted text, a long word.
WORST = (
    "a", "m", "ma", "a b c d e f g h i j k l m n o p",
    "magnesium fatigue sleep heart kidney muscle stress iron blood salt food dose pacing nerve test study",
    " ".join(["magnesium"] * 500), "x" * 500,
)  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def words_of(texts: list[str]) -> list[str]:
    return sorted({w.lower().strip(".,;:") for t in texts for w in t.split() if len(w) > 3 and w.isalpha()})


def make_queries(rng: random.Random, bodies: list[str], count: int) -> list[tuple[str, str]]:
    """(kind, query) pairs: a quarter each of words, prefixes, two words and phrases from real text."""
    vocabulary = words_of([*SUBJECTS, *OBJECTS, *TOPICS])
    queries: list[tuple[str, str]] = []
    for n in range(count):
        kind = ("word", "prefix", "two words", "phrase")[n % 4]
        if kind == "word":
            queries.append((kind, rng.choice(vocabulary)))
        elif kind == "prefix":
            word = rng.choice(vocabulary)
            queries.append((kind, word[: rng.randint(1, min(5, len(word) - 1))]))
        elif kind == "two words":
            queries.append((kind, f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}"))
        else:
            words = rng.choice(bodies).split()
            start = rng.randrange(max(1, len(words) - 3))
            queries.append((kind, '"' + " ".join(words[start : start + rng.randint(2, 3)]) + '"'))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dir", type=Path, help="work here (kept) instead of a temporary folder")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        run(args.dir or Path(temporary), args.articles, args.queries, args.seed)


def run(work: Path, articles: int, query_count: int, seed: int) -> None:
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.platform()}")
    content, cache, index_path = work / "library", work / "render-cache", work / "search.sqlite3"
    if not content.exists():
        generate(content, articles, seed)
    shutil.rmtree(cache, ignore_errors=True)  # the first build renders every article
    for stale in (index_path, *(index_path.with_name(index_path.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in content.rglob("*.md"))

    start = time.perf_counter()
    lib = library.scan([ContentRoot(content)])
    refs = lib.in_order()
    scan_s = time.perf_counter() - start
    topics = topics_by_article(lib)
    resources = bundled_dir("resources")
    loader = ArticleLoader(
        PageComposer(resources, disclaimer.load(resources)), RenderCache(cache), Renderer()
    )
    spent = [0.0]

    def text_of(ref: ArticleRef) -> ArticleText:
        begun = time.perf_counter()
        text = article_text(ref, topics.get(ref.id, ""), loader.load(ref).body)
        spent[0] += time.perf_counter() - begun
        return text

    print(f"\nLibrary: {len(refs)} articles, {size / 1e6:.1f} MB of Markdown; scan {scan_s:.2f} s")
    with SearchIndex(index_path) as index:
        start = time.perf_counter()
        report = index.sync_articles(refs, text_of)
        build_s = time.perf_counter() - start
        assert len(report.added) == len(refs), report
        print(
            f"First full build: {build_s:.2f} s ({build_s / len(refs) * 1000:.1f} ms/article): rendering and"
            f" text {spent[0]:.2f} s, indexing {build_s - spent[0]:.2f} s;"
            f" index file {index_path.stat().st_size / 1e6:.1f} MB"
        )
        rng = random.Random(seed)
        bookmarks = [
            BookmarkText(f"b{n}", rng.choice(refs).id, f"Quote {n} about magnesium.") for n in range(1000)
        ]
        notes = [NoteText(f"n{n}", f"Questions {n}", "Ask about sleep and cramps.") for n in range(200)]
        records_ms = timed(lambda: (index.sync_bookmarks(bookmarks), index.sync_notes(notes)))
        print(f"1,000 bookmarks + 200 notes indexed in one sync: {records_ms:.0f} ms")
        note_ms = [
            timed(lambda n=n: index.put(NoteText(f"n{n % 5}", "Autosave", f"Edit {n}"))) for n in range(50)
        ]
        print(f"One note saved (put, committed): p50 {statistics.median(note_ms):.2f} ms")

        resync = []
        for _ in range(5):
            start = time.perf_counter()
            again = index.sync_articles(library.scan([ContentRoot(content)]).in_order(), text_of)
            scan_and_sync = time.perf_counter() - start
            start = time.perf_counter()
            index.sync_articles(refs, text_of)
            resync.append((scan_and_sync, time.perf_counter() - start))
            assert again.unchanged == len(refs) and not again.changed, again
        sync_ms, rescan_ms = (statistics.median(r[i] for r in resync) * 1000 for i in (1, 0))
        print(
            f"No-change re-sync of {len(refs)} articles: {sync_ms:.1f} ms"
            f" (with a rescan of the library before it: {rescan_ms:.0f} ms)"
        )

        with closing(sqlite3.connect(index_path)) as raw:
            bodies = [row[0] for row in raw.execute("SELECT body FROM fts LIMIT 500")]
            plain = sqlite3.connect(":memory:")
            with closing(plain):
                plain.execute("CREATE TABLE docs (title TEXT, body TEXT)")
                plain.executemany(
                    "INSERT INTO docs VALUES (?, ?)", raw.execute("SELECT title, body FROM fts")
                )
                queries = make_queries(rng, bodies, query_count)
                for _, query in queries[:20]:  # warm the page cache, as any earlier search would
                    index.search(query)
                results: dict[str, list[float]] = {}
                hits = []
                for kind, query in queries:
                    start = time.perf_counter()
                    found = index.search(query)
                    results.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
                    hits.append(len(found))
                worst = {q: [timed(lambda q=q: index.search(q)) for _ in range(5)] for q in WORST}
                select1 = [timed(lambda: raw.execute("SELECT 1").fetchone()) for _ in range(200)]
                like = [
                    timed(lambda q=q: plain.execute(
                        "SELECT count(*) FROM docs WHERE title LIKE ? OR body LIKE ?", (f"%{q}%", f"%{q}%")
                    ).fetchone())
                    for kind, q in queries[:40] if kind == "word"
                ]  # fmt: skip

    every = [ms for values in results.values() for ms in values]
    p50, p95 = statistics.median(every), percentile(every, 0.95)
    print(
        f"\n{len(every)} queries (limit 50, with snippets); mean {statistics.mean(hits):.0f} hits per query"
    )
    print(f"{'kind':<12}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, values in results.items():
        print(
            f"{kind:<12}{len(values):>5}{statistics.median(values):>10.2f}{percentile(values, 0.95):>10.2f}"
            f"{max(values):>10.2f}"
        )
    print(f"{'all':<12}{len(every):>5}{p50:>10.2f}{p95:>10.2f}{max(every):>10.2f}")
    for query, values in worst.items():
        print(f"{'worst':<12}{statistics.median(values):>15.2f}{'':>10}{max(values):>10.2f}  {query[:50]!r}")
    base, scan = statistics.median(select1), statistics.median(like)
    print(f"\nBaseline SELECT 1 round trip: p50 {base:.3f} ms (search p50 is {p50 / base:.0f}x)")
    print(f"Baseline naive LIKE scan, one word, same texts in memory: p50 {scan:.1f} ms", end="")
    print(f" (search p50 is {p50 / scan:.2f}x)")
    verdict = "within" if p50 < P50_BUDGET_MS and p95 < P95_BUDGET_MS else "OVER"
    print(f"\nBudget p50 < {P50_BUDGET_MS:.0f} ms, p95 < {P95_BUDGET_MS:.0f} ms: {verdict}", end="")
    print(f" (p50 {p50:.2f} ms, p95 {p95:.2f} ms)")
    if verdict == "OVER":
        sys.exit(1)


if __name__ == "__main__":
    main()
