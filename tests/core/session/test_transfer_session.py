"""Restore and import as the UI asks for them: the work in core, each with its change record (no Qt)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mgreader.core.journal.model import Medicine, Symptom
from mgreader.core.notes.anchoring import Anchor
from mgreader.core.notes.backup import BackupManager
from mgreader.core.notes.store import Store, StoreError
from mgreader.core.notes.transfer import MalformedExportError, export_json
from mgreader.core.session import transfer
from mgreader.core.session.changes import NOTHING, Changes

DAY = date(2026, 12, 1)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)  # each backup a minute after the one before
        return self.now


def passage(quote: str) -> Anchor:
    return Anchor(quote, "", "", 0, "h1")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "notes.sqlite3") as opened:
        yield opened


@pytest.fixture
def backups(store: Store, tmp_path: Path) -> BackupManager:
    return BackupManager(store.path, tmp_path / "backups", Clock())


def quotes(store: Store) -> list[str]:
    return [b.quote for b in store.all_bookmarks()]


def test_a_restore_backs_up_the_notes_first_and_replaces_everything(store: Store, backups: BackupManager):
    store.add_bookmark("a", passage("Magnesium is a mineral."))
    first = backups.make_backup()
    assert first is not None
    store.add_bookmark("a", passage("Only a few small studies."))

    done = transfer.restore_backup(store, backups, first)

    assert done.changes == Changes(everything=True)
    restored = done.value
    assert restored.restored and restored.problem == ""
    assert restored.store is not None and restored.store is not store
    with pytest.raises(sqlite3.ProgrammingError):
        store.all_bookmarks()  # the old connection is closed: no view may keep using it
    assert quotes(restored.store) == ["Magnesium is a mineral."]
    assert restored.safety is not None and restored.safety.bookmarks == 2, "the notes before were kept"
    restored.store.close()


def test_a_backup_that_cannot_be_restored_leaves_the_notes_as_they_were(store: Store, backups: BackupManager):
    store.add_bookmark("a", passage("Magnesium is a mineral."))
    first = backups.make_backup()
    assert first is not None
    first.path.write_bytes(b"not a database")

    done = transfer.restore_backup(store, backups, first)

    restored = done.value
    assert not restored.restored
    assert "cannot be restored" in restored.problem
    assert restored.store is not None and quotes(restored.store) == ["Magnesium is a mineral."]
    # A new connection all the same: every view must take it up.
    assert done.changes == Changes(everything=True)
    restored.store.close()


def test_notes_that_cannot_be_opened_again_are_said_to_be_unavailable(store: Store, backups: BackupManager):
    store.add_bookmark("a", passage("Magnesium is a mineral."))
    first = backups.make_backup()
    assert first is not None

    def broken(path: Path) -> Store:
        raise StoreError(f"{path.name} is locked by another program")

    done = transfer.restore_backup(store, backups, first, open_store=broken)

    assert done.value.store is None and not done.value.restored
    assert (
        done.value.unavailable
        == "Bookmarks and notes are not available: notes.sqlite3 is locked by another program"
    )
    assert done.changes == NOTHING  # nothing for a view to re-read: the notes are not there


def laptop_export(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An export holding one record of each kind, and their ids."""
    with Store.open(tmp_path / "laptop.sqlite3") as laptop:
        bookmark = laptop.add_bookmark("health/sleep", passage("Sleep matters."))
        note = laptop.add_note("Ask", "Ask about sleep")
        laptop.journal.save_checkin(DAY, 3, [Symptom("Brain fog", 2)], False, "", DAY)
        medicine = laptop.journal.add_medicine(
            Medicine("", "Magnesium citrate", "tablet", 1, "tablet", 1, 1, "", None, None, 200, None, "", ""),
            DAY,
        )
        visit = laptop.journal.add_visit(DAY, "Dr. K", "Review")
        path = tmp_path / "all.json"
        export_json(laptop, path)
    ids = {"bookmark": bookmark.id, "note": note.id, "medicine": medicine.id, "visit": visit.id}
    return path, ids


def test_an_import_names_every_record_it_wrote_and_nothing_else(store: Store, tmp_path: Path):
    path, ids = laptop_export(tmp_path)
    mine = store.add_note("Mine", "written here")

    done = transfer.import_file(store.path, path)

    assert done.value.added == 5
    assert done.changes == Changes(
        bookmarks=frozenset({ids["bookmark"]}),
        highlights=frozenset({"health/sleep"}),
        notes=frozenset({ids["note"]}),
        checkins=frozenset({DAY.isoformat()}),
        medicines=frozenset({ids["medicine"]}),
        visits=frozenset({ids["visit"]}),
    )
    assert mine.id not in done.changes.notes
    assert store.get_note(ids["note"]).body == "Ask about sleep"  # the window's own connection sees it
    again = transfer.import_file(store.path, path)
    assert again.changes == NOTHING, "importing the same file again changes nothing, and says so"


def test_a_record_kept_newer_here_is_not_named(store: Store, tmp_path: Path):
    path, ids = laptop_export(tmp_path)
    transfer.import_file(store.path, path)
    store.update_note(ids["note"], body="edited here, later")
    visit = store.journal.visits()[0]
    store.journal.update_visit(replace(visit, title="Review, corrected"))

    done = transfer.import_file(store.path, path)

    assert done.value.skipped_older == 1
    assert done.changes == NOTHING
    assert store.get_note(ids["note"]).body == "edited here, later"


def test_a_large_import_changes_everything(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Past NAMED_AT_MOST records the search index re-reads them in its thread, not one by one."""
    path, _ids = laptop_export(tmp_path)
    monkeypatch.setattr(transfer, "NAMED_AT_MOST", 4)
    assert transfer.import_file(store.path, path).changes == Changes(everything=True)


def test_a_refused_import_changes_nothing(store: Store, tmp_path: Path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "mgreader-export", "version": 1, "notes": [{"id": "x"}]}', "utf-8")
    with pytest.raises(MalformedExportError):
        transfer.import_file(store.path, path)
    assert store.notes() == []
