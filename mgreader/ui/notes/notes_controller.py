"""Bookmarks and notes in the window: the notes file, highlights on the page, the panel and its actions."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import placement

if TYPE_CHECKING:
    from mgreader.core.notes.backup import BackupInfo, BackupManager
    from mgreader.core.notes.store import Store
    from mgreader.core.theme import Theme
    from mgreader.ui.main_window import MainWindow
    from mgreader.ui.notes.notes_panel import NotesPanel


# How often to look whether a backup is due (backup.due: after changes, at most every 30 minutes).
BACKUP_CHECK_MS = 60_000
READ_ONLY_NOTES = "Your notes are open read-only just now, so backups cannot be made or restored."
# How often to try again to open read-only notes for writing.
WRITABLE_RETRY_MS = 5_000


def _now() -> datetime:
    return datetime.now(UTC)


class NotesController(QObject):
    """Owns the notes file and the Bookmarks and notes panel of one window.

    The notes file is opened (``open_store``) and the panel built just after the first article is painted,
    or on first use: neither is needed for the first paint, and both cost startup time."""

    text_changed = Signal(str, str)  # "bookmark" or "note", and its id: what search indexes has changed
    store_replaced = Signal()  # the notes were restored or imported: re-read them all

    def __init__(
        self,
        window: MainWindow,
        store: Store | None,
        store_problem: str = "",
        open_store: Callable[[], tuple[Store | None, str]] | None = None,
        backup_dir: Path | None = None,
    ) -> None:
        super().__init__(window)
        self.backup_dir = backup_dir
        self.backups: BackupManager | None = None
        self._backed_up_at = 0  # the store's change count at the last backup
        self._last_backup: datetime | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._writable_timer = QTimer(self)
        self._writable_timer.setInterval(WRITABLE_RETRY_MS)
        self._writable_timer.timeout.connect(self._retry_writable)
        self.w = window
        self.store = store
        self.store_problem = store_problem
        self._open_store = open_store
        self._panel: NotesPanel | None = None
        self._missing_on_page: set[str] = set()
        self._panel_slot: QWidget | None = None
        self.sheet_dialog: QWidget | None = None  # while it is open
        if store is not None or open_store is not None:
            self._panel_slot = QWidget()
            self._panel_slot.setObjectName("notesPanelSlot")

    def theme_changed(self, theme: Theme) -> None:
        if self._panel is not None:
            self._panel.model.theme = theme
            self._panel.bookmark_list.viewport().update()

    def flush(self) -> bool:
        """Save the note being typed, if the panel exists (closing must not open the notes file); True when
        nothing typed is left unsaved."""
        if self._panel is None:
            return True
        self._panel.editor.save()
        return not self._panel.editor.has_unsaved()

    def unsaved_texts(self) -> list[str]:
        return self._panel.editor.unsaved_texts() if self._panel is not None else []

    @property
    def panel_slot(self) -> QWidget | None:
        """What the window puts where the panel goes, until the panel is built."""
        return self._panel_slot

    def notes_unavailable(self) -> None:
        reason = self.store_problem or "Bookmarks and notes are not available."
        a = self.w.actions
        for action in (a.bookmark_passage, a.add_note, a.undo_delete):
            action.setEnabled(False)
            action.setToolTip(reason)
        if self._panel_slot is not None:
            self._panel_slot.hide()

    def ensure_store(self) -> Store | None:
        """Open the notes file if that is still to be done, and tell the reader in plain words what happened
        when it could not be opened, or was damaged and restored from a backup."""
        if self.store is None and self._open_store is not None:
            opener, self._open_store = self._open_store, None
            self.store, message = opener()
            if self.store is None:
                self.store_problem = message
                self.notes_unavailable()
            else:
                self._start_backups()
                self.draw_bookmarks()
            if message:
                self.w.prompter.inform("Mg Reader", message)
        elif self.store is not None and self.backups is None:
            self._start_backups()
        return self.store

    # ----------------------------------------------------------------------------------- backups, transfer
    def _retry_writable(self) -> None:
        """While the notes are open read-only, try now and then to open them for writing again; once that
        works, the note editor's next retry saves what was typed."""
        if self.store is None or not self.store.read_only:
            self._writable_timer.stop()
            return
        from mgreader.core.notes.store import Store

        try:
            writable = Store(self.store.path)
        except MgReaderError:
            return
        self._writable_timer.stop()
        self.store.close()
        self.store = writable
        if self._panel is not None:
            self._panel.store = writable  # same notes, now writable: the editor keeps its text and saves it
            self._panel.editor.save()
        self._start_backups()
        self.w.statusBar().showMessage("Your notes can be saved again.", 10000)

    def _start_backups(self) -> None:
        if self.store is not None and self.store.read_only:
            self._writable_timer.start()
            return
        if self.store is None or self.backup_dir is None:
            return
        from mgreader.core.notes.backup import BackupManager

        self.backups = BackupManager(self.store.path, self.backup_dir, _now)
        self._last_backup = self.backups.last_backup_time()
        self._backed_up_at = self.store.change_count
        self._backup_timer.start()

    def backup_if_due(self) -> None:
        from mgreader.core.notes.backup import due

        if self.store is not None and due(self._last_backup, self._changed(), _now()):
            self._backup(quiet=True)

    def backup_if_changed(self) -> None:
        """At quit: a last backup when anything changed since the previous one."""
        if self.store is not None and self._changed():
            self._backup(quiet=True)

    def backup_now(self) -> BackupInfo | None:
        if self.ensure_store() is None:
            self.w.prompter.inform("No backup made", self.store_problem or "Your notes are not available.")
            return None
        self.flush()
        if self.backups is None:
            self.w.prompter.inform("No backup made", READ_ONLY_NOTES)
            return None
        return self._backup(quiet=False)

    def _changed(self) -> bool:
        return self.store is not None and self.store.change_count != self._backed_up_at

    def _backup(self, quiet: bool) -> BackupInfo | None:
        from mgreader.core.notes.backup import BackupError

        if self.backups is None or self.store is None:
            return None
        try:
            made = self.backups.make_backup()
        except BackupError as error:
            self.w.statusBar().showMessage(f"Backup failed: {error}", 15000)
            return None
        self._backed_up_at = self.store.change_count
        self._last_backup = _now()
        if not quiet:
            text = f"Backed up: {made.describe()}." if made else "There is nothing to back up yet."
            self.w.statusBar().showMessage(text, 10000)
        return made

    def restore_backup(self, chosen: BackupInfo | None = None) -> bool:
        """Replace the notes with a backup (asking which, when none is given). The current notes are backed
        up first, so a restore can itself be undone."""
        if self.ensure_store() is None or self.store is None:
            self.w.prompter.inform("Nothing restored", self.store_problem or "Your notes are not available.")
            return False
        if self.backups is None:
            self.w.prompter.inform("Nothing restored", READ_ONLY_NOTES)
            return False
        if chosen is None:
            from mgreader.ui.restore_dialog import RestoreDialog

            dialog = RestoreDialog(self.backups.list_backups(), self.w)
            accepted = dialog.exec() == RestoreDialog.DialogCode.Accepted
            picked = dialog.chosen
            dialog.deleteLater()
            if not accepted or picked is None:
                return False
            chosen = picked
        self.flush()
        path = self.store.path
        self.store.close()
        try:
            safety = self.backups.restore(chosen)
        except MgReaderError as error:
            self._reopen(path)
            self.w.prompter.inform("Notes not restored", f"The backup could not be restored: {error}")
            return False
        if not self._reopen(path):
            return False
        kept = (
            f" Your notes as they were just before are kept as the backup of {safety.describe()}."
            if safety
            else ""
        )
        self.w.prompter.inform("Notes restored", f"Your bookmarks and notes are back as they were on "
                                                 f"{chosen.describe()}.{kept}")  # fmt: skip
        return True

    def _reopen(self, path: Path) -> bool:
        """Open the notes file again after it was closed for a restore; never keep a closed store around."""
        from mgreader.core.notes.store import Store

        try:
            self.store = Store.open(path)
        except MgReaderError as error:
            self.store = None
            self.store_problem = f"Bookmarks and notes are not available: {error}"
            self.notes_unavailable()
            self.w.prompter.inform("Mg Reader", self.store_problem)
            return False
        self._reattach_store()
        return True

    def export_everything(self, destination: Path | None = None) -> bool:
        if self.ensure_store() is None or self.store is None:
            return False
        if destination is None:
            from PySide6.QtWidgets import QFileDialog

            suggested = str(Path.home() / "mg-reader-notes.json")
            kinds = "Mg Reader export (*.json)"
            name, _ = QFileDialog.getSaveFileName(self.w, "Export all notes", suggested, kinds)
            if not name:
                return False
            destination = Path(name)
        from mgreader.core.notes.transfer import export_json

        self.flush()
        try:
            export_json(self.store, destination, settings=self._portable_settings())
        except (MgReaderError, OSError) as error:
            self.w.prompter.inform("Not exported", f"The export could not be written: {error}")
            return False
        self.w.statusBar().showMessage(f"Every bookmark and note was saved to {destination}.", 10000)
        return True

    def import_everything(self, source: Path | None = None) -> bool:
        if self.ensure_store() is None or self.store is None:
            return False
        if source is None:
            from PySide6.QtWidgets import QFileDialog

            name, _ = QFileDialog.getOpenFileName(
                self.w, "Import notes", str(Path.home()), "Mg Reader export (*.json)"
            )
            if not name:
                return False
            source = Path(name)
        from mgreader.core.notes.transfer import import_json

        self.flush()
        try:
            report = import_json(self.store, source)
        except (MgReaderError, OSError) as error:
            self.w.prompter.inform("Nothing imported", str(error))
            return False
        self._reattach_store()
        self.w.prompter.inform("Notes imported", report.describe())
        return True

    def open_sheet(self) -> None:
        """The appointment sheet dialog, over the notes as they are now."""
        if self.ensure_store() is None or self.store is None:
            return
        from mgreader.ui.sheet.sheet_dialog import SheetDialog

        self.flush()
        disclaimer = self.w.loader.composer.disclaimer
        dialog = SheetDialog(self.store, self.w.library, disclaimer, self.w.settings, self.w)
        self.sheet_dialog = dialog
        dialog.exec()
        self.sheet_dialog = None
        dialog.deleteLater()  # parented to the window: without this every opening would stay in memory

    def _portable_settings(self) -> dict[str, object]:
        keys = ("theme", "zoom", "font", "line_spacing")
        return {key: self.w.settings.get(key) for key in keys if self.w.settings.get(key) is not None}

    def _reattach_store(self) -> None:
        """After the notes changed underneath (restore, import): show them as they now are."""
        if self._panel is not None and self.store is not None:
            self._panel.store = self.store
            self._panel.editor.detach()  # the note it showed may not exist in the notes now
            self._panel.deleted.clear()
            self._panel.refresh()
            self._panel.refresh_notes()
        self._backed_up_at = self.store.change_count if self.store is not None else 0
        self.draw_bookmarks()
        self.store_replaced.emit()

    def draw_bookmarks(self) -> dict[str, placement.Placed]:
        """Find every bookmark of the open article in its text, highlight it, and record where it is."""
        if self.w.article is None or self.store is None:
            return {}
        text = placement.page_text(self.w.article_view.page_text())
        try:
            placed = placement.place(self.store.bookmarks_for(self.w.article.ref.id), text)
        except MgReaderError as error:
            self.w.statusBar().showMessage(str(error), 10000)
            return {}
        for item in placed:
            moved = placement.moved_anchor(item, text)
            if moved is not None:
                # If this write fails the passage is still found this time, and the old anchor finds it again.
                with contextlib.suppress(MgReaderError):
                    self.store.update_bookmark(item.bookmark.id, anchor=moved, touch=False)
        spans = [
            (p.where.start, p.where.end, self.w.theme.highlight(p.bookmark.color)) for p in placed if p.where
        ]
        self.w.article_view.set_highlights(spans)
        self._missing_on_page = {p.bookmark.id for p in placed if p.missing}
        if self._panel is not None:
            self._panel.set_article(self.w.article.ref.id, self._missing_on_page)
        return {p.bookmark.id: p for p in placed}

    def bookmark_span(self, start: int, end: int) -> None:
        if self.w.article is None or self.ensure_store() is None or self.notes_panel is None:
            return
        text = placement.page_text(self.w.article_view.page_text())
        anchor = placement.selection_anchor(text, start, end)
        if anchor is None:
            self.w.statusBar().showMessage("Select some text (or click in a paragraph) to bookmark it.", 8000)
            return
        try:
            bookmark = self.store.add_bookmark(self.w.article.ref.id, anchor)
        except MgReaderError as error:
            self.w.prompter.inform("Bookmark not saved", str(error))
            return
        if (anchor.start, anchor.end) not in self.w.article_view.highlighted_spans():
            colour = self.w.theme.highlight(bookmark.color)
            self.w.article_view.add_highlights([(anchor.start, anchor.end, colour)])
        self.notes_panel.tabs.setCurrentIndex(0)
        self.notes_panel.scope.setCurrentIndex(0)
        self.notes_panel.refresh(bookmark.id)
        self.w.statusBar().showMessage("Passage bookmarked.", 5000)
        self.text_changed.emit("bookmark", bookmark.id)

    def show_passage(self, article_id: str, bookmark_id: str) -> None:
        """Open the bookmark's article scrolled to its passage, emphasised for a moment."""
        opened = self.w.article is not None and self.w.article.ref.id == article_id
        if not opened and not self.w.open_article(article_id):
            return
        placed = self.draw_bookmarks().get(bookmark_id)
        if placed is None or placed.where is None:
            self.w.statusBar().showMessage("This passage is not in the current version of the article.", 8000)
            return
        self.w.article_view.flash(placed.where.start, placed.where.end)
        if self.notes_panel is not None:
            self.notes_panel.select_bookmark(bookmark_id)

    def reattach(self, bookmark_id: str) -> None:
        """Attach a bookmark whose passage was lost to the text now selected in the article."""
        if self.store is None or self.notes_panel is None or self.w.article is None:
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
            self.store.update_bookmark(bookmark_id, anchor=anchor)
        except MgReaderError as error:
            self.w.prompter.inform("Bookmark not changed", str(error))
            return
        self.draw_bookmarks()
        self.notes_panel.refresh(bookmark_id)
        self.w.statusBar().showMessage("The bookmark is attached to the selected text.", 5000)
        self.text_changed.emit("bookmark", bookmark_id)

    def add_note(self) -> None:
        panel = self.notes_panel
        if panel is None:
            return
        if panel.current_bookmark_id() and panel.tabs.currentIndex() == 0:
            panel.editor.edit.setFocus()
            return
        panel.new_note(self.w.article.ref.id if self.w.article is not None else None)

    @property
    def notes_panel(self) -> NotesPanel | None:
        """The Bookmarks and notes panel, built on first use; None when the notes file is not available."""
        if self._panel is None and self.ensure_store() is not None and self._panel_slot is not None:
            from mgreader.ui.notes.notes_panel import NotesPanel

            sizes = self.w.splitter.sizes()
            panel = NotesPanel(self.store, self.title_of, self.w.theme)
            self.w.splitter.replaceWidget(self.w.splitter.indexOf(self._panel_slot), panel)
            self._panel_slot.deleteLater()
            self._panel_slot = None
            self.w.splitter.setSizes(sizes)
            panel.passage_requested.connect(self.show_passage)
            panel.bookmarks_changed.connect(self.draw_bookmarks)
            panel.reattach_requested.connect(self.reattach)
            panel.text_changed.connect(self.text_changed)
            self._panel = panel
            if self.w.article is not None:
                panel.set_article(self.w.article.ref.id, self._missing_on_page)
        return self._panel

    def undo_delete(self) -> None:
        if self.notes_panel is not None and not self.notes_panel.undo_delete():
            self.w.statusBar().showMessage("There is nothing deleted to bring back.", 5000)

    def title_of(self, article_id: str) -> str:
        ref = self.w.library.get(article_id)
        return ref.title if ref is not None else "(an article no longer in the library)"
