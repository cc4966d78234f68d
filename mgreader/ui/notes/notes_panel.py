"""The Bookmarks and notes panel: the reader's bookmarks (this article or all) and notes, and the editor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import placement
from mgreader.core.notes.store import COLORS, Bookmark, Note, Store
from mgreader.core.session.changes import Changes, Done
from mgreader.core.session.notes import NotesSession
from mgreader.core.theme import Theme, highlight_label
from mgreader.ui.aloud import aloud_menu
from mgreader.ui.look import palette
from mgreader.ui.notes.bookmark_model import PAGE_SIZE, BookmarkListModel, IdRole, MissingRole, Row
from mgreader.ui.notes.note_editor import BACKGROUND_CHARS, BackgroundSaver, NoteEditor, Saver, reason_of
from mgreader.ui.notes.notes_tab import NotesTab, note_label

SEPARATOR = " \u00b7 "


class NotesPanel(QWidget):
    passage_requested = Signal(str, str)  # article id, bookmark id
    reattach_requested = Signal(str)  # bookmark id: attach it to the article's selected text
    said = Signal(str)  # a message for the reader (the window shows it in its message bar)

    def __init__(
        self,
        session: NotesSession,
        apply: Callable[[Changes], None],
        title_of: Callable[[str], str],
        theme: Theme,
    ) -> None:
        """Every change goes through ``session``; what it returns is handed to ``apply``, which tells every
        view (this panel refreshes what it shows itself, as the one who asked)."""
        super().__init__()
        self.setObjectName("notesPanel")
        self.session = session
        self.store = session.store  # for reading; changes go through the session
        self.apply = apply
        self.title_of = title_of
        self.article_id = ""
        self.missing: set[str] = set()  # bookmarks whose passage was not found when their article was shown
        self.to_check: dict[str, str] = {}  # of the article shown: found with low confidence, the text now
        # The record each save returned, by id: the row is relabelled from it rather than read back (a read
        # of a note of megabytes, at every autosave, in the window's thread).
        self.just_saved: dict[str, Bookmark | Note] = {}

        self.scope = QComboBox()
        self.scope.setObjectName("bookmarkScope")
        self.scope.setAccessibleName("Show bookmarks for")
        self.scope.addItems(["This article", "All articles"])
        self.model = BookmarkListModel(theme, self)
        self.bookmark_list = QListView()
        self.bookmark_list.setObjectName("bookmarkList")
        self.bookmark_list.setAccessibleName("Bookmarks")
        self.bookmark_list.setAccessibleDescription("Newest first. Press Enter to go to the passage.")
        self.bookmark_list.setModel(self.model)
        self.bookmark_list.setWordWrap(True)
        self.bookmark_list.setAlternatingRowColors(True)
        self.bookmark_list.setSpacing(2)
        aloud_menu.add_entry(self.bookmark_list, "bookmark", lambda index: str(index.data(IdRole)))
        self.empty_label = QLabel("No bookmarks yet. Select a passage and press Ctrl+D.")
        self.empty_label.setWordWrap(True)

        self.color = QComboBox()
        self.color.setObjectName("bookmarkColor")
        self.color.setAccessibleName("Highlight colour")
        self._show_colours(theme)
        self.include = QCheckBox("For my appointment")
        self.include.setObjectName("bookmarkIncludeInSheet")
        self.include.setToolTip("Include this passage in the appointment sheet")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteBookmark")
        self.delete_button.setToolTip("Delete this bookmark (Ctrl+Z brings it back)")
        self.reattach_button = QPushButton("Attach to selected text")
        self.reattach_button.setObjectName("reattachBookmark")
        self.reattach_button.setToolTip(
            "This passage is not in the article any more: select the text it belongs to now, then press this"
        )
        self.reattach_button.setVisible(False)
        # Visible labels with buddies: on Linux, Qt names a combo box by its current value ("Yellow") and
        # a screen reader takes what it is for from the label that names it.
        scope_label, colour_label = QLabel("&Show:"), QLabel("Co&lour:")
        scope_label.setBuddy(self.scope)
        colour_label.setBuddy(self.color)
        scope_row = QHBoxLayout()
        scope_row.addWidget(scope_label)
        scope_row.addWidget(self.scope, 1)
        # Two short rows rather than one long one: the panel stays narrow enough to leave the article room.
        colour_row = QHBoxLayout()
        colour_row.addWidget(colour_label)
        colour_row.addWidget(self.color)
        colour_row.addStretch(1)
        colour_row.addWidget(self.delete_button)
        details = QVBoxLayout()
        details.addLayout(colour_row)
        details.addWidget(self.include)

        bookmarks_tab = QWidget()
        bookmarks_layout = QVBoxLayout(bookmarks_tab)
        bookmarks_layout.addLayout(scope_row)
        bookmarks_layout.addWidget(self.bookmark_list, 1)
        bookmarks_layout.addWidget(self.empty_label)
        bookmarks_layout.addWidget(self.reattach_button)
        bookmarks_layout.addLayout(details)

        self.notes_tab = NotesTab(self)
        # The Notes tab's controls, as the panel's own: tests and the controller reach them here.
        self.note_list = self.notes_tab.note_list
        self.question, self.question_state = self.notes_tab.question, self.notes_tab.question_state
        self.answer, self.delete_note_button = self.notes_tab.answer, self.notes_tab.delete_note_button

        self.tabs = QTabWidget()
        self.tabs.setObjectName("notesTabs")
        self.tabs.tabBar().setAccessibleName("Bookmarks or notes")
        self.tabs.addTab(bookmarks_tab, "Bookmarks")
        self.tabs.addTab(self.notes_tab, "Notes")
        self.editor = NoteEditor()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.editor)
        split.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 6)
        layout.addWidget(split)

        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.bookmark_list.clicked.connect(self._bookmark_clicked)
        self.bookmark_list.activated.connect(self._bookmark_clicked)
        self.bookmark_list.selectionModel().currentChanged.connect(
            lambda index, _old: self._show_bookmark(index)
        )
        self.color.activated.connect(self._color_chosen)
        self.include.clicked.connect(self._include_toggled)
        self.delete_button.clicked.connect(self.delete_current)
        self.reattach_button.clicked.connect(lambda: self.reattach_requested.emit(self.current_bookmark_id()))
        self.editor.saved.connect(lambda _text: self._refresh_labels())
        self._show_bookmark(QModelIndex())
        self.notes_tab.show_note_item(None)
        self.refresh_notes()

    # -------------------------------------------------------------------- verbs for the notes controller
    def set_theme(self, theme: Theme) -> None:
        self.model.theme = theme
        self._show_colours(theme)
        self.bookmark_list.viewport().update()

    def _show_colours(self, theme: Theme) -> None:
        """Each colour by name and underline shape, with its swatch: colour is never the only sign."""
        current = max(0, self.color.currentIndex())
        self.color.clear()
        for number, name in enumerate(COLORS):
            # The name alone keeps the panel narrow (the article keeps its width); the swatch shows the shape.
            self.color.addItem(palette.highlight_icon(theme, name), name.capitalize())
            self.color.setItemData(number, highlight_label(name), Qt.ItemDataRole.ToolTipRole)
        self.color.setCurrentIndex(current)

    def save_typing(self) -> bool:
        """Save what is being typed; True when nothing typed is left unsaved."""
        self.editor.save()
        return not self.editor.has_unsaved()

    def unsaved_texts(self) -> list[str]:
        return self.editor.unsaved_texts()

    def use_session(self, session: NotesSession) -> None:
        """The same notes, opened again (now writable): the editor keeps its text and saves it."""
        self.session, self.store = session, session.store
        self.editor.save()

    def replace_session(self, session: NotesSession) -> None:
        """Other notes (restored, imported): show them as they now are."""
        self.session, self.store = session, session.store
        self.editor.detach()  # the note it showed may not exist in the notes now
        self.refresh()
        self.refresh_notes()

    def show_article_bookmarks(self, select: str = "") -> None:
        """The Bookmarks tab, scoped to this article, with ``select`` current."""
        self.tabs.setCurrentIndex(0)
        self.scope.setCurrentIndex(0)
        self.refresh(select)

    def show_note(self, note_id: str) -> None:
        """The Notes tab with ``note_id`` open in the editor."""
        self.tabs.setCurrentIndex(1)
        self.refresh_notes(select=note_id)

    def showing_a_bookmark(self) -> bool:
        return bool(self.current_bookmark_id()) and self.tabs.currentIndex() == 0

    def focus_editor(self) -> None:
        self.editor.edit.setFocus()

    # ------------------------------------------------------------------------------------------ bookmarks
    def set_article(self, article_id: str, missing: set[str], to_check: dict[str, str] | None = None) -> None:
        self.article_id = article_id
        self.missing = {m for m in self.missing if self.store_article(m) != article_id} | missing
        self.to_check = to_check or {}
        self.refresh()

    def store_article(self, bookmark_id: str) -> str:
        try:
            return self.store.get_bookmark(bookmark_id).article_id
        except MgReaderError:
            return ""

    def refresh(self, select: str = "") -> None:
        current = select or self.current_bookmark_id()
        titles: dict[str, str] = {}
        if self.scope.currentIndex() == 0:
            bookmarks = self.store.bookmarks_for(self.article_id) if self.article_id else []
            self.model.set_rows(self._rows(bookmarks, titles))
        else:

            def page(offset: int) -> list[Row]:
                return self._rows(self.store.all_bookmarks(limit=PAGE_SIZE, offset=offset), titles)

            first = page(0)
            self.model.set_rows(first, page if len(first) == PAGE_SIZE else None)
        self.empty_label.setVisible(not self.model.rows)
        self.select_bookmark(current)

    def _rows(self, bookmarks: list[Bookmark], titles: dict[str, str]) -> list[Row]:
        rows = []
        for bookmark in bookmarks:
            title = titles.get(bookmark.article_id)
            if title is None:
                title = titles[bookmark.article_id] = self.title_of(bookmark.article_id)
            rows.append(Row(bookmark, title, bookmark.id in self.missing, self.to_check.get(bookmark.id)))
        return rows

    def select_bookmark(self, bookmark_id: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row.bookmark.id == bookmark_id:
                self.bookmark_list.setCurrentIndex(self.model.index(number))
                return
        self._show_bookmark(QModelIndex())

    def current_bookmark_id(self) -> str:
        index = self.bookmark_list.currentIndex()
        return str(index.data(IdRole)) if index.isValid() else ""

    def _bookmark_clicked(self, index: QModelIndex) -> None:
        row = self.model.rows[index.row()]
        self.passage_requested.emit(row.bookmark.article_id, row.bookmark.id)

    def _show_bookmark(self, index: QModelIndex) -> None:
        has = index.isValid()
        for widget in (self.color, self.include, self.delete_button):
            widget.setEnabled(has)
        self.reattach_button.setVisible(has and bool(index.data(MissingRole)))
        if not has:
            if self.editor.heading.property("bookmark"):
                self.editor.close_note()
                self.editor.heading.setProperty("bookmark", "")
            return
        bookmark = self.model.rows[index.row()].bookmark
        self.color.setCurrentIndex(COLORS.index(bookmark.color) if bookmark.color in COLORS else 0)
        self.include.setChecked(bookmark.include_in_sheet)
        bookmark_id = bookmark.id
        if self.editor.key == "bookmark:" + bookmark_id:
            return  # already being edited: reloading would put back text older than what is typed
        save, save_elsewhere = self.bookmark_savers(bookmark_id)
        self.editor.settle("bookmark:" + bookmark_id)
        try:
            note = self.store.get_bookmark(bookmark_id).note  # the row may predate the last save
        except MgReaderError:
            note = bookmark.note
        self.editor.open(
            f"Note on \u201c{placement.shorten(bookmark.quote, 80)}\u201d",
            note,
            save,
            "bookmark:" + bookmark_id,
            save_elsewhere,
        )
        self.editor.heading.setProperty("bookmark", bookmark_id)

    def bookmark_savers(self, bookmark_id: str) -> tuple[Saver, BackgroundSaver]:
        """How the editor saves a bookmark's note: here, and in the background writer's thread (long ones)."""

        def save(text: str) -> None:
            done = self.session.update_bookmark(bookmark_id, note=text)
            self.just_saved[bookmark_id] = done.value
            self.apply(done.changes)

        def save_elsewhere(text: str, path: Path = self.store.path) -> Callable[[], None]:
            with Store.open(path) as own:  # the background writer's thread has its own connection
                session = NotesSession(own)
                done = session.update_bookmark(bookmark_id, note=text)

            def then() -> None:
                self.store.external_changes += 1
                self.just_saved[bookmark_id] = done.value
                self.apply(done.changes)

            return then

        return save, save_elsewhere

    def _color_chosen(self, number: int) -> None:
        self._update_current(color=COLORS[number])

    def _include_toggled(self, checked: bool) -> None:
        self._update_current(include_in_sheet=checked)

    def write_elsewhere(
        self, change: Callable[[NotesSession], Done[Any]], then: Callable[[Done[Any]], None], failed: Saver
    ) -> None:
        """Make ``change`` in the background writer, over a connection of its own, after the note being
        typed is saved (``NoteEditor.write_after``): for the records of long notes, whose every change
        rewrites megabytes. ``then`` gets what it did, in the window's thread once it is committed (tell
        the views from there); ``failed`` the reason it could not be made."""

        def job(path: Path = self.store.path) -> Done[Any]:
            with Store.open(path) as own:
                return change(NotesSession(own))

        def done(error: BaseException | None, value: object) -> None:
            if error is not None or not isinstance(value, Done):
                failed(reason_of(error) if error is not None else "")
                return
            self.store.external_changes += 1
            then(value)

        self.editor.write_after(job, done)

    def _long_bookmark(self, bookmark_id: str) -> bool:
        """Whether the bookmark's note is long: changing the bookmark is written in the background."""
        index = self.bookmark_list.currentIndex()
        stored = self.model.rows[index.row()].bookmark.note if index.isValid() else ""
        return len(stored) > BACKGROUND_CHARS or self.editor.holds_long("bookmark:" + bookmark_id)

    def _update_current(self, **changes: Any) -> None:
        bookmark_id = self.current_bookmark_id()
        if not bookmark_id:
            return
        if self._long_bookmark(bookmark_id):

            def updated(done: Done[Any]) -> None:
                self.refresh()  # the bookmark current now stays so
                self.apply(done.changes)

            def failed(reason: str) -> None:
                self.editor.status.setText(f"Not saved: {reason}")
                self.refresh()  # shows the bookmark as it is stored

            def change(session: NotesSession) -> Done[Bookmark]:
                return session.update_bookmark(bookmark_id, **changes)

            self.write_elsewhere(change, updated, failed)
            return
        self.editor.save()
        try:
            done = self.session.update_bookmark(bookmark_id, **changes)
        except MgReaderError as error:
            self.editor.status.setText(f"Not saved: {error}")
            return
        self.refresh(bookmark_id)
        self.apply(done.changes)

    def delete_current(self) -> None:
        bookmark_id = self.current_bookmark_id()
        if not bookmark_id:
            return
        if self._long_bookmark(bookmark_id):
            self.editor.close_note()  # its last typing is saved first, in the background writer

            def deleted(done: Done[Any]) -> None:
                self.session.deleted_elsewhere(done.value)
                self.refresh()
                self.apply(done.changes)
                self.say("Bookmark deleted. Press Ctrl+Z to bring it back.")

            def failed(reason: str) -> None:
                self.refresh()  # its note is opened again: the reason is said once it is in
                self.editor.when_open(lambda: self.editor.status.setText(f"Not deleted: {reason}"))

            self.write_elsewhere(lambda session: session.delete_bookmark(bookmark_id), deleted, failed)
            return
        self.editor.save()
        self.editor.close_note()
        try:
            done = self.session.delete_bookmark(bookmark_id)
        except MgReaderError as error:
            self.editor.status.setText(f"Not deleted: {error}")
            return
        self.refresh()
        self.apply(done.changes)
        self.say("Bookmark deleted. Press Ctrl+Z to bring it back.")

    def undo_delete(self) -> bool:
        """Bring back what was deleted last, a bookmark or a note."""
        self.editor.finish_writes()  # a long one's delete, just asked, is undone too (not one before it)
        if not self.session.can_undo():
            return False
        kind = "note" if isinstance(self.session.deleted[-1], Note) else "bookmark"
        try:
            done = self.session.undo()
        except MgReaderError as error:
            self.editor.status.setText(f"Could not bring the {kind} back: {error}")
            return False
        record = done.value
        if isinstance(record, Note):
            self.show_note(record.id)
        elif record is not None:
            self.refresh(record.id)
        self.apply(done.changes)
        # Say what came back: Ctrl+Z with no visible change would leave the reader unsure it worked.
        if isinstance(record, Note):
            what = placement.shorten(record.title or record.body, 60)
            self.say(f"Brought back the note \u201c{what}\u201d.")
        elif record is not None:
            self.say(f"Brought back the bookmark on \u201c{placement.shorten(record.quote, 60)}\u201d.")
        return True

    def say(self, text: str) -> None:
        self.said.emit(text)

    def _refresh_labels(self) -> None:
        """After a save: row markers such as 'has a note' follow the stored record."""
        bookmark_id = self.editor.heading.property("bookmark")
        if bookmark_id:
            for number, row in enumerate(self.model.rows):
                if row.bookmark.id == bookmark_id:
                    fresh = self.just_saved.get(bookmark_id)
                    if not isinstance(fresh, Bookmark):
                        fresh = self.store.get_bookmark(bookmark_id)
                    self.model.rows[number] = Row(fresh, row.article_title, row.missing, row.now)
                    index = self.model.index(number)
                    self.model.dataChanged.emit(index, index)
        elif (item := self.note_list.currentItem()) is not None:
            # Only this note changed, and its place in the list (by creation) did not: relabel it alone
            # rather than reading every note again (slow at every autosave of a long note).
            note_id = item.data(IdRole)
            try:
                note = self.just_saved.get(note_id)
                note = note if isinstance(note, Note) else self.store.get_note(note_id)
                item.setText(note_label(note, self.title_of))
            except MgReaderError:
                self.refresh_notes(keep=True)
        else:
            self.refresh_notes(keep=True)
        self.just_saved.clear()  # what was not used here is stale by the next save

    # --------------------------------------------------------------------------------------------- notes
    def refresh_notes(self, keep: bool = False, select: str = "") -> None:
        self.notes_tab.refresh_notes(keep, select)

    def new_note(self, article_id: str | None = None) -> Note | None:
        return self.notes_tab.new_note(article_id)

    def delete_current_note(self) -> None:
        self.notes_tab.delete_current_note()

    def listed_note_ids(self) -> set[str]:
        return {str(self.note_list.item(row).data(IdRole)) for row in range(self.note_list.count())}

    def show_notes_tab(self) -> None:
        self.tabs.setCurrentIndex(1)
