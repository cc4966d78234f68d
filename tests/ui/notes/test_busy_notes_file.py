"""Another program holding the notes file's lock (a database browser, a sync tool): the editor says so, keeps
the text, and saves it once the lock is let go (issue 11: it said "Is Mg Reader open twice?", which the
one-copy lock already rules out, so the reader looked for a second window that was not there)."""

import sqlite3
from contextlib import closing

import pytest

from tests.ui.notes.test_bookmarks import select


@pytest.mark.parametrize("kind", ["note", "bookmark"])
def test_a_save_blocked_by_another_program_says_so_keeps_the_text_and_saves_later(
    make_window, qtbot, kind
):
    window = make_window()
    panel = window.notes.notes_panel
    editor = panel.editor
    if kind == "note":
        note = panel.new_note()
    else:
        select(window, "Magnesium is a mineral.")
        window.commands.bookmark_passage.trigger()
        window.commands.add_note.trigger()
    editor._retry.setInterval(200)  # retried sooner than every 5 s, to keep the test short
    with closing(sqlite3.connect(window.notes.store.path, isolation_level=None)) as other_program:
        other_program.execute("BEGIN IMMEDIATE")  # holds the write lock, as a database browser may
        qtbot.keyClicks(editor.edit, "Ask about ferritin")
        qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"), timeout=5000)
        said = editor.status.text()
        assert "another program is using the notes file" in said
        assert "twice" not in said
        assert "Your text is kept here" in said
        assert editor.edit.toPlainText() == "Ask about ferritin"
        other_program.execute("ROLLBACK")  # it lets go
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=5000)  # retried by itself
    if kind == "note":
        assert window.notes.store.get_note(note.id).body == "Ask about ferritin"
    else:
        (bookmark,) = window.notes.store.all_bookmarks()
        assert bookmark.note == "Ask about ferritin"
