"""Shared fixtures. Every test runs headless and writes only under its own temporary home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Set before any test module imports Qt: the suite never needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Dates follow the reader's locale (core/dates.py, QLocale): the suite expects the English fallback's words
# ("1 December 2026") whatever the machine's language; tests of other locales set theirs.
os.environ["LC_ALL"] = "C.UTF-8"

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture library, so tests may edit it."""
    target = tmp_path / "content"
    shutil.copytree(DATA / "library", target)
    return target


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty MGREADER_HOME: settings, caches and the reader's library go here."""
    path = tmp_path / "home"
    monkeypatch.setenv("MGREADER_HOME", str(path))
    return path
