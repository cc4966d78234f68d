"""Changing the record of a long note (a bookmark's colour, its "For my appointment" box, a question, a
star, deleting it) does not freeze the window: SQLite rewrites the whole row at any change to it, 60-90 ms
for 5 MB, so these go to the background writer, after the note's own typing. Nothing is lost on closing
right after; Undo brings back what was deleted there; a failed write says so and shows what is stored."""

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from mgreader.core.notes.store import Store, StoreWriteError
from mgreader.ui.notes.bookmark_model import IdRole

from .test_bookmarks import highlighted, select
from .test_long_notes import PASTE

WRITES = ("update_bookmark", "delete_bookmark", "update_note", "delete_note")


def writes_seen(monkeypatch, failing: str = "") -> list[tuple[str, str]]:
    """Each write to the notes and its thread; ``failing``: that write fails off the window's thread."""
    seen: list[tuple[str, str]] = []
    for name in WRITES:
        real = getattr(Store, name)

        def write(self, *args, _real=real, _name=name, **kwargs):
            seen.append((_name, threading.current_thread().name))
            if _name == failing and threading.current_thread() is not threading.main_thread():
                raise StoreWriteError("Your notes could not be saved: the disk is full.")
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(Store, name, write)
    return seen


def long_bookmark(make_window, qtbot):
    """A window with a bookmark whose note is long and saved, then typed into (not saved yet)."""
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    editor = window.notes.notes_panel.editor
    editor.edit.insertPlainText(PASTE)
    assert editor.save()
    editor.edit.insertPlainText(" and more")
    return window, window.notes.store.all_bookmarks()[0].id


def long_note(make_window):
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    panel.editor.edit.insertPlainText(PASTE)
    assert panel.editor.save()
    panel.editor.edit.insertPlainText(" and more")
    return window, note.id


def test_a_long_bookmarks_colour_and_flag_are_written_off_the_window_thread_after_its_typing(
    make_window, qtbot, monkeypatch
):
    window, bookmark_id = long_bookmark(make_window, qtbot)
    panel, store = window.notes.notes_panel, window.notes.store
    seen = writes_seen(monkeypatch)
    panel.color.setCurrentIndex(1)
    panel.color.activated.emit(1)
    panel.include.click()
    qtbot.waitUntil(lambda: store.get_bookmark(bookmark_id).include_in_sheet, timeout=10000)
    assert seen == [("update_bookmark", "mgreader-writer")] * 3  # the typing, then the colour, then the flag
    stored = store.get_bookmark(bookmark_id)
    assert (stored.color, stored.note) == ("green", PASTE + " and more")
    qtbot.waitUntil(lambda: panel.model.rows[0].bookmark.color == "green")  # the list follows the commit


def test_closing_right_after_a_long_bookmarks_change_keeps_it_and_the_typing(make_window, qtbot):
    window, bookmark_id = long_bookmark(make_window, qtbot)
    panel, store = window.notes.notes_panel, window.notes.store
    panel.color.setCurrentIndex(2)
    panel.color.activated.emit(2)
    window.close()
    stored = store.get_bookmark(bookmark_id)
    assert (stored.color, stored.note) == ("blue", PASTE + " and more")


def test_a_long_bookmark_deleted_in_the_background_comes_back_whole_with_undo(
    make_window, qtbot, monkeypatch
):
    window, bookmark_id = long_bookmark(make_window, qtbot)
    panel, store = window.notes.notes_panel, window.notes.store
    seen = writes_seen(monkeypatch)
    panel.delete_button.click()
    qtbot.waitUntil(lambda: "Ctrl+Z" in window.message_bar.text(), timeout=10000)
    assert seen == [("update_bookmark", "mgreader-writer"), ("delete_bookmark", "mgreader-writer")]
    assert store.all_bookmarks() == [] and highlighted(window) == [] and panel.model.rowCount() == 0
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get_bookmark(bookmark_id).note == PASTE + " and more"
    assert highlighted(window) == ["Magnesium is a mineral."]


def test_a_failed_change_to_a_long_bookmark_says_so_and_shows_what_is_stored(make_window, qtbot, monkeypatch):
    window, bookmark_id = long_bookmark(make_window, qtbot)
    panel, store = window.notes.notes_panel, window.notes.store
    assert panel.editor.save()
    writes_seen(monkeypatch, failing="update_bookmark")
    panel.color.setCurrentIndex(1)
    panel.color.activated.emit(1)
    qtbot.waitUntil(lambda: panel.editor.status.text().startswith("Not saved:"), timeout=10000)
    assert "disk is full" in panel.editor.status.text()
    assert store.get_bookmark(bookmark_id).color == "yellow"
    assert panel.color.currentText() == "Yellow"  # what is stored, shown again


@pytest.mark.parametrize("box", ["question", "starred"])
def test_a_long_notes_question_and_star_are_written_off_the_window_thread(
    make_window, qtbot, monkeypatch, box
):
    window, note_id = long_note(make_window)
    panel, store = window.notes.notes_panel, window.notes.store
    if box == "starred":
        panel.question.click()
        qtbot.waitUntil(lambda: store.get_note(note_id).is_question, timeout=10000)
        qtbot.waitUntil(lambda: not panel.editor._writer.busy)
    seen = writes_seen(monkeypatch)
    getattr(panel.notes_tab, box).click()
    qtbot.waitUntil(lambda: getattr(store.get_note(note_id), "is_question" if box == "question" else box))
    assert {thread for _write, thread in seen} == {"mgreader-writer"}
    assert store.get_note(note_id).body == PASTE + " and more"
    shown = "Question: to ask" if box == "question" else "\u2605 top question"
    qtbot.waitUntil(lambda: shown in panel.note_list.currentItem().text())  # the list follows the commit


def test_a_long_note_deleted_in_the_background_comes_back_whole_with_undo(make_window, qtbot, monkeypatch):
    window, note_id = long_note(make_window)
    panel, store = window.notes.notes_panel, window.notes.store
    seen = writes_seen(monkeypatch)
    panel.delete_note_button.click()
    qtbot.waitUntil(lambda: "Ctrl+Z" in window.message_bar.text(), timeout=10000)
    assert seen == [("update_note", "mgreader-writer"), ("delete_note", "mgreader-writer")]
    assert store.notes() == [] and panel.note_list.count() == 0
    window.commands.undo_delete.trigger()
    assert [n.body for n in store.notes()] == [PASTE + " and more"]
    assert panel.note_list.currentItem().data(IdRole) == note_id


def test_a_short_notes_changes_are_still_written_at_once(make_window, qtbot, monkeypatch):
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    panel = window.notes.notes_panel
    qtbot.keyClicks(panel.editor.edit, "Ask about this")
    seen = writes_seen(monkeypatch)
    panel.color.activated.emit(1)
    panel.delete_button.click()
    assert window.notes.store.all_bookmarks() == []
    assert {thread for _write, thread in seen} == {"MainThread"}


@pytest.mark.parametrize("record", ["note", "bookmark"])
def test_undo_at_once_after_deleting_a_long_record_brings_it_back(make_window, qtbot, record):
    """Ctrl+Z pressed before the background delete is committed: it still brings back what was deleted
    (it said "nothing deleted to bring back", the note then went, and closing lost it for good)."""
    if record == "note":
        window, _note_id = long_note(make_window)
        window.notes.notes_panel.delete_note_button.click()
    else:
        window, _bookmark_id = long_bookmark(make_window, qtbot)
        window.notes.notes_panel.delete_button.click()
    store = window.notes.store
    window.commands.undo_delete.trigger()
    window.close()
    if record == "note":
        assert [n.body for n in store.notes()] == [PASTE + " and more"]
    else:
        assert [b.note for b in store.all_bookmarks()] == [PASTE + " and more"]


@pytest.mark.parametrize("record", ["note", "bookmark"])
def test_a_failed_delete_of_a_long_record_says_so_once_it_is_shown_again(
    make_window, qtbot, monkeypatch, record
):
    """The reason was written under the editor, then the record's note was opened again over it: the
    reader saw the note come back without a word on why it was not deleted."""
    if record == "note":
        (window, record_id), button = long_note(make_window), "delete_note_button"
    else:
        (window, record_id), button = long_bookmark(make_window, qtbot), "delete_button"
    panel = window.notes.notes_panel
    assert panel.editor.save()
    writes_seen(monkeypatch, failing="delete_" + record)
    getattr(panel, button).click()
    qtbot.waitUntil(lambda: panel.editor.key.endswith(record_id) and not panel.editor.loading, timeout=10000)
    assert panel.editor.edit.toPlainText() == PASTE + " and more"
    assert panel.editor.status.text().startswith("Not deleted:")
    assert "disk is full" in panel.editor.status.text()


def test_a_long_bookmarks_note_opened_again_while_its_last_save_is_written_keeps_that_typing(
    make_window, qtbot
):
    """As a note does (test_long_notes): the text read before that save was committed lacked it."""
    window, bookmark_id = long_bookmark(make_window, qtbot)
    panel, store = window.notes.notes_panel, window.notes.store
    select(window, "Anémie, Grüße, 日本語")
    window.commands.bookmark_passage.trigger()  # leaves the long note: its last save, in the background
    panel.select_bookmark(bookmark_id)  # and back at once
    qtbot.waitUntil(lambda: not panel.editor.loading, timeout=10000)
    assert panel.editor.edit.toPlainText() == PASTE + " and more"
    panel.editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    panel.editor.edit.insertPlainText(" and then")
    window.close()
    assert store.get_bookmark(bookmark_id).note == PASTE + " and more and then"


def test_a_star_clicked_while_making_a_long_note_a_question_fails_is_not_kept(
    make_window, qtbot, monkeypatch
):
    """The star box is there for questions: clicked at once after ticking the question, the star was
    written after the question had failed, and a note that is no question was stored starred (shown not)."""
    from mgreader.core.session.notes import NotesSession

    window, note_id = long_note(make_window)
    panel, store = window.notes.notes_panel, window.notes.store
    assert panel.editor.save()
    real = NotesSession.set_question

    def set_question(self, *args):
        if threading.current_thread() is not threading.main_thread():
            raise StoreWriteError("Your notes could not be saved: the disk is full.")
        return real(self, *args)

    monkeypatch.setattr(NotesSession, "set_question", set_question)
    panel.question.click()
    panel.notes_tab.starred.click()  # before the question's write has failed
    window.close()
    note = store.get_note(note_id)
    assert (note.is_question, note.starred) == (False, False)
    assert not panel.notes_tab.starred.isChecked()
