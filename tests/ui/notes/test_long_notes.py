"""A note of megabytes is saved without freezing the window (issue 11: after a 5 MB paste every autosave
froze it for seconds). Its autosaves are written in another thread; "Saved" still comes only after the
commit, and leaving the note or closing the window waits for the write, so the last text typed is kept."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from mgreader.ui.notes import note_editor
from mgreader.ui.notes.bookmark_model import IdRole

from .held_writes import writes_held

PASTE = ("Magnesium and fatigue, day by day. " * 3 + "\n") * 30_000  # about 3 MB


def test_a_long_note_autosaves_off_the_window_thread_and_says_saved_after_the_commit(
    make_window, qtbot, monkeypatch
):
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    editor = panel.editor
    threads, release = writes_held(monkeypatch)
    changes = window.notes.store.change_count
    editor.edit.insertPlainText(PASTE)
    qtbot.waitUntil(lambda: threads == ["mgreader-writer"], timeout=5000)  # the timer fired; the write runs
    assert editor.status.text() == "Saving\u2026"  # not "Saved" before the commit
    assert window.notes.store.get_note(note.id).body == ""
    qtbot.keyClicks(editor.edit, "ok")  # the window answers while the write is held
    release.set()
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=10000)  # then what was typed meanwhile
    assert window.notes.store.get_note(note.id).body == PASTE + "ok"
    assert window.notes.store.get_note(note.id).title == PASTE.splitlines()[0][:80].strip()
    assert set(threads) == {"mgreader-writer"}
    assert window.notes.store.change_count > changes  # the next backup knows the notes changed


def test_closing_waits_for_the_write_and_keeps_the_last_words(make_window, qtbot, monkeypatch):
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    threads, release = writes_held(monkeypatch)
    panel.editor.edit.insertPlainText(PASTE)
    qtbot.waitUntil(lambda: threads == ["mgreader-writer"], timeout=5000)
    panel.editor.edit.insertPlainText("the last words")
    threading.Timer(0.2, release.set).start()  # the write ends while the window is closing
    window.close()
    assert window.notes.store.get_note(note.id).body == PASTE + "the last words"


def test_a_short_note_is_still_written_at_once(make_window, qtbot, monkeypatch):
    window = make_window()
    panel = window.notes.notes_panel
    panel.new_note()
    threads, _release = writes_held(monkeypatch)
    qtbot.keyClicks(panel.editor.edit, "Ask about ferritin")
    qtbot.waitUntil(lambda: panel.editor.status.text() == "Saved", timeout=5000)
    assert threads == ["MainThread"] and len(PASTE) > note_editor.BACKGROUND_CHARS


def test_a_5_mb_note_typed_into_at_both_ends_arrives_whole_in_the_store(make_window, qtbot):
    """The saves copy only what changed out of the editor (issue 11): what is stored is still every word."""
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    editor = panel.editor
    big = ("Magnesium and fatigue, day by day, \u00e9crit \U0001f600.\n") * 100_000  # about 5 MB
    editor.edit.insertPlainText(big)
    assert editor.save()
    editor.edit.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(editor.edit, "Top: ")
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=20000)
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, "the end")
    editor.edit.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Delete)  # the T goes
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=20000)
    stored = window.notes.store.get_note(note.id).body
    assert stored == "op: " + big + "the end" == editor.edit.toPlainText()


def test_a_failed_save_of_a_long_note_is_retried_off_the_window_thread(make_window, qtbot, monkeypatch):
    """A retry comes while the reader works: it is written in the background like any autosave (in the
    window's thread, its splice and write of 5 MB held the window 100-150 ms), and "Saved" comes only once
    it is committed; until then the text is kept as not saved yet."""
    monkeypatch.setattr(note_editor, "RETRY_MS", 100)  # the retry's pause, as the editor is built
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    editor = panel.editor
    threads, release = writes_held(monkeypatch, first_failing=1, one_by_one=True)
    editor.edit.insertPlainText(PASTE)
    qtbot.waitUntil(lambda: threads == ["mgreader-writer"], timeout=5000)
    release.set()  # the autosave fails
    qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved:"), timeout=10000)
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10000)  # the retry, held
    assert threads == ["mgreader-writer"] * 2
    assert editor.status.text().startswith("Not saved:") and editor.has_unsaved()
    assert window.notes.store.get_note(note.id).body == ""
    release.set()
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=10000)
    assert window.notes.store.get_note(note.id).body == PASTE and not editor.has_unsaved()


def typed_into_a_saved_long_note(make_window, monkeypatch):
    """A window whose long note was saved and then typed into, with the next writes held, the first of them
    failing (retried after 100 ms): the window, the writes' threads, their release, and the note."""
    monkeypatch.setattr(note_editor, "RETRY_MS", 100)
    window = make_window()
    editor = window.notes.notes_panel.editor
    first = window.notes.notes_panel.new_note()
    editor.edit.insertPlainText(PASTE)
    assert editor.save()
    threads, release = writes_held(monkeypatch, first_failing=1, one_by_one=True)
    editor.edit.insertPlainText(" first")
    return window, threads, release, first


def test_a_long_note_left_unsaved_is_retried_in_the_background_while_another_is_typed_into(
    make_window, qtbot, monkeypatch
):
    """With a long note parked (its save failed on leaving it), the autosaves of the next long note and the
    parked note's retry all run in the background writer (they were written in the window's thread)."""
    window, threads, release, first = typed_into_a_saved_long_note(make_window, monkeypatch)
    panel = window.notes.notes_panel
    editor = panel.editor
    second = panel.new_note()  # leaving the first note writes it in the background
    release.set()  # and that fails
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10000)  # its retry, held
    assert editor.unsaved_texts() == [PASTE + " first"]
    editor.edit.insertPlainText(PASTE)
    qtbot.keyClicks(editor.edit, " second")  # the window answers while the retry is held

    def written() -> bool:
        release.set()  # each write is let through as it comes
        return not editor.has_unsaved() and editor.status.text() == "Saved"

    qtbot.waitUntil(written, timeout=20000)
    assert set(threads) == {"mgreader-writer"}
    assert window.notes.store.get_note(first.id).body == PASTE + " first"
    assert window.notes.store.get_note(second.id).body == PASTE + " second"


def test_closing_while_a_parked_note_is_retried_keeps_both_notes_whole(make_window, qtbot, monkeypatch):
    """Closing waits for the retry under way, then saves the note typed into since, in the window's thread,
    after it: nothing is left to a write still running as the app ends."""
    window, threads, release, first = typed_into_a_saved_long_note(make_window, monkeypatch)
    panel = window.notes.notes_panel
    editor = panel.editor
    second = panel.new_note()
    editor.edit.insertPlainText(PASTE)
    release.set()  # leaving the first note: its write fails
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=10000)  # its retry, held (the second note's wait)
    qtbot.keyClicks(editor.edit, " second")
    threading.Timer(0.2, release.set).start()  # the retry ends while the window is closing
    assert window.close()
    assert window.notes.store.get_note(first.id).body == PASTE + " first"
    assert window.notes.store.get_note(second.id).body == PASTE + " second"
    assert threads[-1] == "MainThread"  # the last write was closing's own, after the retry


def test_a_long_note_opened_again_while_its_last_save_is_written_shows_and_keeps_that_typing(
    make_window, qtbot
):
    """Its text was read from the notes file before that save was committed: the note came back without
    the words typed last, and the next save wrote over them."""
    window = make_window()
    panel, store = window.notes.notes_panel, window.notes.store
    other = panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "another note")
    note = panel.new_note()
    panel.editor.edit.insertPlainText(PASTE)
    assert panel.editor.save()
    panel.editor.edit.insertPlainText(" typed last")
    for opened in (other, note):  # at once: its last save goes to the background writer, then it is back
        items = [panel.note_list.item(row) for row in range(panel.note_list.count())]
        panel.note_list.setCurrentItem(next(item for item in items if item.data(IdRole) == opened.id))
    qtbot.waitUntil(lambda: not panel.editor.loading, timeout=10000)
    assert panel.editor.edit.toPlainText().endswith(" typed last")
    panel.editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    panel.editor.edit.insertPlainText(" and then")
    window.close()
    assert store.get_note(note.id).body == PASTE + " typed last and then"
