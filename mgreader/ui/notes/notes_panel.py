"""The Bookmarks and notes panel: the reader's bookmarks (this article or all) and notes, and the editor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import placement
from mgreader.core.notes.store import COLORS, QUESTION_STATE_LABELS, QUESTION_STATES, Bookmark, Note, Store
from mgreader.core.theme import Theme
from mgreader.ui.notes.note_editor import NoteEditor

IdRole = Qt.ItemDataRole.UserRole + 1
MissingRole = Qt.ItemDataRole.UserRole + 2
SEPARATOR = " \u00b7 "
# "All articles" loads this many bookmarks at a time, more as the list is scrolled.
PAGE_SIZE = 500


@dataclass(frozen=True)
class Row:
    bookmark: Bookmark
    article_title: str
    missing: bool


class BookmarkListModel(QAbstractListModel):
    """Rows of bookmarks, newest first. A model rather than item widgets: the 'all articles' view may hold
    tens of thousands of rows and only the visible ones are ever drawn."""

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.theme = theme
        self._more: Callable[[int], list[Row]] | None = None

    def set_rows(self, rows: list[Row], more: Callable[[int], list[Row]] | None = None) -> None:
        """Show ``rows``; ``more(offset)`` gives the next page when the view scrolls to the end."""
        self.beginResetModel()
        self.rows = rows
        self._more = more
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return self._more is not None and not parent.isValid()

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if self._more is None or parent.isValid():
            return
        page = self._more(len(self.rows))
        if len(page) < PAGE_SIZE:
            self._more = None
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return placement.row_text(row.bookmark, row.article_title, row.missing)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.bookmark.quote[:1000] + (f"\n\nNote: {row.bookmark.note}" if row.bookmark.note else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(self.theme.highlight(row.bookmark.color))
        if role == IdRole:
            return row.bookmark.id
        if role == MissingRole:
            return row.missing
        return None


class NotesPanel(QWidget):
    passage_requested = Signal(str, str)  # article id, bookmark id
    reattach_requested = Signal(str)  # bookmark id: attach it to the article's selected text
    bookmarks_changed = Signal()
    text_changed = Signal(str, str)  # "bookmark" or "note", and its id: what search indexes has changed

    def __init__(self, store: Store, title_of: Callable[[str], str], theme: Theme) -> None:
        super().__init__()
        self.setObjectName("notesPanel")
        self.store = store
        self.title_of = title_of
        self.article_id = ""
        self.missing: set[str] = set()  # bookmarks whose passage was not found when their article was shown
        self.deleted: list[Bookmark | Note] = []  # for Undo, the last one last

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
        self.empty_label = QLabel("No bookmarks yet. Select a passage and press Ctrl+D.")
        self.empty_label.setWordWrap(True)

        self.color = QComboBox()
        self.color.setObjectName("bookmarkColor")
        self.color.setAccessibleName("Highlight colour")
        self.color.addItems([c.capitalize() for c in COLORS])
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
        details = QHBoxLayout()
        details.addWidget(self.color)
        details.addWidget(self.include, 1)
        details.addWidget(self.delete_button)

        bookmarks_tab = QWidget()
        bookmarks_layout = QVBoxLayout(bookmarks_tab)
        bookmarks_layout.addWidget(self.scope)
        bookmarks_layout.addWidget(self.bookmark_list, 1)
        bookmarks_layout.addWidget(self.empty_label)
        bookmarks_layout.addWidget(self.reattach_button)
        bookmarks_layout.addLayout(details)

        self.note_list = QListWidget()
        self.note_list.setObjectName("noteList")
        self.note_list.setAccessibleName("My notes")
        self.note_list.setAccessibleDescription("Your notes, newest first. Choose one to edit it below.")
        self.new_note_button = QPushButton("New note")
        self.new_note_button.setObjectName("newNote")
        self.delete_note_button = QPushButton("Delete note")
        self.delete_note_button.setObjectName("deleteNote")
        self.delete_note_button.setToolTip("Delete this note (Ctrl+Z brings it back)")
        self.question = QCheckBox("A question for my clinician")
        self.question.setObjectName("noteIsQuestion")
        self.question_state = QComboBox()
        self.question_state.setObjectName("questionState")
        self.question_state.setAccessibleName("Question state")
        self.question_state.addItems([QUESTION_STATE_LABELS[s] for s in QUESTION_STATES])
        self.answer = QLineEdit()
        self.answer.setObjectName("questionAnswer")
        self.answer.setPlaceholderText("The answer I was given")
        self.answer.setAccessibleName("Answer")
        question_row = QHBoxLayout()
        question_row.addWidget(self.question, 1)
        question_row.addWidget(self.question_state)
        notes_tab = QWidget()
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.addWidget(self.note_list, 1)
        note_buttons = QHBoxLayout()
        note_buttons.addWidget(self.new_note_button)
        note_buttons.addWidget(self.delete_note_button)
        notes_layout.addLayout(note_buttons)
        notes_layout.addLayout(question_row)
        notes_layout.addWidget(self.answer)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("notesTabs")
        self.tabs.tabBar().setAccessibleName("Bookmarks or notes")
        self.tabs.addTab(bookmarks_tab, "Bookmarks")
        self.tabs.addTab(notes_tab, "Notes")
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
        self.new_note_button.clicked.connect(lambda: self.new_note())
        self.delete_note_button.clicked.connect(self.delete_current_note)
        self.note_list.currentItemChanged.connect(lambda item, _old: self._show_note(item))
        self.question.clicked.connect(self._question_changed)
        self.question_state.activated.connect(lambda _i: self._question_changed())
        self.answer.editingFinished.connect(self._question_changed)
        self.editor.saved.connect(lambda _text: self._refresh_labels())
        self._show_bookmark(QModelIndex())
        self._show_note(None)
        self.refresh_notes()

    # ------------------------------------------------------------------------------------------ bookmarks
    def set_article(self, article_id: str, missing: set[str]) -> None:
        self.article_id = article_id
        self.missing = {m for m in self.missing if self.store_article(m) != article_id} | missing
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
            rows.append(Row(bookmark, title, bookmark.id in self.missing))
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

        def save(text: str) -> None:
            self.store.update_bookmark(bookmark_id, note=text)

        try:
            note = self.store.get_bookmark(bookmark_id).note  # the row may predate the last save
        except MgReaderError:
            note = bookmark.note
        self.editor.open(
            f"Note on \u201c{placement.shorten(bookmark.quote, 80)}\u201d",
            note,
            save,
            "bookmark:" + bookmark_id,
        )
        self.editor.heading.setProperty("bookmark", bookmark_id)

    def _color_chosen(self, number: int) -> None:
        self._update_current(color=COLORS[number])

    def _include_toggled(self, checked: bool) -> None:
        self._update_current(include_in_sheet=checked)

    def _update_current(self, **changes: Any) -> None:
        bookmark_id = self.current_bookmark_id()
        if not bookmark_id:
            return
        self.editor.save()
        try:
            self.store.update_bookmark(bookmark_id, **changes)
        except MgReaderError as error:
            self.editor.status.setText(f"Not saved: {error}")
            return
        self.refresh(bookmark_id)
        self.bookmarks_changed.emit()

    def delete_current(self) -> None:
        bookmark_id = self.current_bookmark_id()
        if not bookmark_id:
            return
        self.editor.save()
        self.editor.close_note()
        try:
            self.deleted.append(self.store.delete_bookmark(bookmark_id))
        except MgReaderError as error:
            self.editor.status.setText(f"Not deleted: {error}")
            return
        self.refresh()
        self.bookmarks_changed.emit()
        self.text_changed.emit("bookmark", bookmark_id)
        self.editor.status.setText("Bookmark deleted. Press Ctrl+Z to bring it back.")

    def undo_delete(self) -> bool:
        """Bring back what was deleted last, a bookmark or a note."""
        if not self.deleted:
            return False
        record = self.deleted.pop()
        kind = "note" if isinstance(record, Note) else "bookmark"
        try:
            if isinstance(record, Note):
                self.store.restore_note(record)
            else:
                self.store.restore_bookmark(record)
        except MgReaderError as error:
            self.deleted.append(record)
            self.editor.status.setText(f"Could not bring the {kind} back: {error}")
            return False
        if isinstance(record, Note):
            self.tabs.setCurrentIndex(1)
            self.refresh_notes(select=record.id)
        else:
            self.refresh(record.id)
            self.bookmarks_changed.emit()
        self.text_changed.emit(kind, record.id)
        return True

    def delete_current_note(self) -> None:
        item = self.note_list.currentItem()
        if item is None:
            return
        note_id = item.data(IdRole)
        self.editor.save()
        self.editor.detach()
        try:
            self.deleted.append(self.store.delete_note(note_id))
        except MgReaderError as error:
            self.editor.status.setText(f"Not deleted: {error}")
            return
        self.refresh_notes()
        self.text_changed.emit("note", note_id)
        self.editor.status.setText("Note deleted. Press Ctrl+Z to bring it back.")

    def _refresh_labels(self) -> None:
        """After a save: row markers such as 'has a note' follow the stored record."""
        bookmark_id = self.editor.heading.property("bookmark")
        if bookmark_id:
            self.text_changed.emit("bookmark", bookmark_id)
        elif self.note_list.currentItem() is not None:
            self.text_changed.emit("note", self.note_list.currentItem().data(IdRole))
        if bookmark_id:
            for number, row in enumerate(self.model.rows):
                if row.bookmark.id == bookmark_id:
                    fresh = self.store.get_bookmark(bookmark_id)
                    self.model.rows[number] = Row(fresh, row.article_title, row.missing)
                    index = self.model.index(number)
                    self.model.dataChanged.emit(index, index)
        else:
            self.refresh_notes(keep=True)

    # --------------------------------------------------------------------------------------------- notes
    def refresh_notes(self, keep: bool = False, select: str = "") -> None:
        current = select or (
            self.note_list.currentItem().data(IdRole) if self.note_list.currentItem() else ""
        )
        self.note_list.blockSignals(True)
        self.note_list.clear()
        for note in self.store.notes():
            if note.bookmark_id is not None:
                continue  # a bookmark's note shows with the bookmark
            item = QListWidgetItem(_note_label(note, self.title_of))
            item.setData(IdRole, note.id)
            self.note_list.addItem(item)
            if note.id == current:
                self.note_list.setCurrentItem(item)
        self.note_list.blockSignals(False)
        if not keep:
            self._show_note(self.note_list.currentItem())

    def new_note(self, article_id: str | None = None) -> Note | None:
        """A note on ``article_id`` (or standalone), opened in the editor with the cursor in it."""
        self._save_answer()
        self.editor.save()
        title = f"Note on {self.title_of(article_id)}" if article_id else ""
        try:
            note = self.store.add_note(title, "", article_id=article_id)
        except MgReaderError as error:
            self.editor.status.setText(f"The note could not be created: {error}")
            return None
        self.tabs.setCurrentIndex(1)
        self.refresh_notes(select=note.id)
        self.editor.edit.setFocus()
        return note

    def _show_note(self, item: QListWidgetItem | None) -> None:
        self._save_answer()
        for widget in (self.question, self.question_state, self.answer, self.delete_note_button):
            widget.setEnabled(item is not None)
        if item is None:
            return
        note = self.store.get_note(item.data(IdRole))
        self.question.setChecked(note.is_question)
        self.question_state.setCurrentIndex(QUESTION_STATES.index(note.question_state or "to_ask"))
        self.question_state.setEnabled(note.is_question)
        self.answer.setText(note.answer)
        self.answer.setEnabled(note.question_state == "answered")
        note_id = note.id

        def save(text: str) -> None:
            # The first line is the note's title, as in a paper notebook; an empty note keeps its old one.
            first = text.strip().splitlines()[0][:80] if text.strip() else ""
            saved = self.store.update_note(note_id, body=text, title=first or None)
            self.editor.heading.setText(saved.title or "New note")

        self.editor.open(note.title or "New note", note.body, save, "note:" + note.id)
        self.editor.heading.setProperty("bookmark", "")

    def _save_answer(self) -> None:
        """An answer being typed is saved before another note is shown (it is saved on leaving the field)."""
        if self.answer.isModified():
            self.answer.setModified(False)
            self._question_changed()

    def _question_changed(self) -> None:
        item = self.note_list.currentItem()
        if item is None:
            return
        note_id = item.data(IdRole)
        self.editor.save()
        state = QUESTION_STATES[self.question_state.currentIndex()]
        try:
            if self.question.isChecked():
                self.store.update_note(note_id, question_state=state, answer=self.answer.text())
            else:
                self.store.update_note(note_id, is_question=False, answer=self.answer.text())
        except MgReaderError as error:
            self.editor.status.setText(f"Not saved: {error}")
            return
        self.question_state.setEnabled(self.question.isChecked())
        self.answer.setEnabled(self.question.isChecked() and state == "answered")
        self.refresh_notes(keep=True)


def _note_label(note: Note, title_of: Callable[[str], str]) -> str:
    first = note.title or (note.body.strip().splitlines()[0] if note.body.strip() else "Empty note")
    details = [placement.human_time(note.updated)]
    if note.article_id:
        details.insert(0, title_of(note.article_id))
    if note.is_question and note.question_state:
        details.append(f"Question: {QUESTION_STATE_LABELS[note.question_state].lower()}")
    return f"{placement.shorten(first, 80)}\n{SEPARATOR.join(details)}"
