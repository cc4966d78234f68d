"""Shared by the journal's widget and end-to-end tests: a notes file, a session with a fixed day, and filling
in the medicines form as a reader types it."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from mgreader.core.journal import timing
from mgreader.core.notes.store import Store
from mgreader.core.paths import bundled_dir
from mgreader.core.session.journal import JournalSession

TODAY = date(2026, 12, 1)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as s:
        yield s


@pytest.fixture
def session(store: Store) -> JournalSession:
    """Today is fixed; the timing rules are the bundled library's."""
    return JournalSession(store.journal, lambda: TODAY, timing.load(bundled_dir("content")))


def fill_medicine(dialog, name: str, dose: str, unit: str, times: int, mg: str = "", kind: str | None = None):
    """Start a new medicine and type its details (not saved: the caller saves as the test needs)."""
    dialog.new()
    QTest.keyClicks(dialog.name, name)
    QTest.keyClicks(dialog.amount, dose)
    dialog.unit.setCurrentText(unit)
    dialog.times.setValue(times)
    QTest.keyClicks(dialog.magnesium, mg)
    if kind:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
