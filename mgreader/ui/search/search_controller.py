"""Find in the article and search the library, for one window: the find bar, the Search tab, the index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from mgreader.core.errors import MgReaderError

if TYPE_CHECKING:
    from mgreader.core.search.index import DocKind, Hit, SearchIndex
    from mgreader.core.session.changes import Changes
    from mgreader.core.theme import Theme
    from mgreader.ui.app.background_writer import BackgroundWriter
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.reading.find_bar import FindBar
    from mgreader.ui.search.indexer import Indexer
    from mgreader.ui.search.search_panel import SearchPanel
    from mgreader.ui.shell import Shell


# Characters above which a changed note is indexed in the background, not in the window's thread.
LARGE_TEXT = 100_000


class SearchController(QObject):
    """The find bar and the Search tab are built when first used; the index is opened on the first search
    and kept current by an Indexer thread started after the first paint."""

    def __init__(
        self,
        shell: Shell,
        notes: NotesController,
        search_index_path: Path | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.w = shell  # the window, as far as a controller may see it
        self.notes = notes
        self.search_index_path = search_index_path
        self.indexer: Indexer | None = None
        self._find_bar: FindBar | None = None
        self._search_panel: SearchPanel | None = None
        self._search_index: SearchIndex | None = None
        self._removals: BackgroundWriter | None = None  # deleted records taken out of the index
        self._sync_after_removals = False  # a long record changed while a removal was under way
        self._closed = False  # the window closed: the index is not opened nor updated again
        shell.on_changed(self.notes_changed)

    @property
    def find_bar(self) -> FindBar:
        if self._find_bar is None:
            from mgreader.ui.reading.find_bar import FindBar

            self._find_bar = FindBar(self.w.article_view, self.w.theme.find_match, self.w.theme.find_current)
            self.w.place_find_bar(self._find_bar)
            self.w.on_article_opened(lambda _id: self._find_page_changed())
        return self._find_bar

    def _find_page_changed(self) -> None:
        if self._find_bar is not None:
            self._find_bar.page_changed()

    @property
    def search_panel(self) -> SearchPanel:
        if self._search_panel is None:
            from mgreader.ui.search.search_panel import SearchPanel

            self._search_panel = SearchPanel(self.search, self.indexing)
            self._search_panel.hit_activated.connect(self.open_hit)
            self.w.place_search_page(self._search_panel)
        return self._search_panel

    def indexing(self) -> bool:
        """Whether the index is being built or brought up to date (results may miss articles)."""
        return self.indexer is not None and self.indexer.busy

    def open_search(self) -> None:
        panel = self.search_panel
        self.w.show_search_page()
        panel.field.setFocus()
        panel.field.selectAll()

    def _hold_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.hold()

    def search(self, text: str) -> list[Hit]:
        self._hold_indexer()  # the reader is typing: each keystroke searches
        if self._search_index is None:
            if self.search_index_path is None:
                return []
            from mgreader.core.search.index import SearchIndex

            self._search_index = SearchIndex(self.search_index_path)
        return self._search_index.search(text)

    def update_index(self) -> None:
        if self.search_index_path is None or self._closed:
            return
        if self.indexer is None:
            from mgreader.ui.search.indexer import Indexer

            store_path = self.notes.store.path if self.notes.store is not None else None
            self.indexer = Indexer(
                self.search_index_path, self.w.loader.composer, self.w.loader.cache, store_path
            )
            self.indexer.finished.connect(self.index_updated)
            self.indexer.idle.connect(self._index_idle)
            # Opening an article: the index waits until the page is painted and the reader has it.
            self.w.on_article_opened(lambda _id: self._hold_indexer())
        self.indexer.sync(self.w.library)

    def index_updated(self, report: object) -> None:
        if isinstance(report, str):
            self.w.status(report, 10000)
        elif self._search_panel is not None and self._search_panel.field.text().strip():
            self._search_panel.run_search()  # new or changed articles may match what is typed

    def _index_idle(self) -> None:
        """The index is complete: a search that said it might not be is run again, and says no more."""
        from mgreader.ui.search.search_panel import INCOMPLETE

        panel = self._search_panel
        if panel is not None and panel.field.text().strip() and INCOMPLETE in panel.status.text():
            panel.run_search()

    def notes_changed(self, changes: Changes) -> None:
        """Index what a change names: every record it touched, or everything when the notes were replaced."""
        if changes.everything:
            self.update_index()
            return
        for bookmark_id in sorted(changes.bookmarks):
            self.reindex("bookmark", bookmark_id)
        for note_id in sorted(changes.notes):
            self.reindex("note", note_id)
        for day in sorted(changes.checkins):
            self.reindex("checkin", day)

    def reindex(self, kind: str, record_id: str) -> None:
        """A bookmark or note changed: update (or remove) it in the search index. A long text is left to the
        background indexer: indexing a note of megabytes here froze the window for a second at every save."""
        if self.search_index_path is None or self.notes.store is None or self._closed:
            return
        from mgreader.core.notes.store import RecordNotFoundError
        from mgreader.core.search.documents import bookmark_text, note_text
        from mgreader.core.search.index import DocKind, SearchIndex

        try:
            if self._search_index is None:
                self._search_index = SearchIndex(self.search_index_path)
            index = self._search_index
            if kind == "checkin":
                from datetime import date

                from mgreader.core.search.documents import checkin_text

                checkin = self.notes.store.journal.checkin(date.fromisoformat(record_id))
                if checkin is None:
                    self._remove(DocKind.CHECKIN, record_id)
                else:
                    self._after_removals()
                    index.put(checkin_text(checkin))
            elif kind == "bookmark":
                try:
                    b = self.notes.store.get_bookmark(record_id)
                except RecordNotFoundError:
                    self._remove(DocKind.BOOKMARK, record_id)
                    return
                if len(b.note) > LARGE_TEXT:
                    self._update_after_removals()
                    return
                self._after_removals()
                index.put(bookmark_text(b))
            else:
                try:
                    text = note_text(self.notes.store.get_note(record_id))
                except RecordNotFoundError:
                    text = None
                if text is None:  # deleted, or a note on a bookmark (found with its bookmark)
                    self._remove(DocKind.NOTE, record_id)
                elif len(text.body) > LARGE_TEXT:
                    self._update_after_removals()
                else:
                    self._after_removals()
                    index.put(text)
        except MgReaderError as error:
            self.w.status(f"Search may miss this change: {error}", 8000)

    def _remove(self, kind: DocKind, record_id: str) -> None:
        """Take a deleted record out of the index in a thread of its own: the FTS5 delete took about 100 ms
        of the window's thread (240 while the indexer held the index), for a note of 1 KB as for 5 MB. Until
        it is committed a search may still list the record: the search shown is run again then. If the app
        ends first, the next start's sync takes it out."""
        from mgreader.core.search.index import SearchIndex
        from mgreader.ui.app.background_writer import BackgroundWriter

        if self._removals is None:
            self._removals = BackgroundWriter(self)
        if self.indexer is not None and self.indexer.busy:
            self.update_index()  # it may have read the notes before the delete, and put this back after it
        path = self.search_index_path
        assert path is not None  # reindex checked

        def job() -> object:
            with SearchIndex(path) as index:
                return index.remove(kind, record_id)

        def done(error: BaseException | None, _removed: object) -> None:
            if self._sync_after_removals and self._removals is not None and not self._removals.busy:
                self._sync_after_removals = False
                self.update_index()
            if error is not None:
                self.w.status(f"Search may miss this change: {error}", 8000)
            elif self._search_panel is not None and self._search_panel.field.text().strip():
                self._search_panel.run_search()  # without what was deleted

        self._removals.submit(job, done)

    def _update_after_removals(self) -> None:
        """A long record is indexed by the indexer, which skips what the index holds already: run before a
        removal under way is committed (Undo right after a delete), it left the record out for good."""
        if self._removals is not None and self._removals.busy:
            self._sync_after_removals = True  # once they are committed (``_remove``)
        else:
            self.update_index()

    def _after_removals(self) -> None:
        """A record is indexed after the removals asked before it (Undo right after a delete)."""
        if self._removals is not None:
            self._removals.wait()

    def open_hit(self, hit: Hit) -> None:
        from mgreader.core.search.index import DocKind

        if hit.kind == DocKind.BOOKMARK and hit.article_id:
            self.notes.show_passage(hit.article_id, hit.id)
            return
        if hit.kind == DocKind.CHECKIN:
            self.w.open_check_in(hit.id)
            return
        if hit.kind == DocKind.NOTE:
            panel = self.notes.notes_panel
            if hit.article_id:
                self.w.open_article(hit.article_id)
            if panel is not None:
                panel.show_note(hit.id)
            return
        if hit.article_id is None or not self.w.open_article(hit.article_id, position=0):
            return
        text = self.w.article_view.page_text()
        from mgreader.core.render import textfind

        for needle in (hit.context, hit.match):
            spans = textfind.find_all(text, needle) if needle else []
            if spans:
                start, end = spans[0]
                if needle is hit.context and hit.match:
                    inner = textfind.find_all(text[start:end], hit.match)
                    if inner:
                        start, end = start + inner[0][0], start + inner[0][1]
                if hit.match:
                    self.find_bar.mark(hit.match, start)
                self.w.article_view.flash(start, end)
                return

    def theme_changed(self, theme: Theme) -> None:
        if self._find_bar is not None:
            self._find_bar.match_colour, self._find_bar.current_colour = theme.find_match, theme.find_current
            self._find_bar.page_changed()

    def close(self) -> None:
        """Stop the indexer (it commits in batches, so the index stays whole) and close the index, for good:
        a change told after this (as the window closes) is left to the next start's sync."""
        self._closed = True
        if self._removals is not None:
            self._removals.stop()  # what was deleted is out of the index before it closes
        if self.indexer is not None:
            self.indexer.stop()
        if self._search_index is not None:
            self._search_index.close()
            self._search_index = None
