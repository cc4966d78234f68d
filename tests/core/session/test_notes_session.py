"""NotesSession: each change to bookmarks and notes returns the record of what it touched (no Qt)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from mgreader.core.notes.anchoring import Anchor, make_anchor
from mgreader.core.notes.store import Store
from mgreader.core.session.changes import Changes
from mgreader.core.session.notes import NotesSession, title_from_text

TEXT = "Magnesium helps muscles relax. Cramps at night are common. Sleep matters too."


def anchor(quote: str) -> Anchor:
    start = TEXT.index(quote)
    return make_anchor(TEXT, start, start + len(quote), "hash-1")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[NotesSession]:
    with Store.open(tmp_path / "notes.sqlite3") as store:
        yield NotesSession(store)


def on(bookmark_id: str, article_id: str = "a") -> Changes:
    return Changes(bookmarks=frozenset({bookmark_id}), highlights=frozenset({article_id}))


def test_bookmark_changes_name_the_bookmark_and_the_article_to_redraw(session: NotesSession):
    added = session.add_bookmark("a", anchor("Cramps at night"))
    assert added.changes == on(added.value.id)
    assert session.update_bookmark(added.value.id, color="green").changes == on(added.value.id)
    assert session.attach(added.value.id, anchor("Sleep matters")).value.quote == "Sleep matters"
    deleted = session.delete_bookmark(added.value.id)
    assert deleted.changes == on(added.value.id)
    assert session.store.all_bookmarks() == []


def test_reanchoring_names_the_bookmarks_for_the_search_index_but_keeps_them_as_old(session: NotesSession):
    bookmark = session.add_bookmark("a", anchor("Cramps at night")).value
    done = session.reanchor({bookmark.id: anchor("Cramps at night are common")})
    assert done.changes == Changes(bookmarks=frozenset({bookmark.id}))
    assert done.changes.touches_records()
    assert done.value[0].quote == "Cramps at night are common"
    assert done.value[0].updated == bookmark.updated


def test_a_notes_first_line_is_its_title_and_an_empty_note_keeps_its_title(session: NotesSession):
    note = session.add_note("Note on Sleep", article_id="a")
    assert note.changes == Changes(notes=frozenset({note.value.id}))
    saved = session.save_note_text(note.value.id, "  Ask about timing\nmorning or evening?")
    assert saved.value.title == "Ask about timing"
    assert saved.changes == Changes(notes=frozenset({note.value.id}))
    assert session.save_note_text(note.value.id, "   ").value.title == "Ask about timing"
    assert title_from_text("x" * 100) == "x" * 80


def test_a_question_state_and_answer_are_saved_and_unticking_keeps_the_answer(session: NotesSession):
    note = session.add_note().value
    asked = session.set_question(note.id, True, "answered", "Take it with food")
    assert (asked.value.is_question, asked.value.question_state) == (True, "answered")
    assert asked.changes == Changes(notes=frozenset({note.id}))
    plain = session.set_question(note.id, False, "answered", "Take it with food").value
    assert (plain.is_question, plain.question_state, plain.answer) == (False, None, "Take it with food")


def test_undo_brings_back_the_last_deleted_first_and_says_what_came_back(session: NotesSession):
    bookmark = session.add_bookmark("a", anchor("Cramps at night")).value
    note = session.add_note("Sleep").value
    session.delete_bookmark(bookmark.id)
    session.delete_note(note.id)
    first = session.undo()
    assert first.value == note
    assert first.changes == Changes(notes=frozenset({note.id}))
    second = session.undo()
    assert second.value == bookmark
    assert second.changes == on(bookmark.id)
    assert not session.can_undo()
    nothing = session.undo()
    assert nothing.value is None
    assert not nothing.changes
