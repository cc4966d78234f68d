"""Bookmarks and notes in the window: highlights on the page, the panel and what it asks for."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from mgreader.core.errors import MgReaderError
from mgreader.core.session.changes import Changes
from mgreader.ui.look import palette
from mgreader.ui.notes.notes_file import NotesFile

# placement and NotesSession are imported where used: the notes file is opened after the first paint, and
# they (sqlite3 among them) would delay it (issue 15).
if TYPE_CHECKING:
    from mgreader.core.notes import placement
    from mgreader.core.notes.store import Store
    from mgreader.core.session.notes import NotesSession
    from mgreader.core.theme import Theme
    from mgreader.ui.notes.notes_panel import NotesPanel
    from mgreader.ui.shell import Shell


class NotesController(QObject):
    """Owns the notes file and the Bookmarks and notes panel of one window.

    The notes file is opened (``open_store``) and the panel built just after the first article is painted,
    or on first use: neither is needed for the first paint, and both cost startup time."""

    def __init__(
        self,
        shell: Shell,
        store: Store | None,
        store_problem: str = "",
        open_store: Callable[[], tuple[Store | None, str]] | None = None,
        backup_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.w = shell  # the window, as far as a controller may see it
        self.file = NotesFile(shell, self.flush, store, store_problem, open_store, backup_dir, self)
        self.file.opened.connect(self.draw_bookmarks)
        self.file.reopened.connect(self._writable_again)
        self.file.replaced.connect(self._reattach_store)
        self.file.unavailable.connect(lambda _reason: self.notes_unavailable())
        self._session: NotesSession | None = None
        shell.on_changed(self._redraw_if_named)
        self._panel: NotesPanel | None = None
        self._missing_on_page: set[str] = set()
        self._to_check: dict[str, str] = {}
        self._panel_slot: QWidget | None = None
        self.sheet_dialog: QWidget | None = None  # while it is open
        self.visits_dialog: QWidget | None = None
        if store is not None or open_store is not None:
            self._panel_slot = QWidget()
            self._panel_slot.setObjectName("notesPanelSlot")

    @property
    def store(self) -> Store | None:
        """The open notes file, or None (not opened yet, or not available)."""
        return self.file.store

    def ensure_store(self) -> Store | None:
        return self.file.ensure_store()

    @property
    def session(self) -> NotesSession | None:
        """Every change to the notes goes through this, over the open notes file."""
        store = self.file.store
        if store is None:
            return None
        from mgreader.core.session.notes import NotesSession

        if self._session is None or self._session.store is not store:
            self._session = NotesSession(store)
        return self._session

    def apply(self, changes: Changes) -> None:
        """Tell every view what a change touched."""
        self.w.apply(changes)

    def _redraw_if_named(self, changes: Changes) -> None:
        if self._panel is not None and changes.notes - self._panel.listed_note_ids():
            self._panel.refresh_notes(keep=True)  # a note made elsewhere (a journal question): list it
        article = self.w.article
        if changes.everything or (article is not None and article.ref.id in changes.highlights):
            self.draw_bookmarks()

    def theme_changed(self, theme: Theme) -> None:
        if self._panel is not None:
            self._panel.set_theme(theme)

    def flush(self) -> bool:
        """Save the note being typed, if the panel exists (closing must not open the notes file); True when
        nothing typed is left unsaved."""
        return self._panel is None or self._panel.save_typing()

    def unsaved_texts(self) -> list[str]:
        return self._panel.unsaved_texts() if self._panel is not None else []

    @property
    def panel_slot(self) -> QWidget | None:
        """What the window puts where the panel goes, until the panel is built."""
        return self._panel_slot

    def notes_unavailable(self) -> None:
        self.w.notes_unavailable(self.file.store_problem or "Bookmarks and notes are not available.")
        if self._panel_slot is not None:
            self._panel_slot.hide()

    def _writable_again(self) -> None:
        """The same notes, now writable: the Undo list stays, and the editor saves what it holds."""
        from mgreader.core.session.notes import NotesSession

        if self.store is None:
            return
        self._session = NotesSession(self.store, self._session.deleted if self._session else [])
        if self._panel is not None:
            self._panel.use_session(self._session)

    def open_sheet(self) -> None:
        """The appointment sheet dialog, over the notes as they are now."""
        if self.ensure_store() is None or self.store is None:
            return
        from mgreader.ui.sheet.sheet_dialog import SheetDialog

        self.flush()
        disclaimer = self.w.loader.composer.disclaimer
        dialog = SheetDialog(
            self.store, self.w.library, disclaimer, self.w.settings, self.w.dialog_parent(), self._rules()
        )
        self.sheet_dialog = dialog
        dialog.exec()
        self.sheet_dialog = None
        dialog.deleteLater()  # parented to the window: without this every opening would stay in memory

    def open_visits(self) -> None:
        """Record a visit, or correct one (issue 19)."""
        if self.ensure_store() is None or self.store is None:
            return
        from datetime import date

        from mgreader.core.session.journal import JournalSession
        from mgreader.ui.journal.visits_dialog import VisitsDialog

        session = JournalSession(self.store.journal, date.today, self._rules())
        dialog = VisitsDialog(session, self.w.dialog_parent())
        self.visits_dialog = dialog
        dialog.exec()
        self.visits_dialog = None
        dialog.deleteLater()

    @staticmethod
    def _rules() -> tuple:  # type: ignore[type-arg]
        """The timing rules the bundled library declares (the sheet shows only those, never guesses)."""
        from mgreader.core.paths import bundled_dir
        from mgreader.core.sheet.since import load_rules

        return tuple(load_rules([bundled_dir("content")]))

    def _reattach_store(self) -> None:
        """After the notes changed underneath (restore, import): the panel shows them as they now are, as
        the one who asked; the change record that follows (from ``file``) tells every other view."""
        session = self.session
        if self._panel is not None and session is not None:
            self._panel.replace_session(session)

    def draw_bookmarks(self) -> dict[str, placement.Placed]:
        """Find every bookmark of the open article in its text, highlight it, and record where it is."""
        if self.w.article is None or self.store is None:
            return {}
        from mgreader.core.notes import placement

        text = placement.page_text(self.w.article_view.page_text())
        try:
            placed = placement.place(self.store.bookmarks_for(self.w.article.ref.id), text)
        except MgReaderError as error:
            self.w.status(str(error), 10000)
            return {}
        moves = {p.bookmark.id: a for p in placed if (a := placement.moved_anchor(p, text)) is not None}
        session = self.session
        if moves and session is not None:
            # If this write fails the passage is still found this time, and the old anchor finds it again.
            with contextlib.suppress(MgReaderError):
                self.apply(session.reanchor(moves).changes)
        spans = [
            (p.where.start, p.where.end, palette.highlight_format(self.w.theme, p.bookmark.color))
            for p in placed
            if p.where
        ]
        self.w.article_view.set_highlights(spans)
        self._missing_on_page = {p.bookmark.id for p in placed if p.missing}
        # Found with low confidence: the panel shows the old and the new text for the reader to check.
        self._to_check = {
            p.bookmark.id: text[p.where.start : p.where.end] for p in placed if p.where and p.uncertain
        }
        if self._panel is not None:
            self._panel.set_article(self.w.article.ref.id, self._missing_on_page, self._to_check)
        return {p.bookmark.id: p for p in placed}

    def bookmark_span(self, start: int, end: int) -> None:
        from mgreader.core.notes import placement

        if self.w.article is None or self.ensure_store() is None or self.notes_panel is None:
            return
        if self.w.article.pending:  # "Preparing...": a bookmark would hold that line, not the article's
            self.w.status("The article is still being prepared: bookmark it once it is shown.", 8000)
            return
        text = placement.page_text(self.w.article_view.page_text())
        anchor = placement.selection_anchor(text, start, end)
        if anchor is None:
            self.w.status("Select some text (or click in a paragraph) to bookmark it.", 8000)
            return
        session = self.session
        assert session is not None  # the store is open
        try:
            done = session.add_bookmark(self.w.article.ref.id, anchor)
        except MgReaderError as error:
            self.w.prompter.inform("Bookmark not saved", str(error))
            return
        self.notes_panel.show_article_bookmarks(select=done.value.id)
        self.w.status("Passage bookmarked.", 5000)
        self.apply(done.changes)

    def show_passage(self, article_id: str, bookmark_id: str) -> None:
        """Open the bookmark's article scrolled to its passage, emphasised for a moment."""
        opened = self.w.article is not None and self.w.article.ref.id == article_id
        if not opened and not self.w.open_article(article_id):
            return
        placed = self.draw_bookmarks().get(bookmark_id)
        if placed is None or placed.where is None:
            self.w.status("This passage is not in the current version of the article.", 8000)
            return
        self.w.article_view.flash(placed.where.start, placed.where.end)
        if self.notes_panel is not None:
            self.notes_panel.select_bookmark(bookmark_id)

    def reattach(self, bookmark_id: str) -> None:
        """Attach a bookmark whose passage was lost to the text now selected in the article."""
        from mgreader.core.notes import placement

        session = self.session
        if session is None or self.notes_panel is None or self.w.article is None:
            return
        cursor = self.w.article_view.textCursor()
        text = placement.page_text(self.w.article_view.page_text())
        anchor = placement.selection_anchor(text, cursor.selectionStart(), cursor.selectionEnd())
        if not cursor.hasSelection() or anchor is None:
            self.w.prompter.inform(
                "Select the new text first",
                "Select the passage in the article that this bookmark belongs to, then try again.",
            )
            return
        try:
            done = session.attach(bookmark_id, anchor)
        except MgReaderError as error:
            self.w.prompter.inform("Bookmark not changed", str(error))
            return
        self.apply(done.changes)  # redraws the highlights, and with them the panel's rows
        self.notes_panel.refresh(bookmark_id)
        self.w.status("The bookmark is attached to the selected text.", 5000)

    def add_note(self) -> None:
        panel = self.notes_panel
        if panel is None:
            return
        if panel.showing_a_bookmark():
            panel.focus_editor()
        else:
            panel.new_note(self.w.article.ref.id if self.w.article is not None else None)
        # Where the keys go now, said plainly: after Ctrl+Shift+N nothing else on screen changes much.
        editor = panel.editor.edit

        def at_the_end() -> None:
            editor.moveCursor(QTextCursor.MoveOperation.End)
            editor.ensureCursorVisible()

        panel.editor.when_open(at_the_end)  # a long note: once its text is all in
        heading = panel.editor.heading.text()
        where = heading[0].lower() + heading[1:] if heading.startswith("Note") else f"the note: {heading}"
        self.w.status(f"You are typing in the {where}.", 0)

    @property
    def notes_panel(self) -> NotesPanel | None:
        """The Bookmarks and notes panel, built on first use; None when the notes file is not available."""
        if self._panel is None and self.ensure_store() is not None and self._panel_slot is not None:
            from mgreader.ui.notes.notes_panel import NotesPanel

            session = self.session
            assert session is not None  # ensure_store() opened it
            panel = NotesPanel(session, self.apply, self.title_of, self.w.theme)
            self.w.place_notes_panel(self._panel_slot, panel)
            self._panel_slot.deleteLater()
            self._panel_slot = None
            panel.passage_requested.connect(self.show_passage)
            panel.reattach_requested.connect(self.reattach)
            panel.said.connect(lambda text: self.w.status(text, 0))
            self._panel = panel
            if self.w.article is not None:
                panel.set_article(self.w.article.ref.id, self._missing_on_page, self._to_check)
        return self._panel

    def undo_delete(self) -> None:
        if self.notes_panel is not None and not self.notes_panel.undo_delete():
            self.w.status("There is nothing deleted to bring back.", 5000)

    def title_of(self, article_id: str) -> str:
        ref = self.w.library.get(article_id)
        return ref.title if ref is not None else "(an article no longer in the library)"
