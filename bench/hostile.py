"""Hostile Markdown benchmark (issue 11): the worst inputs for the renderer and the library scan.

Each input of the generated corpus below (about 80-900 KB, the shapes a red-team pass found slow) is
rendered the way the app renders it (``ArticleLoader.load``, budget included, no cache) and scanned the way
the library scan reads it (``read_ref``). Each time is printed as a ratio against a normal article of the
same size (real library text repeated), measured in the same run. Nothing is cached between rounds.

    python bench/hostile.py [--rounds 3] [--only NAME]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mgreader.core.library.scan import ContentRoot, read_ref  # noqa: E402
from mgreader.core.render.cache import RenderCache  # noqa: E402
from mgreader.core.render.reader import ArticleLoader  # noqa: E402


def corpus() -> dict[str, str]:
    """Name -> article text. Sizes are those of the red-team report where it gave one."""
    return {
        "bracket storm 80 KB": "[" * 40_000 + "]" * 40_000,
        "brackets per line 80 KB": "a [b\n" * 16_000,
        "one heading repeated 180 KB": "## Magnesium\n\n" * 13_000,
        "a 900 KB title": "# " + "word " * 180_000 + "\n\ntext\n",
        "a 900 KB title of brackets": "# " + "[" * 900_000 + "\n",
        "an unbroken 240 KB word": "x" * 240_000,
        "definition lists 200 KB": "term\n: definition\n\n" * 10_000,
        "inline-code pairs 100 KB": "`a` " * 25_000,
        "lines of [x]( 100 KB": "[x](\n" * 20_000,
        "20,000 reference links": "".join(f"[l{i}]\n" for i in range(20_000))
        + "".join(f"[l{i}]: /a{i}\n" for i in range(20_000)),
        "footnotes 200 KB": "".join(f"t[^{i}] " for i in range(10_000))
        + "\n\n"
        + "".join(f"[^{i}]: n\n" for i in range(10_000)),
        "image brackets 100 KB": "![" * 50_000,
        "emphasis storm 200 KB": "*a _b " * 33_000,
        "backticks 200 KB": "`" * 200_000,
        "nested quotes 100 KB": ">" * 100_000 + " a",
        "nested lists 100 KB": "".join("  " * i + "- a\n" for i in range(300)),
        "a table of 5,000 rows": "| a | b |\n|---|---|\n" + "| x | y |\n" * 5_000,
        "attribute lists 100 KB": "a {: #x .y }\n" * 8_000,
        "abbreviations 100 KB": "".join(f"*[A{i}]: a{i}\n" for i in range(5_000)) + "A1 " * 5_000,
        "angle autolinks 100 KB": "<http://a" * 12_000,
        "escapes 200 KB": "\\" * 200_000,
        "html entities 200 KB": "&#" * 100_000,
        "a long line of words 500 KB": "word " * 100_000,
    }


def normal_text(size: int) -> str:
    """Library text repeated to ``size`` characters: what an ordinary long article costs."""
    sample = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md")))
    text = sample
    while len(text) < size:
        text += "\n\n" + sample
    return text[:size]


def _time(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        root = ContentRoot(base / "articles")
        root.path.mkdir()
        loader = ArticleLoader.create(REPO / "resources", base / "cache")
        # No cache: every round renders again.
        loader.cache = RenderCache(base / "no-cache-dir-is-a-file")
        (base / "no-cache-dir-is-a-file").write_text("")

        def measure(name: str, text: str) -> tuple[float, float, str]:
            path = root.path / "article.md"
            path.write_text(text, encoding="utf-8")
            ref = read_ref(root, path)
            render = _time(lambda: loader.load(ref), args.rounds)
            scan_time = _time(lambda: read_ref(root, path), args.rounds)
            notice = loader.load(ref).body.notice
            return render, scan_time, notice

        print(f"Python {platform.python_version()}, {args.rounds} rounds, median times")
        print(f"{'input':32} {'size':>8} {'render':>9} {'ratio':>7} {'scan':>9} {'ratio':>7}  fallback")
        worst_render = worst_scan = 0.0
        for name, text in corpus().items():
            if args.only and args.only not in name:
                continue
            size = len(text.encode("utf-8"))
            base_render, base_scan, _ = measure("normal", normal_text(size))
            render, scan_time, notice = measure(name, text)
            r_ratio, s_ratio = render / base_render, scan_time / base_scan
            worst_render, worst_scan = max(worst_render, r_ratio), max(worst_scan, s_ratio)
            print(
                f"{name:32} {size // 1000:>6} KB {render * 1000:>7.0f} ms {r_ratio:>6.1f}x "
                f"{scan_time * 1000:>7.1f} ms {s_ratio:>6.1f}x  {'yes' if notice else ''}"
            )
        print(f"worst render ratio {worst_render:.1f}x, worst scan ratio {worst_scan:.1f}x")


if __name__ == "__main__":
    main()
