"""A note of megabytes is saved without freezing the window (issue 11: after a 5 MB paste every autosave
froze it for seconds). Its autosaves are written in another thread; "Saved" still comes only after the
commit, and leaving the note or closing the window waits for the write, so the last text typed is kept."""

import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from mgreader.ui.notes import note_editor

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
