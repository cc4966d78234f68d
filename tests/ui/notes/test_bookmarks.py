"""Bookmarks and notes as a reader uses them: bookmark, colour, flag, note, delete and undo, questions."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from mgreader.core.notes.store import StoreWriteError
from mgreader.ui.notes import note_editor
from mgreader.ui.notes.bookmark_model import MissingRole


def select(window, phrase: str) -> tuple[int, int]:
    """Select ``phrase`` in the article as a reader would, and return its span."""
    view = window.article_view
    start = view.toPlainText().index(phrase)
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(phrase), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start, start + len(phrase)


def bookmark_then_remove_the_passage(make_window, library_dir):
    """A window with one bookmark whose passage the article no longer has."""
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    path = library_dir / "01-first-topic" / "01-welcome.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Magnesium is a mineral.[^1]", ""), encoding="utf-8")
    window.rescan()
    return window


def highlighted(window) -> list[str]:
    return window.article_view.highlighted_texts()


def test_ctrl_d_bookmarks_the_selection_once(make_window, qtbot):
    window = make_window()
    window.article_view.setFocus()
    select(window, "Anémie, Grüße, 日本語")
    qtbot.keyClick(window.article_view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert highlighted(window) == ["Anémie, Grüße, 日本語"]
    panel = window.notes.notes_panel
    assert panel.model.rowCount() == 1
    assert "Anémie, Grüße, 日本語" in panel.model.index(0).data()
    window.commands.bookmark_passage.trigger()
    assert panel.model.rowCount() == 1
    assert len(window.notes.store.all_bookmarks()) == 1


def test_without_a_selection_the_paragraph_at_the_cursor_is_bookmarked(make_window):
    window = make_window()
    view = window.article_view
    cursor = view.textCursor()
    cursor.setPosition(view.toPlainText().index("first paragraph") + 3)
    view.setTextCursor(cursor)
    window.commands.bookmark_passage.trigger()
    (bookmark,) = window.notes.store.all_bookmarks()
    assert bookmark.quote.startswith("This is the first paragraph") and bookmark.quote.endswith(
        "ñ are all fine here."
    )


def test_note_on_a_bookmark_saves_while_typing(make_window, qtbot):
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    window.commands.add_note.trigger()
    editor = window.notes.notes_panel.editor
    assert window.focusWidget() is editor.edit  # Add note on a bookmark goes to its note
    qtbot.keyClicks(editor.edit, "Ask about this in March")
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=3000)
    (bookmark,) = window.notes.store.all_bookmarks()
    assert bookmark.note == "Ask about this in March"
    assert "has a note" in window.notes.notes_panel.model.index(0).data()


def test_colour_flag_delete_and_undo(make_window, qtbot):
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    panel = window.notes.notes_panel
    panel.color.activated.emit(1)
    panel.include.click()
    (bookmark,) = window.notes.store.all_bookmarks()
    assert (bookmark.color, bookmark.include_in_sheet) == ("green", True)
    panel.delete_button.click()
    assert window.notes.store.all_bookmarks() == []
    assert highlighted(window) == []
    assert "Ctrl+Z" in window.message_bar.text()
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.store.all_bookmarks() == [bookmark]
    assert highlighted(window) == ["Magnesium is a mineral."]
    assert window.message_bar.text() == "Brought back the bookmark on \u201cMagnesium is a mineral.\u201d."


def test_ctrl_shift_n_says_where_the_typing_goes_with_the_caret_in_view(make_window, qtbot):
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    editor = window.notes.notes_panel.editor.edit
    assert editor.hasFocus()
    assert window.message_bar.text() == "You are typing in the note on \u201cMagnesium is a mineral.\u201d."
    assert editor.viewport().rect().contains(editor.cursorRect())


def test_a_failed_save_keeps_the_text_says_why_and_retries(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(note_editor, "RETRY_MS", 50)  # the retry's pause, as the editor is built
    window = make_window()
    select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    editor = window.notes.notes_panel.editor
    real_update = window.notes.store.update_bookmark
    failures = [StoreWriteError("Your notes could not be saved: the disk is full.")]

    def flaky(*args, **kwargs):
        if failures:
            raise failures.pop()
        return real_update(*args, **kwargs)

    monkeypatch.setattr(window.notes.store, "update_bookmark", flaky)
    qtbot.keyClicks(editor.edit, "Important")
    qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"), timeout=3000)
    assert "disk is full" in editor.status.text()
    assert editor.edit.toPlainText() == "Important"
    qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=3000)
    assert window.notes.store.all_bookmarks()[0].note == "Important"


def test_clicking_a_bookmark_opens_its_article_at_the_passage(make_window, qtbot):
    window = make_window()
    window.follow_link("02-second.md")
    select(window, "Paragraph 55 of the long section.")
    window.commands.bookmark_passage.trigger()
    window.follow_link("01-welcome.md")
    panel = window.notes.notes_panel
    panel.scope.setCurrentIndex(1)
    index = panel.model.index(0)
    with qtbot.waitSignal(window.article_opened):
        panel.bookmark_list.clicked.emit(index)
    assert window.article.ref.id == "01-first-topic/02-second"
    view = window.article_view
    assert view.reading_position() > view.toPlainText().index("Paragraph 40")
    assert "Paragraph 55 of the long section." in highlighted(window)


def test_notes_on_articles_standalone_and_questions(make_window, qtbot):
    window = make_window()
    panel = window.notes.notes_panel
    window.commands.add_note.trigger()
    qtbot.keyClicks(panel.editor.edit, "Questions for Dr K")
    qtbot.keyClick(panel.editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.editor.edit, "Does magnesium interact with my PPI?")
    panel.question.click()
    note = window.notes.store.notes()[0]
    assert note.article_id == "01-first-topic/01-welcome"
    assert (
        note.body == "Questions for Dr K\nDoes magnesium interact with my PPI?"
        and note.title == "Questions for Dr K"
    )
    assert note.is_question
    assert note.question_state == "to_ask"
    panel.question_state.setCurrentIndex(2)
    panel.question_state.activated.emit(2)
    panel.answer.setText("Space them four hours apart.")
    panel.answer.editingFinished.emit()
    note = window.notes.store.get_note(note.id)
    assert (note.question_state, note.answer) == ("answered", "Space them four hours apart.")
    panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "My own standalone note")
    panel.editor.save()
    standalone = window.notes.store.notes(standalone=True)
    assert [n.body for n in standalone] == ["My own standalone note"]
    assert panel.note_list.count() == 2


def test_a_passage_removed_from_the_article_is_kept_and_shown_as_not_found(make_window, library_dir):
    window = bookmark_then_remove_the_passage(make_window, library_dir)
    panel = window.notes.notes_panel
    assert panel.model.rowCount() == 1
    index = panel.model.index(0)
    assert index.data(MissingRole)
    assert index.data().startswith("Passage not found")
    assert "Magnesium is a mineral." in index.data()
    assert highlighted(window) == []


def test_a_lost_passage_can_be_attached_to_new_text(make_window, library_dir):
    window = bookmark_then_remove_the_passage(make_window, library_dir)
    panel = window.notes.notes_panel
    panel.select_bookmark(panel.model.rows[0].bookmark.id)
    assert panel.reattach_button.isVisibleTo(panel)
    select(window, "Only a few small studies looked at this.")
    panel.reattach_button.click()
    assert highlighted(window) == ["Only a few small studies looked at this."]
    assert not panel.model.index(0).data(MissingRole)
    assert not panel.reattach_button.isVisibleTo(panel)


def test_all_articles_list_loads_a_page_at_a_time(make_window):
    from mgreader.core.notes.anchoring import make_anchor
    from mgreader.ui.notes.bookmark_model import PAGE_SIZE

    window = make_window()
    text = "word " * 3000
    for n in range(PAGE_SIZE * 2 + 7):
        window.notes.store.add_bookmark("01-first-topic/02-second", make_anchor(text, n, n + 4, "hash"))
    panel = window.notes.notes_panel
    panel.scope.setCurrentIndex(1)
    assert panel.model.rowCount() == PAGE_SIZE
    while panel.model.canFetchMore():
        panel.model.fetchMore()
    assert panel.model.rowCount() == PAGE_SIZE * 2 + 7
    assert len({row.bookmark.id for row in panel.model.rows}) == PAGE_SIZE * 2 + 7


def test_when_notes_cannot_be_opened_reading_goes_on_and_bookmarking_says_why(
    qtbot, library_dir, tmp_path, prompter
):
    from mgreader.core.paths import AppPaths

    from ..conftest import build_window

    paths = AppPaths.under(tmp_path / "h")
    paths.ensure()
    reason = "Bookmarks and notes are not available: the folder is read-only."
    window = build_window(paths, library_dir, prompter, open_store=lambda: (None, reason))
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    qtbot.waitUntil(lambda: bool(prompter.told), timeout=3000)
    assert prompter.told == [("Mg Reader", reason)]
    assert (
        not window.commands.bookmark_passage.isEnabled()
        and window.commands.bookmark_passage.toolTip() == reason
    )
    window.follow_link("02-second.md")
    assert "A table of numbers" in window.article_view.toPlainText()


def test_a_note_can_be_deleted_and_brought_back(make_window, qtbot):
    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "Keep this for later")
    panel.editor.save()
    panel.delete_note_button.click()
    assert window.notes.store.notes() == []
    assert panel.note_list.count() == 0
    assert "Ctrl+Z" in window.message_bar.text()
    window.commands.undo_delete.trigger()
    assert [n.body for n in window.notes.store.notes()] == ["Keep this for later"]
    assert window.message_bar.text() == "Brought back the note \u201cKeep this for later\u201d."
    assert panel.note_list.currentItem().data(Qt.ItemDataRole.UserRole + 1) == note.id


def test_the_editor_heading_says_what_the_note_belongs_to_not_its_text(make_window, qtbot):
    panel = make_window().notes.notes_panel
    panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "Questions for Dr K")
    panel.editor.save()
    assert panel.editor.heading.text() == "Note (not on an article)"
    assert panel.note_list.currentItem().text().startswith("Questions for Dr K\nNot on an article")


def test_a_passage_found_only_with_low_confidence_asks_to_be_checked(make_window, library_dir):
    """Issue 11: a bookmark is never silently moved onto a lookalike; the reader sees the old and new text."""
    window = make_window()
    passage = "Only a few small studies looked at this."
    select(window, passage)
    window.commands.bookmark_passage.trigger()
    (before,) = window.notes.store.all_bookmarks()
    path = library_dir / "01-first-topic" / "01-welcome.md"
    text = path.read_text(encoding="utf-8")
    # The quote box goes; higher up, in another context, a sentence that looks like it.
    text = text.replace("> **Evidence: limited.** Only a few small studies looked at this.\n", "")
    lookalike = "## Links to follow\n\nSaid before: only a few large studies looked at that.\n"
    path.write_text(text.replace("## Links to follow\n", lookalike), encoding="utf-8")
    window.rescan()
    row = window.notes.notes_panel.model.index(0).data()
    lines = row.splitlines()
    assert lines[0] == "Moved: please check"
    assert lines[1] == f"Was: \u201c{passage}\u201d"
    assert lines[2].startswith("Now: \u201c") and "large studies looked at that" in lines[2]
    (after,) = window.notes.store.all_bookmarks()
    assert after.quote == before.quote == passage  # not moved onto the lookalike by itself


def test_a_question_added_from_elsewhere_is_listed_in_the_notes_tab(make_window):
    # The journal's "Ask about timing" adds a note through the notes session; the panel learns of it from
    # the change record alone (nobody tells it by hand).
    window = make_window()
    panel = window.notes.notes_panel
    window.journal.ask("Ask about timing with iron tablets")
    labels = [panel.note_list.item(row).text() for row in range(panel.note_list.count())]
    assert any(label.startswith("Ask about timing with iron tablets") for label in labels)

def test_every_note_is_in_the_notes_tab_marked_with_what_it_belongs_to(make_window, qtbot):
    window = make_window()
    notes = window.notes
    view = window.article_view
    start = view.toPlainText().index("Magnesium is a mineral.")
    notes.bookmark_span(start, start + len("Magnesium is a mineral."))
    panel = notes.notes_panel
    question = "Does this explain my cramps at night, and should I ask about taking it at bedtime?"
    panel.editor.edit.setPlainText(question)
    panel.editor.save()
    notes.store.add_note("Diary", "Slept badly all week")
    notes.store.add_note("Ferritin", "Ferritin", article_id="01-first-topic/01-welcome")
    panel.refresh_notes()
    rows = [panel.note_list.item(n).text() for n in range(panel.note_list.count())]
    on_passage = next(r for r in rows if r.startswith("Does this explain"))
    assert "bedtime?" in on_passage  # the whole question, not cut mid-sentence
    assert "On a passage in Welcome to the fixture library" in on_passage
    assert any("Not on an article" in r for r in rows)
    assert any(r.startswith("Ferritin\nOn Welcome to the fixture library") for r in rows)
    assert panel.note_list.wordWrap()
    assert panel.note_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    # Chosen in the Notes tab, the bookmark's note opens for editing, saved to the bookmark.
    panel.tabs.setCurrentIndex(1)
    panel.note_list.setCurrentRow(rows.index(on_passage))
    assert panel.editor.heading.text().startswith("Note on a passage in Welcome to the fixture library")
    assert "Does this explain" not in panel.editor.heading.text()
    panel.editor.edit.setPlainText("Ask at the appointment.")
    panel.editor.save()
    assert [b.note for b in notes.store.bookmarks_with_notes()] == ["Ask at the appointment."]
