"""Opening a long note never holds the window (issue 11: choosing a 5 MB note held it for 235 ms, in
setPlainText). Its text is put in by a worker; meanwhile the editor is read-only and says "Opening...",
nothing is saved from a part of it, and choosing another note drops the load. These tests hold the worker
until they release it, so that they can act while a load is under way."""

import threading

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from mgreader.core.notes.store import Store, StoreWriteError
from mgreader.ui.look import text_size
from mgreader.ui.notes import note_editor, note_loader
from mgreader.ui.notes.bookmark_model import IdRole
from mgreader.ui.notes.note_loader import NoteLoader

from .held_writes import writes_held

LONG = "Magnesium and fatigue, day by day, written down \u00e9 \U0001f600.\n" * 20_000  # about 1 MB
OTHER = "Ferritin first, then magnesium: what the clinic said.\n" * 10_000  # about 0.5 MB


@pytest.fixture
def held(monkeypatch) -> threading.Event:
    """Loads wait, before their first piece, until the event is set (or they are cancelled)."""
    release = threading.Event()
    real = NoteLoader._fill

    def fill(self, number, text, font, option, home, cancel):
        while not release.wait(0.005) and not cancel.is_set():
            pass
        real(self, number, text, font, option, home, cancel)

    monkeypatch.setattr(NoteLoader, "_fill", fill)
    return release


def notes_window(make_window, *bodies: str):
    window = make_window()
    panel = window.notes.notes_panel
    ids = [window.notes.store.add_note("", body).id for body in bodies]
    panel.refresh_notes(keep=True)
    return window, panel, ids


def choose(panel, note_id: str) -> None:
    rows = [panel.note_list.item(row) for row in range(panel.note_list.count())]
    panel.note_list.setCurrentItem(next(item for item in rows if item.data(IdRole) == note_id))


def test_a_long_note_opens_read_only_then_whole_and_writable(make_window, qtbot, held):
    window, panel, (short, long_) = notes_window(make_window, "A short one.", LONG)
    editor = panel.editor
    choose(panel, short)
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    choose(panel, long_)
    # The window has its thread back at once; the note says it is opening and takes no keys.
    assert editor.loading and editor.edit.isReadOnly()
    assert editor.status.text() == "Opening this note\u2026" == editor.edit.placeholderText()
    assert editor.edit.toPlainText() == ""  # not the short note under the long note's heading
    qtbot.keyClicks(editor.edit, "lost")
    held.set()
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == LONG
    assert not editor.edit.isReadOnly() and editor.status.text() == ""
    assert editor.edit.placeholderText() == note_editor.PLACEHOLDER
    assert editor.edit.textCursor().position() == 0  # as a short note opens: at its start, at the top
    assert editor.edit.verticalScrollBar().value() == 0
    assert not editor.edit.document().isUndoAvailable()  # Ctrl+Z cannot take the loaded text away
    assert editor.edit.document().defaultFont() == editor.edit.font()
    assert window.notes.store.get_note(long_).body == LONG  # nothing was saved while it loaded


def test_typing_right_after_opening_is_kept_and_saved_whole(make_window, qtbot):
    window, panel, (long_,) = notes_window(make_window, LONG)
    editor = panel.editor
    choose(panel, long_)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "Top: ")
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, "the end")
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=20000)
    assert window.notes.store.get_note(long_).body == "Top: " + LONG + "the end" == editor.edit.toPlainText()
    qtbot.keyClick(editor.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=20000)
    assert window.notes.store.get_note(long_).body.startswith("Top: " + LONG)  # undo takes typing only


def test_choosing_another_note_during_a_load_shows_that_note(make_window, qtbot, held):
    window, panel, (short, long_, other) = notes_window(make_window, "A short one.", LONG, OTHER)
    editor = panel.editor
    choose(panel, long_)
    assert editor.loading
    choose(panel, short)  # the load is dropped: this note is shown at once, and can be typed into
    assert not editor.loading and not editor.edit.isReadOnly()
    assert editor.edit.toPlainText() == "A short one."
    qtbot.keyClicks(editor.edit, "!")
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=5000)
    assert window.notes.store.get_note(short).body == "!A short one."  # the caret starts at the top
    choose(panel, long_)
    choose(panel, other)  # a long note left for another long note: only the last one arrives
    held.set()
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == OTHER
    assert editor.key == "note:" + other
    qtbot.keyClicks(editor.edit, "ok")
    assert editor.save()
    assert window.notes.store.get_note(other).body == "ok" + OTHER
    assert window.notes.store.get_note(long_).body == LONG


def test_ctrl_shift_n_on_a_long_bookmark_note_still_opening_puts_the_caret_at_its_end(
    make_window, qtbot, held
):
    window = make_window()
    panel = window.notes.notes_panel
    view = window.article_view
    start = view.toPlainText().index("Magnesium is a mineral.")
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("Magnesium is a mineral."), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    window.commands.bookmark_passage.trigger()
    bookmark_id = panel.current_bookmark_id()
    panel.bookmark_list.setCurrentIndex(QModelIndex())  # the bookmark's (empty) note is closed
    window.notes.store.update_bookmark(bookmark_id, note=LONG)
    panel.select_bookmark(bookmark_id)
    editor = panel.editor
    assert editor.loading
    view.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    held.set()
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == LONG
    assert editor.edit.textCursor().position() == editor.edit.document().characterCount() - 1
    qtbot.waitUntil(lambda: editor.edit.viewport().rect().contains(editor.edit.cursorRect()))
    qtbot.keyClicks(editor.edit, "And ask about zinc.")
    assert editor.save()
    assert window.notes.store.get_bookmark(bookmark_id).note == LONG + "And ask about zinc."


def test_closing_the_window_during_a_load_keeps_the_note(make_window, qtbot, held):
    window, panel, (long_,) = notes_window(make_window, LONG)
    choose(panel, long_)
    assert panel.editor.loading
    assert window.close()
    assert window.notes.store.get_note(long_).body == LONG


def test_leaving_a_long_note_just_typed_in_saves_it_without_holding_the_window(
    make_window, qtbot, monkeypatch
):
    """Its last save (0.7 s for 5 MB, in the window's thread) is written in the background."""
    window, panel, (short, long_) = notes_window(make_window, "A short one.", LONG)
    editor = panel.editor
    choose(panel, long_)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    threads, release = writes_held(monkeypatch)
    qtbot.keyClicks(editor.edit, "Top: ")
    choose(panel, short)  # before the autosave: leaving saves it
    assert editor.edit.toPlainText() == "A short one." and not editor.edit.isReadOnly()
    qtbot.keyClicks(editor.edit, "!")  # the window answers while the long note is written
    qtbot.waitUntil(lambda: threads == ["mgreader-writer"], timeout=5000)  # not the window's thread
    assert window.notes.store.get_note(long_).body == LONG
    release.set()
    assert editor.save()  # after the long note's write (one at a time): the short note's own
    assert window.notes.store.get_note(long_).body == "Top: " + LONG
    assert window.notes.store.get_note(short).body == "!A short one."
    choose(panel, long_)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == "Top: " + LONG


def test_a_long_note_left_whose_save_fails_is_kept_and_comes_back_unsaved(make_window, qtbot, monkeypatch):
    window, panel, (short, long_) = notes_window(make_window, "A short one.", LONG)
    editor = panel.editor
    choose(panel, long_)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    _threads, release = writes_held(monkeypatch, fail=True)
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, "the end")
    choose(panel, short)
    release.set()
    qtbot.waitUntil(lambda: editor.has_unsaved(), timeout=20000)
    assert "Top" not in window.notes.store.get_note(long_).body
    assert editor.unsaved_texts() == [LONG + "the end"]
    choose(panel, long_)  # comes back as the reader left it, said to be not saved yet
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == LONG + "the end"
    assert editor.status.text() == "Not saved yet: trying again."
    assert editor.save()  # in the window's thread, which writes
    assert window.notes.store.get_note(long_).body == LONG + "the end"


def test_a_note_whose_save_failed_comes_back_with_its_text_when_leaving_saves_it(
    make_window, qtbot, monkeypatch
):
    """The retry made on the way back saves the parked text: the editor shows that text, not the older one
    read from the notes file just before (typing on it would have saved over the words kept)."""
    window, panel, (a, b) = notes_window(make_window, "A", "B")
    editor = panel.editor
    choose(panel, a)
    failures = [StoreWriteError("Your notes could not be saved: the disk is full.")]
    real = Store.update_note

    def flaky(self, *args, **kwargs):
        if failures:
            raise failures.pop()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "update_note", flaky)
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, " typed")
    choose(panel, b)  # leaving A: its save fails, its text is kept aside
    assert editor.unsaved_texts() == ["A typed"]
    choose(panel, a)  # leaving B retries it, and it is written this time
    assert editor.edit.toPlainText() == "A typed"
    qtbot.keyClicks(editor.edit, "!")
    assert editor.save()
    assert window.notes.store.get_note(a).body == "!A typed"


@pytest.mark.parametrize("paragraph", [5_000, 150_000])
def test_a_long_note_is_shown_exactly_as_set_plain_text_shows_it(make_window, qtbot, paragraph):
    """Line ends cut between two pieces, Windows and old Mac line ends, the separators Qt turns into
    newlines, no-break spaces, emoji; a paragraph of 5 KB (the document is built by the worker) or 150 KB
    (most of the note: put in by the editor, as before). Typing then saves exactly what is shown."""
    piece = note_loader.PIECE_CHARS
    start = "ab\n" * (piece // 3) + "a" * (piece % 3 - 1)  # then a \r\n cut between two pieces
    odd = start + "\r\n" + "b\rc\u2028d\u2029e\xa0f \U0001f600 " * 8000 + "g" * paragraph + "\r\n"
    lines = odd.replace("\r\n", "\n").replace("\r", "\n")
    built = note_loader.longest_paragraph([lines]) * note_loader.PARAGRAPH_COST < len(odd)
    assert built == (paragraph == 5_000)
    expected = QPlainTextEdit()
    expected.setPlainText(odd)
    window, panel, (note_id,) = notes_window(make_window, odd)
    editor = panel.editor
    choose(panel, note_id)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert editor.edit.toPlainText() == expected.toPlainText()
    assert editor.edit.document().blockCount() == expected.document().blockCount()
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, "end")
    assert editor.save()
    assert window.notes.store.get_note(note_id).body == expected.toPlainText() + "end"


def test_the_longest_paragraph_is_found_across_pieces():
    pieces = ["ab\ncd", "ef", "gh\u2029i", "\njklmnopq", "rs"]
    assert note_loader.longest_paragraph(pieces) == len("cdefgh") + 4  # "jklmnopqrs" is 10
    assert note_loader.longest_paragraph(["abc", "def"]) == 6
    assert note_loader.longest_paragraph(["\n\n"]) == 0


@pytest.mark.parametrize("body", ["A short one.", LONG])
def test_a_search_hit_on_the_note_being_typed_in_keeps_the_typing(make_window, qtbot, body):
    """Opening the note being edited again read it from the notes file before the last typing was saved,
    and put that older text back (typing on then saved over the words just typed)."""
    window, panel, (note_id,) = notes_window(make_window, body)
    editor = panel.editor
    choose(panel, note_id)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    qtbot.keyClicks(editor.edit, "Typed: ")
    panel.show_note(note_id)  # as a search hit on it does, before the autosave
    assert not editor.loading and editor.edit.toPlainText() == "Typed: " + body
    qtbot.keyClicks(editor.edit, "more ")
    assert editor.save()
    assert window.notes.store.get_note(note_id).body == "Typed: more " + body


PARAGRAPH = "Magnesium and fatigue, day by day, written down without a break. " * 3_200  # 200 KB, one line


class ResizesWithText(QObject):
    """Counts the editor's viewport resizes while it holds ``chars`` or more: each lays that text out again
    (QPlainTextEdit gives the layout its new width, and Qt lays every paragraph out anew)."""

    def __init__(self, edit: QPlainTextEdit, chars: int) -> None:
        super().__init__()
        self.edit, self.chars, self.count = edit, chars, 0
        edit.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.edit.document().characterCount() > self.chars:
            self.count += 1
        return False


@pytest.mark.parametrize("body", [PARAGRAPH, PARAGRAPH * 3])
def test_a_note_of_one_long_paragraph_is_laid_out_once_when_opened(make_window, qtbot, body):
    """The scroll bar it needs is shown before its text is in: it appeared after, the editor got narrower,
    and Qt laid the whole paragraph out a second time (a 200 KB paragraph: 40-80 ms more)."""
    window, panel, (short, long_) = notes_window(make_window, "A short one.", body)
    editor = panel.editor
    choose(panel, short)
    assert not editor.edit.verticalScrollBar().isVisible()
    resizes = ResizesWithText(editor.edit, len(PARAGRAPH) // 2)
    choose(panel, long_)  # 600 KB: through the note loader; 200 KB: put in at once
    qtbot.waitUntil(lambda: not editor.loading and editor.edit.verticalScrollBar().isVisible(), timeout=20000)
    assert editor.edit.toPlainText() == body
    assert resizes.count == 0
    assert editor.edit.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    choose(panel, short)
    qtbot.waitUntil(lambda: not editor.edit.verticalScrollBar().isVisible())  # as needed: gone again


def test_a_long_paragraph_is_shown_without_optional_shaping_and_a_short_note_with_it(make_window, qtbot):
    """Qt lays a paragraph out whole at every keystroke in it; skipping the shaping Latin text does not
    need halves that. Short notes keep full shaping; the text size still follows the window's."""
    window, panel, (short, long_) = notes_window(make_window, "A short one.", PARAGRAPH)
    editor = panel.editor
    no_shaping = QFont.StyleStrategy.PreferNoShaping

    def shaped() -> bool:
        return not editor.edit.font().styleStrategy() & no_shaping

    choose(panel, long_)
    qtbot.waitUntil(lambda: not editor.loading, timeout=20000)
    assert not shaped() and editor.edit.document().defaultFont().styleStrategy() & no_shaping
    assert editor.edit.font().pointSizeF() == panel.font().pointSizeF()
    choose(panel, short)
    assert shaped()
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    editor.edit.insertPlainText(PARAGRAPH)  # a paste makes a long paragraph: from now on, no shaping
    assert not shaped()
    try:
        grown = editor.edit.font().pointSizeF() * text_size.scale(3)
        for _ in range(3):
            window.commands.zoom_in.trigger()  # Larger text: the note grows with the rest of the window
        qtbot.waitUntil(lambda: abs(editor.edit.font().pointSizeF() - grown) < 0.01)
        assert abs(panel.note_list.font().pointSizeF() - grown) < 0.01 and not shaped()
    finally:
        text_size.apply(QApplication.instance(), 0)
    assert editor.save()
    assert window.notes.store.get_note(short).body == "A short one." + PARAGRAPH
