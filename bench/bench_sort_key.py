"""What the reader's order of names (core/sort_key.py: "Day 2" before "Day 10") costs a scan of N articles.

The tree's folders and articles used to sort on a key kept on every reference, ``(order, title.lower())``;
they now sort on ``scan.shown_order``, whose name key is made during the sort and let go after it. This
orders every folder of a generated library both ways, alternating, REPEAT times, and reports the medians
with the relaunch scan (scan cache warm: the fastest scan, where the sort weighs most) measured in the
same run.

    python bench/bench_sort_key.py [--articles 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = 7


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, help="where the generated library is kept between runs")
    options = parser.parse_args()
    from mgreader.core.library.scan import ContentRoot, Topic, scan, shown_order
    from mgreader.core.library.scan_cache import ScanCache

    keep = options.keep or Path(tempfile.mkdtemp(prefix="mgreader-sort-"))
    library = keep / f"gen{options.articles}"
    if not library.exists():
        generator = Path(__file__).with_name("gen_library.py")
        subprocess.run(
            [sys.executable, str(generator), str(library), "--articles", str(options.articles)], check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    roots = [ContentRoot(library, key="mine:", title="My articles")]
    with tempfile.TemporaryDirectory() as cache_dir:
        found = scan(roots, ScanCache.in_dir(Path(cache_dir)))  # the cache filled: relaunches read none

        def relaunch() -> float:
            started = time.perf_counter()
            scan(roots, ScanCache.in_dir(Path(cache_dir)))
            return time.perf_counter() - started

        folders: list[Topic] = []
        pending = list(found.topics)
        while pending:
            topic = pending.pop()
            folders.append(topic)
            pending.extend(topic.topics)

        def ordered(key: object) -> float:
            started = time.perf_counter()
            for folder in folders:
                sorted(folder.articles, key=key)  # type: ignore[arg-type]
                sorted(folder.topics, key=key)  # type: ignore[arg-type]
            return time.perf_counter() - started

        kept, made, scans = [], [], []
        for _ in range(REPEAT):
            kept.append(ordered(lambda item: item.sort_key))  # before: the plain key each reference holds
            made.append(ordered(shown_order))
            scans.append(relaunch())
    before, after, scan_s = statistics.median(kept), statistics.median(made), statistics.median(scans)
    more = after - before
    print(f"{len(found.articles):,} articles in {len(folders)} folders, ordered:")
    ms = {"before": before * 1000, "after": after * 1000, "more": more * 1000, "scan": scan_s * 1000}
    print(f"  the kept key {ms['before']:.1f} ms, the reader's order {ms['after']:.1f} ms", end="")
    print(f" ({after / before:.1f}x)")
    print(f"  {ms['more']:.1f} ms more: {100 * more / scan_s:.1f}% of a relaunch scan ({ms['scan']:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
