"""The notes store and its file (issue 4): records, undo, durability, migrations, files it must not harm."""

import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mgreader.core.notes.anchoring import Anchor, make_anchor
from mgreader.core.notes.db import SCHEMA_VERSION, StoreError, StoreReadOnlyError, StoreWriteError
from mgreader.core.notes.store import Bookmark, RecordNotFoundError, Store

from ..conftest import posix_only, without_root

TEXT = (
    "Magnesium helps muscles relax after exercise.\n"
    "Low magnesium can feel like fatigue, cramps or poor sleep.\n"
    "Ask your doctor before taking supplements.\n"
)


def anchor(quote: str, text: str = TEXT) -> Anchor:
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote), "hash-1")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "notes.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    with Store.open(path) as opened:
        yield opened


def raw(path: Path) -> "closing[sqlite3.Connection]":
    """A second connection, as another process would see the file."""
    return closing(sqlite3.connect(path))


def schema(path: Path) -> list[tuple[str, str]]:
    with raw(path) as db:
        return db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()


def is_utc_stamp(value: str) -> bool:
    return value.endswith("Z") and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo == UTC


# Bookmarks


def test_add_bookmark_keeps_the_anchor_with_an_id_and_timestamps(store: Store):
    passage = anchor("Low magnesium can feel like fatigue")
    bookmark = store.add_bookmark("health/magnesium", passage)
    assert uuid.UUID(bookmark.id).version == 4
    assert bookmark.anchor == passage
    assert (bookmark.color, bookmark.note, bookmark.include_in_sheet) == ("yellow", "", False)
    assert is_utc_stamp(bookmark.created)
    assert bookmark.updated == bookmark.created
    assert store.get_bookmark(bookmark.id) == bookmark


def test_each_change_is_committed_before_the_method_returns(store: Store, path: Path):
    bookmark = store.add_bookmark("a", anchor("Magnesium helps"))
    with raw(path) as other:
        assert other.execute("SELECT quote FROM bookmarks").fetchall() == [("Magnesium helps",)]
        note = store.add_note("Questions", "Is 300 mg enough?")
        store.update_note(note.id, body="Is 300 mg enough? And with food?")
        store.update_bookmark(bookmark.id, note="ask about this")
        assert other.execute("SELECT body FROM notes").fetchall() == [("Is 300 mg enough? And with food?",)]
        assert other.execute("SELECT note FROM bookmarks").fetchall() == [("ask about this",)]


def test_records_survive_closing_and_reopening(path: Path):
    with Store.open(path) as store:
        bookmark = store.update_bookmark(
            store.add_bookmark("a", anchor("poor sleep"), color="green").id, note="since March"
        )
        note = store.add_note("On sleep", "Wake at 3 am", bookmark_id=bookmark.id)
    with Store.open(path) as store:
        assert store.all_bookmarks() == [bookmark]
        assert store.notes() == [note]


def test_the_same_passage_bookmarked_twice_is_one_bookmark(store: Store):
    first = store.add_bookmark("a", anchor("Ask your doctor"))
    again = store.add_bookmark("a", anchor("Ask your doctor"), color="pink")
    assert again == first
    assert len(store.bookmarks_for("a")) == 1
    elsewhere = store.add_bookmark("b", anchor("Ask your doctor"))
    longer = store.add_bookmark("a", anchor("Ask your doctor before"))
    assert len({first.id, elsewhere.id, longer.id}) == 3


def test_lists_are_newest_first_and_per_article(store: Store):
    made = [store.add_bookmark(article, anchor(quote)) for article, quote in [
        ("a", "Magnesium"), ("b", "muscles"), ("a", "fatigue"), ("a", "cramps"), ("b", "sleep"),
    ]]  # fmt: skip
    assert [b.quote for b in store.all_bookmarks()] == ["sleep", "cramps", "fatigue", "muscles", "Magnesium"]
    assert [b.quote for b in store.all_bookmarks(limit=2)] == ["sleep", "cramps"]
    assert [b.quote for b in store.all_bookmarks(limit=2, offset=2)] == ["fatigue", "muscles"]
    assert [b.quote for b in store.bookmarks_for("a")] == ["cramps", "fatigue", "Magnesium"]
    assert store.bookmarks_for("nothing here") == []
    assert [b.created for b in made] == sorted({b.created for b in made})  # distinct and increasing


def test_update_bookmark_returns_the_new_record(store: Store):
    bookmark = store.add_bookmark("a", anchor("fatigue"))
    changed = store.update_bookmark(bookmark.id, color="blue", note="every afternoon", include_in_sheet=True)
    assert (changed.color, changed.note, changed.include_in_sheet) == ("blue", "every afternoon", True)
    assert changed.id == bookmark.id
    assert changed.created == bookmark.created
    assert changed.updated > bookmark.updated
    assert store.get_bookmark(bookmark.id) == changed
    # Saving the same values again (an autosave with nothing new) writes nothing.
    assert store.update_bookmark(bookmark.id, note="every afternoon") == changed


def test_update_bookmark_can_reattach_it_to_another_passage(store: Store):
    bookmark = store.add_bookmark("a", anchor("fatigue"))
    edited = TEXT.replace("fatigue", "tiredness")
    moved = store.update_bookmark(bookmark.id, anchor=anchor("tiredness, cramps", edited))
    assert moved.anchor == anchor("tiredness, cramps", edited)
    assert store.bookmarks_for("a") == [moved]


def test_bad_values_and_missing_records(store: Store):
    bookmark = store.add_bookmark("a", anchor("fatigue"))
    with pytest.raises(ValueError, match="colour"):
        store.update_bookmark(bookmark.id, color="octarine")
    with pytest.raises(ValueError, match="colour"):
        store.add_bookmark("a", anchor("cramps"), color="")
    store.delete_bookmark(bookmark.id)
    with pytest.raises(RecordNotFoundError, match="no longer exists"):
        store.update_bookmark(bookmark.id, note="late")
    with pytest.raises(RecordNotFoundError):
        store.update_note("no-such-note", body="x")
    with pytest.raises(RecordNotFoundError):
        store.add_note("on a deleted bookmark", bookmark_id=bookmark.id)


def test_delete_then_undo_restores_the_same_bookmark_and_keeps_its_notes(store: Store):
    bookmark = store.update_bookmark(store.add_bookmark("a", anchor("cramps")).id, note="legs, at night")
    note = store.add_note("Cramps", "Started in May", bookmark_id=bookmark.id)
    deleted = store.delete_bookmark(bookmark.id)
    assert deleted == bookmark
    assert store.all_bookmarks() == []
    # Its note is kept, as a note on the article.
    kept = store.get_note(note.id)
    assert (kept.bookmark_id, kept.article_id, kept.body) == (None, "a", "Started in May")
    assert store.restore_bookmark(deleted) == bookmark
    assert store.all_bookmarks() == [bookmark]
    assert store.get_note(note.id) == kept  # the note stays where deleting put it
    assert store.restore_bookmark(deleted) == bookmark  # a second Undo changes nothing
    assert len(store.all_bookmarks()) == 1


# Notes


def test_notes_on_a_bookmark_an_article_or_standalone(store: Store):
    bookmark = store.add_bookmark("a", anchor("poor sleep"))
    on_bookmark = store.add_note("Sleep", "since March", bookmark_id=bookmark.id)
    on_article = store.add_note("Magnesium article", "read again", article_id="a")
    other_article = store.add_note("", "", article_id="b")
    mine = store.add_note("Questions for Dr. K, 3 March", "1. Blood test?", is_question=True)
    assert on_bookmark.article_id == "a"
    assert store.notes() == [mine, other_article, on_article, on_bookmark]
    assert store.notes(article_id="a") == [on_article, on_bookmark]
    assert store.notes(bookmark_id=bookmark.id) == [on_bookmark]
    assert store.notes(standalone=True) == [mine]
    assert store.notes(questions=True) == [mine]
    assert store.notes(article_id="a", questions=True) == []
    with pytest.raises(ValueError):
        store.notes(standalone=True, article_id="a")
    with pytest.raises(ValueError):
        store.add_note(bookmark_id=bookmark.id, article_id="b")
    for note in (on_bookmark, on_article, other_article, mine):
        assert uuid.UUID(note.id).version == 4
        assert is_utc_stamp(note.created)


def test_question_states(store: Store):
    note = store.add_note("Is my dose right?", is_question=True)
    assert (note.is_question, note.question_state) == (True, "to_ask")
    asked = store.update_note(note.id, question_state="asked")
    answered = store.update_note(note.id, question_state="answered", answer="Yes, 300 mg with food.")
    assert (asked.question_state, answered.question_state) == ("asked", "answered")
    assert answered.answer == "Yes, 300 mg with food."
    # No longer a question: the state goes, the answer text stays.
    plain = store.update_note(note.id, is_question=False)
    assert (plain.is_question, plain.question_state, plain.answer) == (False, None, "Yes, 300 mg with food.")
    again = store.update_note(note.id, is_question=True)
    assert again.question_state == "to_ask"
    # Setting a state makes a note a question.
    other = store.update_note(store.add_note("x").id, question_state="asked")
    assert (other.is_question, other.question_state) == (True, "asked")
    with pytest.raises(ValueError):
        store.update_note(note.id, is_question=False, question_state="asked")
    with pytest.raises(ValueError):
        store.add_note("x", question_state="pondering")  # type: ignore[arg-type]


def test_update_note_keeps_the_exact_text(store: Store):
    note = store.add_note("Questions", "")
    text = "Line one\n\n  - **bold** item\t✓ \u00e9\u0301 🙂\r\nlast line without newline"
    updated = store.update_note(note.id, title="Questions for 3 March", body=text)
    assert updated.body == text
    assert store.get_note(note.id).body == text
    assert updated.updated > note.updated
    assert updated.created == note.created
    assert store.update_note(note.id, body=text) == updated


def test_delete_then_undo_a_note(store: Store):
    bookmark = store.add_bookmark("a", anchor("cramps"))
    note = store.add_note("Cramps", "night", bookmark_id=bookmark.id)
    assert store.delete_note(note.id) == note
    assert store.notes() == []
    assert store.restore_note(note) == note
    assert store.restore_note(note) == note
    assert store.notes() == [note]
    # Undo after its bookmark went too: the note comes back on the article, not lost.
    store.delete_note(note.id)
    store.delete_bookmark(bookmark.id)
    back = store.restore_note(note)
    assert (back.id, back.body, back.article_id, back.bookmark_id) == (note.id, "night", "a", None)


# The file


def test_durability_settings(store: Store, path: Path):
    # synchronous and foreign_keys belong to the connection, so ask the store's own.
    db = store._db
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with raw(path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # stored in the file
        assert other.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


@posix_only
def test_files_are_readable_by_the_user_only(store: Store, path: Path):
    store.add_note("private", "about my health")
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert {f.name: stat.S_IMODE(f.stat().st_mode) for f in files} == {f.name: 0o600 for f in files}


@posix_only
def test_an_existing_file_open_to_others_is_made_private(path: Path):
    with Store.open(path):
        pass
    path.chmod(0o644)
    with Store.open(path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


# Migrations. Each earlier version has a frozen example here, written as that version wrote it, so that a
# change to an old migration cannot pass unnoticed. A new schema version adds its predecessor here.


def _version_0(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")  # what Store.open leaves if it is killed before creating the schema


def _version_1(path: Path) -> None:
    """Bookmarks and notes only (the first release): the journal's tables came with version 2."""
    from mgreader.core.notes import db as notes_db

    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode = WAL")
        for statement in notes_db._MIGRATIONS[0]:
            db.execute(statement)
        db.execute(
            "INSERT INTO notes VALUES ('n1', 'Kept', 'from version 1', NULL, NULL, 0, NULL, '', "
            "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')"
        )
        db.execute("PRAGMA user_version = 1")


def _version_2(path: Path) -> None:
    """Version 1 and the journal's tables; notes without a star (that came with version 3)."""
    from mgreader.core.notes import db as notes_db

    _version_1(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        for statement in notes_db._MIGRATIONS[1]:
            db.execute(statement)
        db.execute(
            "INSERT INTO visits VALUES ('v1', '2026-02-01', 'Dr. K', 'Review', "
            "'2026-02-01T12:00:00.000000Z', '2026-02-01T12:00:00.000000Z')"
        )
        db.execute("PRAGMA user_version = 2")


EARLIER_VERSIONS: dict[int, Callable[[Path], None]] = {0: _version_0, 1: _version_1, 2: _version_2}


def test_every_earlier_version_has_an_example():
    assert sorted(EARLIER_VERSIONS) == list(range(SCHEMA_VERSION))


@pytest.mark.parametrize("version", sorted(EARLIER_VERSIONS))
def test_migrates_from_earlier_version(version: int, tmp_path: Path):
    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    with Store.open(fresh):
        pass
    EARLIER_VERSIONS[version](old)
    with Store.open(old) as store:
        note = store.add_note("after migrating", "works")
        assert store.get_note(note.id) == note
    assert schema(old) == schema(fresh)
    if version > 0:
        with Store.open(old) as store:
            assert "Kept" in [n.title for n in store.notes()]  # nothing of the old file is lost
            assert not any(n.starred for n in store.notes())  # version 3: no question starred yet
            if version >= 2:
                assert [v.title for v in store.journal.visits()] == ["Review"]
        copy = old.with_name(f"{old.name}.before-v{SCHEMA_VERSION}")
        with raw(copy) as db:  # and the file as it was is kept beside it, before any change
            assert db.execute("PRAGMA user_version").fetchone() == (version,)
    with raw(old) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@posix_only
def test_a_missing_file_and_folder_are_created(tmp_path: Path):
    path = tmp_path / "new" / "deeper" / "notes.sqlite3"
    with Store.open(path) as store:
        assert store.notes() == []
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


# Files the store cannot use are refused and left exactly as they were.


def _newer(path: Path) -> None:
    with Store.open(path) as store:
        store.add_note("from the future")
    with raw(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _garbage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"My notes, typed in a text editor.\n" * 200)


def _someone_elses(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with raw(path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")
        db.commit()


@pytest.mark.parametrize(
    ("make", "message"),
    [(_newer, "newer version of Mg Reader"), (_garbage, "damaged"), (_someone_elses, "not a Mg Reader")],
)
def test_unusable_files_are_refused_and_left_alone(path: Path, make: Callable[[Path], None], message: str):
    make(path)
    before = {f.name: f.read_bytes() for f in path.parent.iterdir()}
    with pytest.raises(StoreError, match=message):
        Store.open(path)
    assert {f.name: f.read_bytes() for f in path.parent.iterdir()} == before


def test_a_damaged_file_is_reported_when_read_and_not_changed(path: Path):
    with Store.open(path) as store:
        for n in range(300):
            store.add_note(f"note {n}", "text " * 40)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[2 * page : 6 * page] = b"\xff" * (4 * page)  # pages of the notes table
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"), Store.open(path) as store:
        store.notes()
    assert path.read_bytes() == bytes(data)


def test_a_failed_write_loses_nothing_and_can_be_retried(store: Store):
    note = store.add_note("Questions", "first draft")
    # SQLite reports a full disk when the file may not grow: the same error as a real full disk.
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreWriteError, match="the disk is full") as caught:
        for n in range(200):
            store.add_note(f"more {n}", "x" * 2000)
    assert not isinstance(caught.value, StoreReadOnlyError)
    assert store.get_note(note.id).body == "first draft"
    saved = len(store.notes())
    store._db.execute("PRAGMA max_page_count = 1073741823")
    retried = store.update_note(note.id, body="second draft")
    assert store.get_note(note.id) == retried
    assert len(store.notes()) == saved


@posix_only
def test_read_only_file_can_be_read_but_refuses_changes(own_folder: Path):
    path = own_folder / "notes.sqlite3"
    with without_root():
        with Store.open(path) as store:
            note = store.add_note("Questions", "kept")
            bookmark = store.add_bookmark("a", anchor("fatigue"))
        path.chmod(0o400)
        with Store.open(path) as store:
            assert store.get_note(note.id).body == "kept"
            with pytest.raises(StoreReadOnlyError, match="notes file .* is read-only"):
                store.update_note(note.id, body="changed")
            with pytest.raises(StoreReadOnlyError):
                store.add_note("new")
            with pytest.raises(StoreReadOnlyError):
                store.delete_bookmark(bookmark.id)
            assert store.notes() == [store.get_note(note.id)]
            assert store.get_note(note.id).body == "kept"
        path.chmod(0o600)
        with Store.open(path) as store:
            assert store.get_note(note.id) == note
            assert store.all_bookmarks() == [bookmark]
            assert store.update_note(note.id, body="changed").body == "changed"


@posix_only
def test_read_only_folder_is_reported_and_loses_nothing(own_folder: Path):
    path = own_folder / "notes.sqlite3"
    with without_root():
        with Store.open(path) as store:
            note = store.add_note("Questions", "kept")
        own_folder.chmod(0o500)
        with pytest.raises(StoreReadOnlyError, match="may not write in the folder"):
            Store.open(path)
        with pytest.raises(StoreReadOnlyError, match="may not write in the folder"):
            Store.open(own_folder / "another.sqlite3")
        own_folder.chmod(0o700)
        with Store.open(path) as store:
            assert store.notes() == [note]
    assert sorted(f.name for f in own_folder.iterdir()) == ["notes.sqlite3"]


def test_bookmark_record_is_frozen(store: Store):
    bookmark: Bookmark = store.add_bookmark("a", anchor("fatigue"))
    with pytest.raises(AttributeError):
        bookmark.note = "x"  # type: ignore[misc]


def test_read_only_open_reads_everything_and_refuses_every_change(tmp_path: Path):
    from mgreader.core.notes.store import StoreReadOnlyError

    path = tmp_path / "notes.sqlite3"
    with Store.open(path) as store:
        note = store.add_note("Questions", "kept")
    with Store(path, read_only=True) as store:
        assert store.read_only
        assert store.get_note(note.id).body == "kept"
        with pytest.raises(StoreReadOnlyError):
            store.update_note(note.id, body="changed")
    with Store.open(path) as store:
        assert store.get_note(note.id).body == "kept"


def test_a_question_state_makes_a_new_note_a_question(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        note = store.add_note("Ferritin?", "Ask about ferritin", question_state="asked")
        assert (note.is_question, note.question_state) == (True, "asked")
        assert store.get_note(note.id).question_state == "asked"


def test_recording_where_a_passage_moved_does_not_make_the_bookmark_newer(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        bookmark = store.add_bookmark("a", anchor("fatigue"))
        moved = Anchor("fatigue", "new context ", "", 40, "v2")
        after = store.update_bookmark(bookmark.id, anchor=moved, touch=False)
        assert after.start == 40
        assert after.updated == bookmark.updated
        assert store.get_bookmark(bookmark.id).updated == bookmark.updated


def test_a_save_while_another_program_holds_the_lock_fails_at_once_and_a_retry_succeeds(
    store: Store, path: Path
):
    """Issue 11: an outside writer holding the lock froze the window 5 s on every save. A save may wait only
    SAVE_BUSY_TIMEOUT_MS; it then fails with a message (the editor keeps the text and retries)."""
    from mgreader.core.notes.db import SAVE_BUSY_TIMEOUT_MS

    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] == SAVE_BUSY_TIMEOUT_MS <= 100
    with closing(sqlite3.connect(path, isolation_level=None)) as outside:
        outside.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreWriteError, match="another program is using the notes file") as error:
            store.add_bookmark("a", anchor("Magnesium"))
        assert "twice" not in str(error.value)  # the one-copy lock says it is not: no window to look for
        outside.execute("ROLLBACK")
    assert store.add_bookmark("a", anchor("Magnesium")).quote == "Magnesium"


def test_a_note_saved_again_unchanged_writes_nothing_and_any_change_is_written(store: Store):
    """The stored body is compared in SQLite, not read back (a save of megabytes read them back first)."""
    note = store.add_note("", "Magnesium at night.")
    saved = store.update_note(note.id, body="Magnesium at night. \u00e9 \U0001f600")
    assert store.update_note(note.id, body="Magnesium at night. \u00e9 \U0001f600") == saved  # no new stamp
    assert store.update_note(note.id, title="Night") != saved
    emptied = store.update_note(note.id, body="")
    assert emptied.body == "" == store.get_note(note.id).body and emptied.updated > saved.updated
    assert store.update_note(note.id, body="") == emptied
    assert store.update_note(note.id, starred=True).body == ""
    with pytest.raises(RecordNotFoundError):
        store.update_note("no-such-note", body="x")
