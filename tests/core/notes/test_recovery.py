"""Starting with a notes file that cannot be used (issue 6): it is moved aside, never changed or deleted, the
newest backup that verifies is restored, and the reader is told what happened."""

import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mgreader.core.notes.anchoring import Anchor
from mgreader.core.notes.backup import BackupError, BackupInfo, BackupManager
from mgreader.core.notes.db import SCHEMA_VERSION
from mgreader.core.notes.recovery import open_or_recover
from mgreader.core.notes.store import Store, StoreReadOnlyError, StoreWriteError

from ..conftest import posix_only, without_root

BACKED_UP = datetime(2026, 11, 24, 21, 15, 3, tzinfo=UTC)
STARTED = datetime(2026, 11, 25, 8, 30, 0, tzinfo=UTC)


@dataclass
class Notes:
    """A reader's notes folder: a notes file, its backups, and what the newest backup holds."""

    store_path: Path
    backup_dir: Path
    backed_up: set[str]  # ids of the records in the newest backup
    newest: BackupInfo

    def recover(self, now: datetime = STARTED):  # type: ignore[no-untyped-def]
        return open_or_recover(self.store_path, self.backup_dir, lambda: now)


def ids(store: Store) -> set[str]:
    return {b.id for b in store.all_bookmarks()} | {n.id for n in store.notes()}


def make_notes(folder: Path) -> Notes:
    store_path, backup_dir = folder / "notes.sqlite3", folder / "backups"
    backups = BackupManager(store_path, backup_dir, lambda: BACKED_UP)
    with Store.open(store_path) as store:
        store.add_note("An older note")
        backups.make_backup()  # an older backup, which recovery must not prefer
        for quote in ("Magnesium helps muscles relax", "Ask your doctor"):
            store.add_bookmark("health/magnesium", Anchor(quote, "", "", 0, "hash"))
        store.add_note("Questions for Dr. K", "Is 300 mg enough?", is_question=True)
        store.add_note("Sleep", "Wake at 3 am")
        newest = backups.make_backup()
        backed_up = ids(store)
        store.add_note("Written after the last backup", "only in the notes file")
    assert newest is not None
    assert newest.path.name == "notes-2026-11-24T21-15-03Z-2.sqlite3"
    return Notes(store_path, backup_dir, backed_up, newest)


@pytest.fixture
def notes(tmp_path: Path) -> Notes:
    return make_notes(tmp_path)


@pytest.fixture
def paris() -> Iterator[None]:
    """The reader is told the time of a backup in local time: make it a known one."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def files(folder: Path) -> dict[str, bytes]:
    """The files of a notes folder; the -shm is an index SQLite rebuilds, so it is left out."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.endswith("-shm")}


# The ways a notes file can be damaged (issue 6, point 4)


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def wal_of_another_database(path: Path) -> None:
    """Another notes file's -wal, not yet written into its file, left beside this one (as when a notes file
    is copied over another while a -wal remains)."""
    other = path.parent / "elsewhere" / "notes.sqlite3"
    with Store.open(other) as store:
        for n in range(150):
            store.add_note(f"someone else's note {n}", "their text " * 30)
    with Store.open(path) as store:  # a notes file of a real size, with pages where theirs are
        for n in range(200):
            store.add_note(f"mine {n}", "my text " * 30)
    with Store.open(other) as store:
        for note in store.notes()[::7]:
            store.update_note(note.id, body="changed " * 30)
        shutil.copy(f"{other}-wal", f"{path}-wal")
    shutil.rmtree(other.parent)


def newer_version(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def someone_elses(path: Path) -> None:
    path.unlink()
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.commit()


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (truncated, "is damaged"),
        (zero_bytes, "was empty"),
        (random_bytes, "is damaged"),
        (wal_of_another_database, "is damaged"),
        (newer_version, "made by a newer version of Mg Reader"),
        (someone_elses, "not a Mg Reader notes file"),
    ],
)
def test_a_damaged_notes_file_is_moved_aside_and_the_newest_backup_restored(
    notes: Notes, damage: Callable[[Path], None], says: str, paris: None
):
    damage(notes.store_path)
    damaged = files(notes.store_path.parent)
    recovered = notes.recover()
    with recovered.store as store:
        assert ids(store) == notes.backed_up
        store.add_note("writing works")  # a normal notes file again
    assert recovered.restored_from == notes.newest
    # The damaged bytes are all still there, byte for byte, under the new name.
    aside = recovered.damaged_copy
    assert aside is not None
    label = "newer-version" if damage is newer_version else "damaged"
    assert aside.name == f"notes.sqlite3.{label}-2026-11-25T08-30-00Z"
    for name, data in damaged.items():
        if name.startswith("notes.sqlite3"):
            assert (aside.parent / name.replace("notes.sqlite3", aside.name)).read_bytes() == data
    # The reader is told what happened, what was restored from when, and where the old file is.
    message = recovered.message
    assert message is not None
    assert says in message
    assert str(aside) in message
    assert "restored from the backup of 24 November 2026 at 22:15" in message
    assert "2 bookmarks, 3 notes" in message
    if damage is newer_version:
        assert "install the newer version" in message
        assert str(notes.store_path) in message


def test_a_healthy_notes_file_opens_quietly_and_is_not_touched(notes: Notes):
    before = files(notes.store_path.parent)
    recovered = notes.recover()
    with recovered.store as store:
        assert len(store.notes()) == 4
    assert (recovered.message, recovered.damaged_copy, recovered.restored_from) == (None, None, None)
    assert files(notes.store_path.parent) == before


def test_without_backups_an_empty_notes_file_is_started_and_the_damaged_one_kept(tmp_path: Path):
    store_path = tmp_path / "notes.sqlite3"
    store_path.write_bytes(b"My notes, typed in a text editor.\n" * 200)
    recovered = open_or_recover(store_path, tmp_path / "backups", lambda: STARTED)
    with recovered.store as store:
        assert ids(store) == set()
    assert recovered.damaged_copy is not None
    assert recovered.damaged_copy.read_bytes() == b"My notes, typed in a text editor.\n" * 200
    assert recovered.message is not None
    assert "no usable backup" in recovered.message
    assert recovered.restored_from is None


def test_an_empty_file_without_backups_is_a_new_notes_file(tmp_path: Path):
    # What Store.open leaves when it is killed before making the schema: nothing is lost, nothing to say.
    store_path = tmp_path / "notes.sqlite3"
    store_path.write_bytes(b"")
    recovered = open_or_recover(store_path, tmp_path / "backups", lambda: STARTED)
    with recovered.store as store:
        store.add_note("first")
    assert (recovered.message, recovered.damaged_copy) == (None, None)
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []


def test_a_missing_notes_file_is_restored_from_the_newest_backup(notes: Notes):
    for name in ("notes.sqlite3", "notes.sqlite3-wal", "notes.sqlite3-shm"):
        (notes.store_path.parent / name).unlink(missing_ok=True)
    recovered = notes.recover()
    with recovered.store as store:
        assert ids(store) == notes.backed_up
    assert recovered.damaged_copy is None
    assert recovered.message is not None
    assert recovered.message.startswith("Your notes file was missing.")


def test_a_wal_left_without_its_file_is_moved_aside(notes: Notes):
    with Store.open(notes.store_path) as store:
        store.add_note("only in the -wal")
        wal = Path(f"{notes.store_path}-wal").read_bytes()
        shutil.copy(f"{notes.store_path}-wal", notes.store_path.parent / "kept-wal")
    notes.store_path.unlink()
    (notes.store_path.parent / "kept-wal").rename(f"{notes.store_path}-wal")
    recovered = notes.recover()
    with recovered.store as store:
        assert ids(store) == notes.backed_up
    assert recovered.damaged_copy is not None
    assert recovered.damaged_copy.name == "notes.sqlite3.damaged-2026-11-25T08-30-00Z-wal"
    assert recovered.damaged_copy.read_bytes() == wal
    assert recovered.message is not None
    assert "-wal" in recovered.message


def test_a_damaged_newest_backup_is_passed_over_for_an_older_one(notes: Notes):
    notes.newest.path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    random_bytes(notes.store_path)
    recovered = notes.recover()
    with recovered.store as store:
        assert [n.title for n in store.notes()] == ["An older note"]
    assert recovered.restored_from is not None
    assert recovered.restored_from.path.name == "notes-2026-11-24T21-15-03Z.sqlite3"
    assert recovered.message is not None
    assert "0 bookmarks, 1 note)" in recovered.message


def test_an_earlier_damaged_copy_is_never_overwritten(notes: Notes):
    random_bytes(notes.store_path)
    first = notes.recover()
    first.store.close()
    assert first.damaged_copy is not None
    kept = first.damaged_copy.read_bytes()
    zero_bytes(notes.store_path)  # damaged again, in the same second
    second = notes.recover()
    second.store.close()
    assert second.damaged_copy is not None
    assert second.damaged_copy.name == "notes.sqlite3.damaged-2026-11-25T08-30-00Z-2"
    assert first.damaged_copy.read_bytes() == kept
    assert second.damaged_copy.read_bytes() == b""


def test_after_a_recovery_the_next_start_is_quiet(notes: Notes):
    truncated(notes.store_path)
    notes.recover().store.close()
    again = notes.recover(STARTED + timedelta(hours=1))
    again.store.close()
    assert (again.message, again.damaged_copy) == (None, None)


def test_a_full_disk_during_the_restore_loses_nothing_and_the_next_start_restores(
    notes: Notes, monkeypatch: pytest.MonkeyPatch
):
    random_bytes(notes.store_path)
    damaged = notes.store_path.read_bytes()

    def disk_full(self: BackupManager, backup: BackupInfo) -> None:
        notes.store_path.write_bytes(b"")  # as a restore that began and was rolled back leaves it
        raise BackupError("The backup could not be restored: the disk is full. Nothing was changed.")

    with monkeypatch.context() as patch:
        patch.setattr(BackupManager, "restore", disk_full)
        with pytest.raises(StoreWriteError, match="the disk is full") as caught:
            notes.recover()
    aside = notes.store_path.with_name("notes.sqlite3.damaged-2026-11-25T08-30-00Z")
    assert str(aside) in str(caught.value)
    assert aside.read_bytes() == damaged
    assert not notes.store_path.exists()
    # Space was made; the next start restores the newest backup.
    recovered = notes.recover(STARTED + timedelta(minutes=10))
    with recovered.store as store:
        assert ids(store) == notes.backed_up
    assert aside.read_bytes() == damaged


@posix_only
def test_a_damaged_file_in_a_read_only_folder_is_left_where_it_is(own_folder: Path):
    with without_root():
        notes = make_notes(own_folder)
        random_bytes(notes.store_path)
        before = files(own_folder)
        own_folder.chmod(0o500)
        with pytest.raises(StoreReadOnlyError, match="is damaged.*may not write in the folder"):
            notes.recover()
        assert files(own_folder) == before
        own_folder.chmod(0o700)
        recovered = notes.recover()
        with recovered.store as store:
            assert ids(store) == notes.backed_up


# Issue 11


def crashed_copy(folder: Path, before: int, in_log: int) -> Path:
    """The notes file and its -wal as a crash leaves them: ``before`` notes in the file, ``in_log`` more
    only in the log (a copy taken while the store is open is what the disk holds after a kill -9)."""
    live = folder / "live" / "notes.sqlite3"
    with Store.open(live) as store:
        for number in range(before):
            store.add_note(f"note {number}", "in the file")
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for number in range(in_log):
            store.add_note(f"logged {number}", "only in the log")
        crashed = folder / "notes.sqlite3"
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{live}{suffix}", f"{crashed}{suffix}")
    return crashed


def test_a_damaged_log_is_kept_aside_with_its_file_and_said(tmp_path: Path):
    store_path = crashed_copy(tmp_path, 13, 10)
    wal = Path(f"{store_path}-wal")
    data = bytearray(wal.read_bytes())
    page_size = int.from_bytes(data[8:12], "big")
    middle = 32 + (len(data) - 32) // (24 + page_size) // 2 * (24 + page_size)
    data[middle + 24 + 100] ^= 0xFF  # one byte in the page of a frame in the middle
    wal.write_bytes(bytes(data))
    as_it_was = (store_path.read_bytes(), wal.read_bytes())

    recovered = open_or_recover(store_path, tmp_path / "backups", lambda: STARTED)
    with recovered.store:
        assert recovered.message is not None and "journal" in recovered.message
        assert "may be missing" in recovered.message
        kept = recovered.damaged_copy
        assert kept is not None and str(kept) in recovered.message
        assert (kept.read_bytes(), Path(f"{kept}-wal").read_bytes()) == as_it_was


def test_a_whole_log_after_a_crash_says_nothing(tmp_path: Path):
    store_path = crashed_copy(tmp_path, 3, 5)
    recovered = open_or_recover(store_path, tmp_path / "backups", lambda: STARTED)
    with recovered.store as store:
        assert recovered.message is None and len(store.notes()) == 8
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []


def test_a_log_cut_short_in_its_last_frame_is_not_damage(tmp_path: Path):
    """What a power cut leaves: the last frame half written. Nothing after it was ever committed."""
    store_path = crashed_copy(tmp_path, 3, 5)
    wal = Path(f"{store_path}-wal")
    wal.write_bytes(wal.read_bytes()[:-100])
    recovered = open_or_recover(store_path, tmp_path / "backups", lambda: STARTED)
    with recovered.store:
        assert recovered.message is None


def test_a_folder_where_the_notes_file_goes_is_moved_aside_and_said(tmp_path: Path):
    notes = make_notes(tmp_path)
    notes.store_path.unlink()
    notes.store_path.mkdir()
    (notes.store_path / "something.txt").write_text("kept", encoding="utf-8")
    recovered = notes.recover()
    with recovered.store as store:
        assert ids(store) == notes.backed_up
        assert "folder" in recovered.message and str(recovered.damaged_copy) in recovered.message
    assert (recovered.damaged_copy / "something.txt").read_text(encoding="utf-8") == "kept"


def test_damaged_notes_with_a_file_for_backups_say_where_the_notes_went(tmp_path: Path):
    notes = make_notes(tmp_path)
    shutil.rmtree(notes.backup_dir)
    notes.backup_dir.write_text("not a folder", encoding="utf-8")
    notes.store_path.write_bytes(b"\x13" * 8192)
    recovered = notes.recover()
    with recovered.store as store:
        assert store.notes() == []
        assert str(recovered.damaged_copy) in recovered.message
        assert f"({notes.backup_dir}) there is a file, not a folder" in recovered.message


def test_a_recovery_cut_short_is_said_at_the_next_start(tmp_path: Path):
    """The file was moved aside, then the app stopped before a new one was made: the next start must not
    open an empty file without a word."""
    notes = make_notes(tmp_path)
    shutil.rmtree(notes.backup_dir)
    aside = notes.store_path.with_name("notes.sqlite3.damaged-2026-11-25T08-30-00Z")
    notes.store_path.rename(aside)
    recovered = notes.recover()
    with recovered.store:
        assert recovered.message is not None and str(aside) in recovered.message
    again = notes.recover()
    again.store.close()
    assert again.message is None  # said once; the new file is used from then on
