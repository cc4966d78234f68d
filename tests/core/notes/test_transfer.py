"""Export to JSON and import by merging (issue 6): moving notes between computers without losing or
duplicating any, and refusing files that are not exports."""

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from mgreader.core.notes import transfer
from mgreader.core.notes.anchoring import Anchor
from mgreader.core.notes.store import Store
from mgreader.core.notes.transfer import (
    FORMAT_VERSION,
    MalformedExportError,
    NewerFormatError,
    NotAnExportError,
    TransferError,
    export_json,
    import_json,
)

EXPORTED = datetime(2026, 11, 24, 21, 15, 3, tzinfo=UTC)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "laptop" / "notes.sqlite3") as store:
        yield store


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "desktop" / "notes.sqlite3") as store:
        yield store


def fill(store: Store) -> None:
    """One of everything: bookmarks with anchors and colours, notes on a bookmark, on an article and
    standalone, questions in each state with an answer, text that is not plain ASCII."""
    first = store.add_bookmark(
        "health/magnesium", Anchor("Low magnesium can feel like fatigue", "Ex. ", ", cramps", 120, "h1")
    )
    store.update_bookmark(first.id, color="green", note="every afternoon", include_in_sheet=True)
    second = store.add_bookmark("mine/diary", Anchor("Ask your doctor", "", " before", 0, "h2"), color="pink")
    store.add_note("Cramps", "Started in May — at night 🙂", bookmark_id=first.id)
    store.add_note("On this article", "read again", article_id="health/magnesium")
    store.add_note("Questions for Dr. K, 3 March", "1. Blood test?", is_question=True)
    asked = store.add_note("Is my dose right?", is_question=True)
    store.update_note(asked.id, question_state="answered", answer="Yes, 300 mg with food.")
    store.add_note("", "", bookmark_id=second.id)


def everything(store: Store) -> tuple[list[Any], list[Any]]:
    return sorted(store.all_bookmarks(), key=lambda b: b.id), sorted(store.notes(), key=lambda n: n.id)


def export(store: Store, folder: Path, **kwargs: Any) -> Path:
    path = folder / "export.json"
    export_json(store, path, **kwargs)
    return path


def test_export_writes_a_documented_private_file(laptop: Store, tmp_path: Path):
    fill(laptop)
    path = export(laptop, tmp_path, settings={"zoom": 1.2}, now=EXPORTED)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("mgreader-export", FORMAT_VERSION)
    assert document["exported"] == "2026-11-24T21:15:03.000000Z"
    assert document["settings"] == {"zoom": 1.2}
    assert len(document["bookmarks"]) == 2
    assert len(document["notes"]) == 5
    bookmark = next(b for b in document["bookmarks"] if b["color"] == "green")
    assert bookmark["anchor"] == {
        "quote": "Low magnesium can feel like fatigue",
        "prefix": "Ex. ",
        "suffix": ", cramps",
        "start": 120,
        "content_hash": "h1",
    }
    assert (bookmark["note"], bookmark["include_in_sheet"]) == ("every afternoon", True)
    answered = next(n for n in document["notes"] if n["question_state"] == "answered")
    assert (answered["is_question"], answered["answer"]) == (True, "Yes, 300 mg with food.")
    assert "🙂" in path.read_text(encoding="utf-8")  # readable, not escaped
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["export.json", "laptop"]  # no temporary file left


def test_export_then_import_on_another_computer_gives_the_same_notes(
    laptop: Store, desktop: Store, tmp_path: Path
):
    fill(laptop)
    report = import_json(desktop, export(laptop, tmp_path, settings={"theme": "dark"}))
    assert (report.added, report.updated, report.unchanged, report.skipped_older) == (7, 0, 0, 0)
    assert report.settings == {"theme": "dark"}
    assert everything(desktop) == everything(laptop)  # same ids, fields and timestamps


def test_importing_the_same_file_again_changes_nothing(laptop: Store, desktop: Store, tmp_path: Path):
    fill(laptop)
    path = export(laptop, tmp_path)
    import_json(desktop, path)
    before = everything(desktop)
    report = import_json(desktop, path)
    assert (report.added, report.updated, report.unchanged, report.skipped_older) == (0, 0, 7, 0)
    assert everything(desktop) == before


def test_merge_by_id_the_newer_record_wins_and_nothing_is_deleted(
    laptop: Store, desktop: Store, tmp_path: Path
):
    fill(laptop)
    import_json(desktop, export(laptop, tmp_path))
    on_laptop = laptop.notes(questions=True)[0]
    on_desktop = laptop.notes(standalone=False, article_id="health/magnesium")[0]
    # Each computer changes something; the desktop changes one note later than the laptop does.
    laptop_edit = laptop.update_note(on_laptop.id, body="edited on the laptop")
    stale = laptop.update_note(on_desktop.id, body="edited on the laptop first")
    desktop_edit = desktop.update_note(on_desktop.id, body="edited on the desktop, later")
    new_on_laptop = laptop.add_note("New on the laptop")
    only_on_desktop = desktop.add_note("Only on the desktop")
    assert desktop_edit.updated > stale.updated

    report = import_json(desktop, export(laptop, tmp_path))
    assert (report.added, report.updated, report.skipped_older) == (1, 1, 1)
    assert report.unchanged == 7 - 2
    assert desktop.get_note(on_laptop.id) == laptop_edit
    assert desktop.get_note(on_desktop.id) == desktop_edit  # the desktop's was newer: kept
    assert desktop.get_note(new_on_laptop.id) == new_on_laptop
    assert desktop.get_note(only_on_desktop.id) == only_on_desktop  # nothing deleted
    assert len(desktop.notes()) == len({n.id for n in desktop.notes()}) == 7  # nothing duplicated

    # And back the other way: both computers now hold the same notes.
    import_json(laptop, export(desktop, tmp_path))
    assert everything(laptop) == everything(desktop)


def test_a_note_whose_bookmark_is_nowhere_stays_on_its_article(desktop: Store, laptop: Store, tmp_path: Path):
    fill(laptop)
    path = export(laptop, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    on_bookmark = next(n for n in document["notes"] if n["title"] == "Cramps")
    document["bookmarks"] = [b for b in document["bookmarks"] if b["id"] != on_bookmark["bookmark_id"]]
    path.write_text(json.dumps(document), encoding="utf-8")
    import_json(desktop, path)
    note = desktop.get_note(on_bookmark["id"])
    assert (note.bookmark_id, note.article_id, note.body) == (None, "health/magnesium", on_bookmark["body"])


def test_the_newest_of_two_records_with_one_id_in_a_file_is_taken(
    laptop: Store, desktop: Store, tmp_path: Path
):
    note = laptop.add_note("Sleep", "first")
    newer = laptop.update_note(note.id, body="second")
    path = export(laptop, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    older = dict(document["notes"][0], body="first", updated=note.updated)
    document["notes"] = [document["notes"][0], older]
    path.write_text(json.dumps(document), encoding="utf-8")
    report = import_json(desktop, path)
    assert report.added == 1
    assert desktop.notes() == [newer]


def test_an_export_that_cannot_be_written_says_why(laptop: Store, tmp_path: Path):
    with pytest.raises(TransferError, match="could not be exported to"):
        export_json(laptop, tmp_path / "no such folder" / "export.json")


# Files that are not exports, or not valid ones: refused whole, the notes unchanged.


def write(tmp_path: Path, content: bytes | str | Any) -> Path:
    path = tmp_path / "import.json"
    if isinstance(content, str):
        content = content.encode("utf-8")
    elif not isinstance(content, bytes):
        content = json.dumps(content).encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "not valid JSON"),
        (os.urandom(2000), "not text in UTF-8|not valid JSON"),
        (b"\xff\xfe{}", "not text in UTF-8"),
        ("My notes, typed in a text editor.", "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        ([1, 2, 3], "does not say it is one"),
        ({"bookmarks": [], "notes": []}, "does not say it is one"),
        ({"format": "anki-export", "version": 1}, "does not say it is one"),
        ({"format": "mgreader-export", "version": "1"}, "version is missing"),
        ({"format": "mgreader-export", "version": True}, "version is missing"),
        ('{"format": "mgreader-export", "version": NaN}', "not valid JSON"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(laptop: Store, tmp_path: Path, content: Any, says: str):
    fill(laptop)
    before = everything(laptop)
    with pytest.raises(NotAnExportError, match=says):
        import_json(laptop, write(tmp_path, content))
    assert everything(laptop) == before


def test_a_newer_format_asks_for_an_update(laptop: Store, tmp_path: Path):
    path = write(tmp_path, {"format": "mgreader-export", "version": FORMAT_VERSION + 1, "notes": "anything"})
    with pytest.raises(NewerFormatError, match="newer version of Mg Reader.*update"):
        import_json(laptop, path)


def test_a_huge_file_is_refused_before_it_is_read(
    laptop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(transfer, "MAX_BYTES", 1000)
    with pytest.raises(NotAnExportError, match="larger than"):
        import_json(laptop, write(tmp_path, {"format": "mgreader-export", "version": 1, "x": "y" * 2000}))


def test_malformed_records_are_reported_by_number_and_id_and_nothing_is_imported(
    laptop: Store, desktop: Store, tmp_path: Path
):
    fill(laptop)
    path = export(laptop, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["bookmarks"][1]["anchor"]["start"] = -3
    document["bookmarks"][1]["color"] = "octarine"
    document["notes"][0]["question_state"] = "pondering"
    document["notes"][2]["updated"] = "last Tuesday"
    document["notes"][3]["title"] = "\ud800"  # not encodable text
    del document["notes"][4]["id"]
    document["notes"].append("a note")
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MalformedExportError, match="nothing was imported") as caught:
        import_json(desktop, path)
    problems = caught.value.problems
    assert len(problems) == 6
    second_bookmark = document["bookmarks"][1]["id"]
    assert problems[0] == (
        f"bookmark 2 (id {second_bookmark}): 'start' must be a whole number, 0 or more; "
        "'color' must be one of yellow, green, blue, pink"
    )
    assert problems[1].startswith("note 1 (id ")
    assert "'question_state' must be one of" in problems[1]
    assert problems[2].startswith("note 3 ")
    assert "'updated' must be a time" in problems[2]
    assert "'title' is not valid text" in problems[3]
    assert problems[4] == "note 5: 'id' must be text"
    assert problems[5] == "note 6: not an object"
    assert "- note 5: 'id' must be text" in str(caught.value)
    assert everything(desktop) == ([], [])


def test_records_that_break_the_rules_of_the_notes_are_refused(desktop: Store, tmp_path: Path):
    stamp = "2026-11-24T21:15:03.000000Z"
    note = {
        "id": "n1", "title": "t", "body": "b", "article_id": None, "bookmark_id": None, "is_question": False,
        "question_state": "asked", "answer": "", "created": stamp, "updated": stamp,
    }  # fmt: skip
    bookmark = {
        "id": "b1", "article_id": "a", "anchor": {"quote": "", "prefix": "", "suffix": "", "start": 0,
        "content_hash": "h"}, "color": "yellow", "note": "", "include_in_sheet": 1, "created": stamp,
        "updated": "2026-02-30T00:00:00.000000Z",
    }  # fmt: skip
    path = write(
        tmp_path, {"format": "mgreader-export", "version": 1, "bookmarks": [bookmark], "notes": [note]}
    )
    with pytest.raises(MalformedExportError) as caught:
        import_json(desktop, path)
    assert caught.value.problems == [
        "bookmark 1 (id b1): 'quote' must not be empty; 'include_in_sheet' must be true or false; "
        "'updated' must be a time like 2026-11-24T21:15:03.000000Z",
        "note 1 (id n1): 'question_state' must be set exactly when 'is_question' is true",
    ]


def test_an_old_export_does_not_undo_later_changes(laptop: Store, desktop: Store, tmp_path: Path):
    fill(laptop)
    old_export = export(laptop, tmp_path)
    import_json(desktop, old_export)
    note = desktop.notes()[0]
    edited = desktop.update_note(note.id, body="changed since the export")
    report = import_json(desktop, old_export)
    assert report.skipped_older == 1
    assert desktop.get_note(note.id) == edited
    assert replace(edited, body=note.body, updated=note.updated) == note


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and devices")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_importing_a_fifo_or_a_device_is_refused_at_once(laptop: Store, tmp_path: Path, kind: str):
    """Issue 11: File > Import and `mgreader import` of a FIFO or /dev/zero waited, or read, for ever."""
    import threading

    source = tmp_path / "pipe.json"
    if kind == "fifo":
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            import_json(laptop, source)
        except Exception as error:  # noqa: BLE001
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert outcome, "the import did not answer"
    assert isinstance(outcome[0], NotAnExportError)
    assert "not a file but a " + ("pipe" if kind == "fifo" else "device") in str(outcome[0])
    assert "nothing was imported" in str(outcome[0])


# Issue 11: a record dated 9999-12-31 overwrote a later edit made on this computer, at every re-import.
FAR_FUTURE = "9999-12-31T23:59:59.999999Z"


def future_export(laptop: Store, tmp_path: Path, exported: str | None = None) -> Path:
    path = export(laptop, tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    for record in document["notes"] + document["bookmarks"]:
        record["updated"] = FAR_FUTURE
    if exported is not None:
        document["exported"] = exported
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("exported", [None, FAR_FUTURE, "not a time"], ids=["real", "future", "invalid"])
def test_a_future_date_never_overwrites_a_later_edit_here(
    laptop: Store, desktop: Store, tmp_path: Path, exported: str | None
):
    note = laptop.add_note("Sleep", "from the laptop")
    bookmark = laptop.add_bookmark("health/magnesium", Anchor("Low magnesium", "", "", 0, "h1"))
    laptop.update_bookmark(bookmark.id, note="laptop's note on the passage")
    path = future_export(laptop, tmp_path, exported)
    first = import_json(desktop, path)
    assert first.added == 2 and first.conflict_copies == 0
    assert desktop.get_note(note.id).updated < FAR_FUTURE  # brought back to the import's own time

    mine = desktop.update_note(note.id, body="edited on the desktop, later")
    mine_on_passage = desktop.update_bookmark(bookmark.id, note="desktop's note on the passage")
    again = import_json(desktop, path)
    assert desktop.get_note(note.id) == mine
    assert desktop.get_bookmark(bookmark.id) == mine_on_passage
    copies = {n.title: n for n in desktop.notes() if "imported copy" in n.title}
    assert again.conflict_copies == 2 and "copies beside yours" in again.describe()
    assert copies["Sleep (imported copy)"].body == "from the laptop"
    on_passage = copies["Note on a bookmark (imported copy)"]
    assert (on_passage.body, on_passage.bookmark_id) == ("laptop's note on the passage", bookmark.id)
    assert all(n.updated < FAR_FUTURE for n in desktop.notes())


def test_a_future_date_on_a_record_this_computer_does_not_differ_from_merges_quietly(
    laptop: Store, desktop: Store, tmp_path: Path
):
    fill(laptop)
    import_json(desktop, export(laptop, tmp_path))
    report = import_json(desktop, future_export(laptop, tmp_path))
    assert report.conflict_copies == 0 and len(desktop.notes()) == len(laptop.notes())
