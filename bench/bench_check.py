"""How long ``mgreader check`` takes over 2,000 articles, against reading the same files (same run).

    .venv/bin/python bench/bench_check.py [DIR]

Without DIR, a generated library of 2,000 articles (bench/gen_library.py) is checked; with DIR, that folder
(for example a corpus of real notes). The baseline reads every file and splits its front matter.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mgreader.core.errors import FrontMatterError
from mgreader.core.library import check, frontmatter


def baseline(folder: Path) -> float:
    start = time.perf_counter()
    for path in check.article_files(folder):
        with contextlib.suppress(FrontMatterError):
            frontmatter.split(path.read_text(encoding="utf-8", errors="replace"))
    return time.perf_counter() - start


def checked(folder: Path) -> tuple[float, str]:
    out = io.StringIO()
    start = time.perf_counter()
    check.run([str(folder)], [], out)
    return time.perf_counter() - start, out.getvalue().splitlines()[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        if len(sys.argv) > 1:
            folder = Path(sys.argv[1])
        else:
            folder = Path(scratch) / "library"
            here = Path(__file__).parent
            subprocess.run([sys.executable, str(here / "gen_library.py"), str(folder)], check=True)
        base = min(baseline(folder) for _ in range(3))
        whole, summary = min(checked(folder) for _ in range(3))
        print(f"{summary}\ncheck: {whole:.2f} s; reading the files: {base:.2f} s; ratio {whole / base:.0f}x")


if __name__ == "__main__":
    main()
