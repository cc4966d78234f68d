"""Find in the article and search the library, as a reader uses them."""

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QListView

from mgreader.core.search.index import DocKind


def wait_for_index(window, qtbot) -> None:
    def ready() -> bool:
        return (
            window.searching.indexer is not None
            and window.searching.indexer.runs >= 1
            and not window.searching.indexer.busy
        )

    qtbot.waitUntil(ready, timeout=10000)


def search(window, qtbot, text: str) -> list:
    window.commands.search_library.trigger()
    panel = window.searching.search_panel
    panel.field.setText(text)
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=3000)
    return panel.model.hits


def test_find_in_article_counts_moves_and_closes(make_window, qtbot):
    window = make_window()
    window.follow_link("02-second.md")
    window.article_view.setFocus()
    qtbot.keyClick(window.article_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.searching.find_bar
    assert bar.isVisible()
    assert bar.field.hasFocus()
    assert bar.objectName() == "findBar"
    qtbot.keyClicks(bar.field, "PARAGRAPH 5")
    assert bar.count.text() == "1 of 11"
    assert len(window.article_view.extraSelections()) == 11
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 11"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 11"
    window.commands.find_next.trigger()
    assert bar.count.text() == "2 of 11"
    selected = window.article_view.textCursor().position()
    assert window.article_view.toPlainText()[selected : selected + 12] == "Paragraph 50"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.article_view.hasFocus()
    assert window.article_view.extraSelections() == []


def test_find_ignores_accents_and_says_when_nothing_matches(make_window, qtbot):
    window = make_window()
    window.commands.find.trigger()
    bar = window.searching.find_bar
    qtbot.keyClicks(bar.field, "anemie gruse")
    assert bar.count.text() == "No matches"
    bar.field.clear()
    qtbot.keyClicks(bar.field, "anemie")
    assert bar.count.text() == "1 of 1"


def test_search_finds_articles_ranked_and_opens_at_the_match(make_window, qtbot):
    window = make_window()
    wait_for_index(window, qtbot)
    hits = search(window, qtbot, "numbers tabl")
    assert window.findChild(QLineEdit, "searchField") is window.searching.search_panel.field
    assert window.findChild(QListView, "searchResults") is window.searching.search_panel.results
    assert hits
    assert hits[0].article_id == "01-first-topic/02-second"
    assert "\x02" in hits[0].snippet
    window.searching.search_panel.results.activated.emit(window.searching.search_panel.model.index(0))
    assert window.article.ref.id == "01-first-topic/02-second"
    cursor = window.article_view.textCursor()
    assert cursor.hasSelection()
    assert "table" in cursor.selectedText().lower()


def test_search_ignores_accents_and_hostile_input(make_window, qtbot):
    window = make_window()
    wait_for_index(window, qtbot)
    assert [h.article_id for h in search(window, qtbot, "ANEMIE")] == ["01-first-topic/01-welcome"]
    for text in ['"unbalanced', "AND OR NOT", "*", '"', "NEAR(", "a:b -c"]:
        search(window, qtbot, text)
        assert "not available" not in window.searching.search_panel.status.text()
    search(window, qtbot, "zzzqqq")
    assert window.searching.search_panel.status.text().startswith("Nothing found for")


def with_a_note(make_window, qtbot):
    """A window, its index built, and a note saved in it: the window and its notes panel."""
    window = make_window()
    wait_for_index(window, qtbot)
    panel = window.notes.notes_panel
    panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "My cardiologist mentioned ferritin")
    panel.editor.save()
    return window, panel


def test_notes_and_bookmarks_are_found(make_window, qtbot):
    window, panel = with_a_note(make_window, qtbot)
    hits = search(window, qtbot, "ferritin")
    assert [(h.kind, h.title) for h in hits] == [(DocKind.NOTE, "My cardiologist mentioned ferritin")]
    window.searching.search_panel.results.activated.emit(window.searching.search_panel.model.index(0))
    assert panel.tabs.currentIndex() == 1
    assert panel.note_list.currentItem().text().startswith("My cardiologist")


def test_an_article_dropped_into_my_articles_is_found_without_restart(make_window, qtbot):
    window = make_window()
    wait_for_index(window, qtbot)
    (window.library_dir / "zebra.md").write_text(
        "# Zebrafish notes\n\nZebrafish sleep too.\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: bool(window.searching.search("zebrafish")), timeout=5000)
    assert window.searching.search("zebrafish")[0].article_id == "mine:zebra"


def test_search_index_survives_restart_and_is_reused(make_window, qtbot, tmp_path: Path):
    window = make_window()
    wait_for_index(window, qtbot)
    window.close()
    again = make_window()
    wait_for_index(again, qtbot)
    report = again.searching.indexer.last_report
    assert report.added == ()
    assert report.updated == ()
    assert report.unchanged == 7  # nothing rendered again
    assert [h.article_id for h in again.searching.search("deeply nested")] == [
        "01-first-topic/03-nested/01-deep"
    ]


def test_a_bookmark_reanchored_by_a_rescan_is_found_by_its_new_words(make_window, qtbot, library_dir):
    # Re-anchoring rewrites a bookmark's quote when its article is edited; search must see the new words
    # (it used to keep the old quote: the rewrite told no one, and the indexer had already read the store).
    window = make_window()
    wait_for_index(window, qtbot)
    start = window.article_view.toPlainText().index("Magnesium is a mineral.")
    window.notes.bookmark_span(start, start + len("Magnesium is a mineral."))
    path = library_dir / "01-first-topic" / "01-welcome.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Magnesium is a mineral.", "Magnesium is a mimeral."), encoding="utf-8")
    window.rescan()
    (bookmark,) = window.notes.store.all_bookmarks()
    assert bookmark.quote == "Magnesium is a mimeral."
    wait_for_index(window, qtbot)
    hits = search(window, qtbot, "mimeral")
    assert (DocKind.BOOKMARK, bookmark.id) in [(h.kind, h.id) for h in hits]


def test_search_says_when_results_may_be_incomplete_until_the_index_is_built(make_window, qtbot, monkeypatch):
    import threading

    from mgreader.ui.search.indexer import Indexer

    go_on = threading.Event()
    monkeypatch.setattr(Indexer, "_pace", lambda self, spent: go_on.wait(10))  # the build is held
    window = make_window()
    qtbot.waitUntil(lambda: window.searching.indexing())
    search(window, qtbot, "magnesium")
    status = window.searching.search_panel.status
    assert status.text().startswith("Still indexing: results may be incomplete.")
    go_on.set()
    qtbot.waitUntil(lambda: not window.searching.indexing(), timeout=10000)
    qtbot.waitUntil(lambda: "Still indexing" not in status.text())
    assert window.searching.search_panel.model.hits  # the finished index found it; the panel said so


def test_a_search_result_opens_with_its_words_marked_and_escape_clears_them(make_window, qtbot):
    window = make_window()
    wait_for_index(window, qtbot)
    search(window, qtbot, "numbers tabl")
    panel = window.searching.search_panel
    panel.results.activated.emit(panel.model.index(0))
    bar = window.searching.find_bar
    assert bar.isVisible() and bar.matches and len(window.article_view.extraSelections()) == len(bar.matches)
    first = window.article_view.extraSelections()[0]
    assert "tabl" in first.cursor.selectedText().lower()
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert window.article_view.extraSelections() == [] and window.article_view.hasFocus()


def test_find_puts_the_current_match_in_the_middle_of_the_view(make_window, qtbot):
    window = make_window()
    window.follow_link("02-second.md")
    window.commands.find.trigger()
    bar = window.searching.find_bar
    qtbot.keyClicks(bar.field, "Paragraph 30")
    view = window.article_view
    middle = view.viewport().height() / 2
    assert abs(view.cursorRect(view.textCursor()).center().y() - middle) < view.viewport().height() / 8


def test_focus_mode_says_how_to_come_back(make_window):
    window = make_window()
    window.commands.focus_mode.trigger()
    assert window.focus_hint.isVisible() and window.focus_hint.text() == "Esc: show everything"
    window.commands.leave_focus_mode.trigger()
    assert not window.focus_hint.isVisible()


def test_the_tree_follows_the_open_article_even_through_a_filter(make_window, qtbot):
    window = make_window()
    with qtbot.waitSignal(window.topic_tree.model().modelReset):
        window.topic_filter.setText("welcome")
    window.open_article("01-first-topic/02-second")  # as from a bookmark or a search result
    assert window.topic_filter.text() == ""  # the filter hid it: cleared, and said
    qtbot.waitUntil(lambda: window.topic_tree.currentIndex().data() == "The second article")
    assert "filter was cleared" in window.message_bar.text()
    window.topic_filter.setText("welcome")
    window.open_article("01-first-topic/01-welcome")
    assert window.topic_filter.text() == "welcome"  # the filter shows it: left alone


def test_a_check_in_is_found_by_library_search_and_opens_its_day(make_window, qtbot):
    """Issue 18: the journal is found like the notes; a hit opens that day's check-in to read or correct."""
    from datetime import date

    from PySide6.QtWidgets import QApplication

    window = make_window()
    wait_for_index(window, qtbot)
    session = window.journal.session()
    done = session.check_in(date.today(), 4, [], False, "dizzy after the shower")
    window.notes.apply(done.changes)
    hits = search(window, qtbot, "dizzy")
    assert [(h.kind, h.id) for h in hits] == [(DocKind.CHECKIN, date.today().isoformat())]
    seen: list[str] = []

    def look_then_close() -> None:  # runs inside the dialog's own event loop (it is modal)
        found = [w for w in QApplication.topLevelWidgets() if w.objectName() == "checkInDialog"]
        found = [w for w in found if w.isVisible()]
        if not found:
            QTimer.singleShot(20, look_then_close)
            return
        seen.append(found[0].note.text())
        found[0].close()

    QTimer.singleShot(0, look_then_close)
    window.searching.open_hit(hits[0])
    qtbot.waitUntil(lambda: seen == ["dizzy after the shower"])


def test_closing_the_window_stops_the_indexer_for_good(make_window, qtbot):
    """A change told as the window closes (the folder watch, a long note's save committed) started the
    worker again: it outlived the window and signalled from a deleted object."""
    window = make_window()
    wait_for_index(window, qtbot)
    indexer = window.searching.indexer
    window.close()
    window.searching.update_index()
    indexer.sync(window.library)
    window.searching.reindex("note", "a-note-saved-as-the-window-closed")
    assert not indexer.busy
    assert indexer._thread is None or not indexer._thread.is_alive()
    assert window.searching._search_index is None  # not opened again


def test_a_deleted_note_leaves_the_index_off_the_window_thread_and_undo_brings_it_back(
    make_window, qtbot, monkeypatch
):
    """The FTS5 delete took about 100 ms of the window's thread, for a note of 1 KB as for 5 MB."""
    import threading

    from mgreader.core.search.index import SearchIndex

    window, panel = with_a_note(make_window, qtbot)
    assert [h.kind for h in search(window, qtbot, "ferritin")] == [DocKind.NOTE]
    threads: list[str] = []
    real = SearchIndex.remove

    def remove(self, *args):
        threads.append(threading.current_thread().name)
        return real(self, *args)

    monkeypatch.setattr(SearchIndex, "remove", remove)
    results = window.searching.search_panel.model
    panel.delete_note_button.click()
    qtbot.waitUntil(lambda: results.hits == [], timeout=5000)  # the search shown is run again
    assert threads == ["mgreader-writer"]
    for _ in range(2):  # brought back once the removal is in, then at once: indexed after it, not before
        window.commands.undo_delete.trigger()
        window.searching.search_panel.run_search()
        assert [h.kind for h in results.hits] == [DocKind.NOTE]
        panel.delete_note_button.click()
    window.close()  # right after: the removal is committed before the index closes
    with SearchIndex(window.searching.search_index_path) as index:
        assert index.search("ferritin") == []


def with_a_long_note(make_window, qtbot):
    """A window whose search index holds a long note (over 100,000 characters: its changes go through the
    background writers), indexed and idle: the window, the notes panel and the indexer."""
    window = make_window()
    wait_for_index(window, qtbot)
    panel = window.notes.notes_panel
    panel.new_note()
    panel.editor.edit.insertPlainText("My cardiologist mentioned ferritin. " + "Fatigue, day by day. " * 6000)
    assert panel.editor.save()
    indexer = window.searching.indexer
    qtbot.waitUntil(lambda: not indexer.busy, timeout=10000)
    return window, panel, indexer


def test_a_long_note_brought_back_while_its_removal_waits_is_still_found(make_window, qtbot, monkeypatch):
    """A long note brought back (Undo) is indexed by the background indexer, which skips what the index
    already holds: had it run before the removal was committed, the removal took the note out for good."""
    import threading

    from mgreader.core.search.index import SearchIndex

    window, panel, indexer = with_a_long_note(make_window, qtbot)
    assert [h.kind for h in search(window, qtbot, "ferritin")] == [DocKind.NOTE]
    release, removed = threading.Event(), threading.Event()
    real = SearchIndex.remove

    def remove(self, *args):
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(30)  # the removal is slow: the indexer held the index, say
        try:
            return real(self, *args)
        finally:
            removed.set()

    monkeypatch.setattr(SearchIndex, "remove", remove)
    panel.delete_note_button.click()
    qtbot.waitUntil(lambda: panel.session.can_undo(), timeout=10000)
    window.commands.undo_delete.trigger()
    qtbot.waitUntil(lambda: not indexer.busy, timeout=10000)  # what it did, it did before the removal
    release.set()
    qtbot.waitUntil(removed.is_set, timeout=10000)

    def indexed() -> list[DocKind]:
        with SearchIndex(window.searching.search_index_path) as index:
            return [h.kind for h in index.search("ferritin")]

    qtbot.waitUntil(lambda: indexed() == [DocKind.NOTE], timeout=10000)
    qtbot.waitUntil(lambda: not indexer.busy, timeout=10000)
    assert indexed() == [DocKind.NOTE]


def test_a_note_deleted_while_the_indexer_puts_it_in_is_not_found(make_window, qtbot, monkeypatch):
    """A long note's last save starts the indexer; it read the notes before the delete was committed and
    put the note back after its removal: search went on listing the deleted note until the next start."""
    import threading

    from mgreader.core.notes.store import Store
    from mgreader.core.search.index import SearchIndex

    window, panel, indexer = with_a_long_note(make_window, qtbot)
    read, removed, go = threading.Event(), threading.Event(), threading.Event()
    real_sync, real_delete, real_remove = SearchIndex.sync_notes, Store.delete_note, SearchIndex.remove

    def sync_notes(self, notes):
        notes = list(notes)  # read from the notes file: the note is still there
        read.set()
        assert go.wait(30)  # and put in once its removal is done
        return real_sync(self, notes)

    def delete_note(self, *args):
        assert read.wait(30)
        return real_delete(self, *args)

    def remove(self, *args):
        try:
            return real_remove(self, *args)
        finally:
            removed.set()

    monkeypatch.setattr(SearchIndex, "sync_notes", sync_notes)
    monkeypatch.setattr(Store, "delete_note", delete_note)
    monkeypatch.setattr(SearchIndex, "remove", remove)
    panel.editor.edit.insertPlainText(" And magnesium.")
    panel.delete_note_button.click()  # its last typing is saved first: the indexer starts
    qtbot.waitUntil(removed.is_set, timeout=10000)
    go.set()
    qtbot.waitUntil(lambda: not window.searching._removals.busy and not indexer.busy, timeout=10000)
    with SearchIndex(window.searching.search_index_path) as index:
        assert index.search("ferritin") == []
