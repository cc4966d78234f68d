"""The developers' tools in tools/: asked for help, they give it and make nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).parents[1] / "tools"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_screenshots_help_prints_help_and_makes_no_folder(tmp_path: Path, flag: str):
    done = subprocess.run(
        [sys.executable, str(TOOLS / "screenshots.py"), flag], cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: tools/screenshots.py")
    assert "xvfb-run" in done.stdout
    assert list(tmp_path.iterdir()) == []  # it used to make a folder named '--help' and start the window
