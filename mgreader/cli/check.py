"""``mgreader [--home DIR] [--content DIR] check [DIR ...] [--strict]``: problems in folders of articles.

Without DIR it checks the bundled library (or --content DIR) and the reader's own articles (under --home DIR,
MGREADER_HOME or the usual folder). The checks themselves are mgreader.core.library.check.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from mgreader.core.library import check
from mgreader.core.paths import AppPaths, bundled_dir


def main(argv: Sequence[str]) -> int:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--home")
    options.add_argument("--content", type=Path)
    known, rest = options.parse_known_args(list(argv))
    paths = AppPaths.resolve(known.home)
    return check.run(rest, [known.content or bundled_dir("content"), paths.library_dir], sys.stdout)
