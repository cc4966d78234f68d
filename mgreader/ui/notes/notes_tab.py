"""The Notes tab of the panel: the reader's notes, newest first, and whether each is a question."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import placement
from mgreader.core.notes.store import QUESTION_STATE_LABELS, QUESTION_STATES, Bookmark, Note, Store
from mgreader.core.session.changes import Changes, Done
from mgreader.core.session.notes import NotesSession, title_from_text
from mgreader.ui.aloud import aloud_menu
from mgreader.ui.notes.bookmark_model import IdRole
from mgreader.ui.notes.note_editor import LONGEST_WAIT_MS

if TYPE_CHECKING:
    from mgreader.ui.notes.note_editor import BackgroundSaver, NoteEditor, Saver

SEPARATOR = " \u00b7 "
BOOKMARK_NOTE = "bookmark:"  # the list's key for a note written on a bookmark


class Panel(Protocol):
    """What the tab shares with the panel around it: the notes, the editor, and the Undo list."""

    store: Store
    session: NotesSession
    editor: NoteEditor
    title_of: Callable[[str], str]
    just_saved: dict[str, Bookmark | Note]  # what a save returned, to relabel its row without reading it

    def apply(self, changes: Changes) -> None: ...

    def bookmark_savers(self, bookmark_id: str) -> tuple[Saver, BackgroundSaver]: ...

    def write_elsewhere(
        self, change: Callable[[NotesSession], Done[Any]], then: Callable[[Done[Any]], None], failed: Saver
    ) -> None: ...

    def show_notes_tab(self) -> None: ...

    def say(self, text: str) -> None: ...


TOP_QUESTIONS = 3
STAR_HINT = (
    "{count} questions are starred. A short appointment has room for about three: the sheet puts the first "
    "three at the top. If they all matter now, you could ask for a longer appointment."
)


class NotesTab(QWidget):
    def __init__(self, panel: Panel) -> None:
        super().__init__()
        self.panel = panel
        self.note_list = QListWidget()
        self.note_list.setObjectName("noteList")
        self.note_list.setAccessibleName("My notes")
        self.note_list.setAccessibleDescription(
            "Every note: on its own, on an article or on a bookmarked passage. Choose one to edit it below."
        )
        # Rows wrap: a question cut mid-sentence behind a sideways scroll bar cannot be read.
        self.note_list.setWordWrap(True)
        self.note_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.note_list.setResizeMode(QListView.ResizeMode.Adjust)
        aloud_menu.add_entry(self.note_list, "note", lambda index: str(index.data(IdRole)))
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
        self.starred = QCheckBox("\u2605 Top question")
        self.starred.setObjectName("noteStarred")
        self.starred.setToolTip("Your top three questions go first on the appointment sheet")
        question_row = QHBoxLayout()
        question_row.addWidget(self.question, 1)
        question_row.addWidget(self.question_state)
        notes_layout = QVBoxLayout(self)
        notes_layout.addWidget(self.note_list, 1)
        note_buttons = QHBoxLayout()
        note_buttons.addWidget(self.new_note_button)
        note_buttons.addWidget(self.delete_note_button)
        notes_layout.addLayout(note_buttons)
        notes_layout.addLayout(question_row)
        notes_layout.addWidget(self.starred)  # a row of its own: the panel stays narrow
        notes_layout.addWidget(self.answer)

        self.new_note_button.clicked.connect(lambda: self.new_note())
        self.delete_note_button.clicked.connect(self.delete_current_note)
        self.note_list.currentItemChanged.connect(lambda item, _old: self.show_note_item(item))
        self.question.clicked.connect(self._question_changed)
        self.question_state.activated.connect(lambda _i: self._question_changed())
        self.answer.editingFinished.connect(self._question_changed)
        # An answer being typed is saved at least once a second too (it was saved only on leaving the field).
        self._answer_timer = QTimer(self)
        self._answer_timer.setSingleShot(True)
        self._answer_timer.setInterval(LONGEST_WAIT_MS)
        self._answer_timer.timeout.connect(self._save_answer)
        self.answer.textEdited.connect(
            lambda _text: self._answer_timer.isActive() or self._answer_timer.start()
        )
        self.starred.clicked.connect(self._star_changed)

    def refresh_notes(self, keep: bool = False, select: str = "") -> None:
        current = select or (
            self.note_list.currentItem().data(IdRole) if self.note_list.currentItem() else ""
        )
        self.note_list.blockSignals(True)
        self.note_list.clear()
        # Every note is here, whatever it belongs to: a reader who wrote on a bookmark looks here too.
        store, title_of = self.panel.store, self.panel.title_of
        rows = [(note.created, note.id, note_label(note, title_of)) for note in store.notes()]
        rows += [(b.created, BOOKMARK_NOTE + b.id, bookmark_note_label(b, title_of))
                 for b in store.bookmarks_with_notes()]  # fmt: skip
        for _created, key, label in sorted(rows, key=lambda row: row[0], reverse=True):
            item = QListWidgetItem(label)
            item.setData(IdRole, key)
            self.note_list.addItem(item)
            if key == current:
                self.note_list.setCurrentItem(item)
        self.note_list.blockSignals(False)
        if not keep:
            self.show_note_item(self.note_list.currentItem())

    def new_note(self, article_id: str | None = None) -> Note | None:
        """A note on ``article_id`` (or standalone), opened in the editor with the cursor in it."""
        self._save_answer()
        # The note being typed is saved as it is left, when the new one opens (a long one in the background:
        # saving it here held the window for the whole write).
        title = f"Note on {self.panel.title_of(article_id)}" if article_id else ""
        try:
            done = self.panel.session.add_note(title, article_id=article_id)
        except MgReaderError as error:
            self.panel.editor.status.setText(f"The note could not be created: {error}")
            return None
        self.panel.show_notes_tab()
        self.refresh_notes(select=done.value.id)
        self.panel.apply(done.changes)
        self.panel.editor.edit.setFocus()
        return done.value

    def show_note_item(self, item: QListWidgetItem | None) -> None:
        self._save_answer()
        for widget in (
            self.question,
            self.question_state,
            self.answer,
            self.delete_note_button,
            self.starred,
        ):
            widget.setEnabled(item is not None)
        if item is None:
            return
        if item.data(IdRole).startswith(BOOKMARK_NOTE):
            self._show_bookmark_note(item.data(IdRole).removeprefix(BOOKMARK_NOTE))
            return
        self.panel.editor.settle("note:" + item.data(IdRole))
        note = self.panel.store.get_note(item.data(IdRole))
        self.question.setChecked(note.is_question)
        self.question_state.setCurrentIndex(QUESTION_STATES.index(note.question_state or "to_ask"))
        self.question_state.setEnabled(note.is_question)
        self.starred.setChecked(note.starred)
        self.starred.setEnabled(note.is_question)
        self.answer.setText(note.answer)
        self.answer.setEnabled(note.question_state == "answered")
        note_id = note.id

        def save(text: str) -> None:
            done = self.panel.session.save_note_text(note_id, text)
            self.panel.just_saved[note_id] = done.value
            self.panel.apply(done.changes)

        def save_elsewhere(text: str, path: Path = self.panel.store.path) -> Callable[[], None]:
            with Store.open(path) as own:  # the background writer's thread has its own connection
                session = NotesSession(own)
                done = session.save_note_text(note_id, text)
            return lambda: self._saved_elsewhere(done)

        # The heading says what the note belongs to; its text is right below and is not repeated.
        heading = belongs_to(note.article_id, note.bookmark_id is not None, self.panel.title_of)
        self.panel.editor.open(heading, note.body, save, "note:" + note.id, save_elsewhere)
        self.panel.editor.heading.setProperty("bookmark", "")

    def _saved_elsewhere(self, done: Done[Note]) -> None:
        """A long note was written by the background writer: count it, and tell the window."""
        self.panel.store.external_changes += 1
        self.panel.just_saved[done.value.id] = done.value
        self.panel.apply(done.changes)

    def _show_bookmark_note(self, bookmark_id: str) -> None:
        """A note written on a bookmark, edited from the Notes tab (the same text as in the Bookmarks tab)."""
        editing_only: list[QWidget] = [self.question, self.question_state, self.answer, self.starred]
        for widget in (*editing_only, self.delete_note_button):
            widget.setEnabled(False)  # questions and deleting belong to notes; a bookmark's note is its text
        self.panel.editor.settle("bookmark:" + bookmark_id)
        try:
            bookmark = self.panel.store.get_bookmark(bookmark_id)
        except MgReaderError:
            return

        save, save_elsewhere = self.panel.bookmark_savers(bookmark_id)  # long: in the background
        heading = belongs_to(bookmark.article_id, True, self.panel.title_of)
        quote = placement.shorten(bookmark.quote, 60)
        key = "bookmark:" + bookmark_id  # the same key as in the Bookmarks tab: unsaved text follows it
        self.panel.editor.open(f"{heading}: \u201c{quote}\u201d", bookmark.note, save, key, save_elsewhere)
        self.panel.editor.heading.setProperty("bookmark", bookmark_id)  # saving updates its row there too

    def _save_answer(self) -> None:
        """An answer being typed is saved before another note is shown (it is saved on leaving the field)."""
        if self.answer.isModified():
            self.answer.setModified(False)
            self._question_changed()

    def _long(self, note_id: str) -> bool:
        """Whether the note is long: a change to it is written in the background (``write_elsewhere``)."""
        return self.panel.editor.holds_long("note:" + note_id)

    def _question_changed(self) -> None:
        item = self.note_list.currentItem()
        if item is None:
            return
        note_id = item.data(IdRole)
        state = QUESTION_STATES[self.question_state.currentIndex()]
        asked, answer = self.question.isChecked(), self.answer.text()
        if self._long(note_id):

            def changed(done: Done[Any]) -> None:
                self.panel.apply(done.changes)
                self.refresh_notes(keep=True)

            def change(session: NotesSession) -> Done[Note]:
                return session.set_question(note_id, asked, state, answer)

            self.panel.write_elsewhere(change, changed, self._not_saved)
        else:
            self.panel.editor.save()
            try:
                done = self.panel.session.set_question(note_id, asked, state, answer)
            except MgReaderError as error:
                self.panel.editor.status.setText(f"Not saved: {error}")
                return
            self.panel.apply(done.changes)
            self.refresh_notes(keep=True)
        self.question_state.setEnabled(self.question.isChecked())
        self.starred.setEnabled(self.question.isChecked())
        self.answer.setEnabled(self.question.isChecked() and state == "answered")

    def delete_current_note(self) -> None:
        item = self.note_list.currentItem()
        if item is None:
            return
        note_id = item.data(IdRole)
        if note_id.startswith(BOOKMARK_NOTE):
            return  # a bookmark's note goes with its bookmark (delete the bookmark, or empty the note)
        if self._long(note_id):
            self.panel.editor.close_note()  # its last typing is saved first, in the background writer

            def deleted(done: Done[Any]) -> None:
                self.panel.session.deleted_elsewhere(done.value)
                self.refresh_notes()
                self.panel.apply(done.changes)
                self.panel.say("Note deleted. Press Ctrl+Z to bring it back.")

            def failed(reason: str) -> None:
                self.refresh_notes()  # the note is opened again: the reason is said once it is in
                editor = self.panel.editor
                editor.when_open(lambda: editor.status.setText(f"Not deleted: {reason}"))

            self.panel.write_elsewhere(lambda session: session.delete_note(note_id), deleted, failed)
            return
        self.panel.editor.save()
        self.panel.editor.detach()
        try:
            done = self.panel.session.delete_note(note_id)
        except MgReaderError as error:
            self.panel.editor.status.setText(f"Not deleted: {error}")
            return
        self.refresh_notes()
        self.panel.apply(done.changes)
        self.panel.say("Note deleted. Press Ctrl+Z to bring it back.")

    def _not_saved(self, reason: str) -> None:
        """A change written in the background failed: say so, and show the note as it is stored."""
        self.panel.editor.status.setText(f"Not saved: {reason}")
        self.show_note_item(self.note_list.currentItem())  # the editor keeps what is typed (same note)

    def _star_changed(self) -> None:
        item = self.note_list.currentItem()
        if item is None:
            return
        note_id, on = item.data(IdRole), self.starred.isChecked()
        if self._long(note_id):

            def change(session: NotesSession) -> Done[tuple[Note, int]]:
                note = session.store.get_note(note_id)
                if on and not note.is_question:  # making it a question failed just before: no star either
                    return Done((note, session.starred_count()), Changes())
                done = session.star(note_id, on)
                return Done((done.value, session.starred_count()), done.changes)

            def starred(done: Done[Any]) -> None:
                note, count = done.value
                self._starred(note, count, done.changes)

            self.panel.write_elsewhere(change, starred, self._not_saved)
            return
        try:
            done = self.panel.session.star(note_id, on)
            count = self.panel.session.starred_count()
        except MgReaderError as error:
            self.panel.editor.status.setText(f"The star could not be saved: {error}")
            return
        self._starred(done.value, count, done.changes)

    def _starred(self, note: Note, count: int, changes: Changes) -> None:
        self.panel.apply(changes)
        self.refresh_notes(keep=True)  # the list says which are starred
        if note.starred and count > TOP_QUESTIONS:
            self.panel.editor.status.setText(STAR_HINT.format(count=count))


def belongs_to(article_id: str | None, on_passage: bool, title_of: Callable[[str], str]) -> str:
    if article_id and on_passage:
        return f"Note on a passage in {title_of(article_id)}"
    return f"Note on {title_of(article_id)}" if article_id else "Note (not on an article)"


def bookmark_note_label(bookmark: Bookmark, title_of: Callable[[str], str]) -> str:
    text = placement.shorten(bookmark.note, 200)  # which folds its white space
    where = belongs_to(bookmark.article_id, True, title_of).removeprefix("Note on ")
    return f"{text}\nOn {where}{SEPARATOR}{placement.human_time(bookmark.updated)}"


def note_label(note: Note, title_of: Callable[[str], str]) -> str:
    first = note.title or title_from_text(note.body) or "Empty note"
    details = [placement.human_time(note.updated)]
    where = belongs_to(note.article_id, note.bookmark_id is not None, title_of)
    details.insert(0, "Not on an article" if not note.article_id else "On " + where.removeprefix("Note on "))
    if note.is_question and note.question_state:
        details.append(f"Question: {QUESTION_STATE_LABELS[note.question_state].lower()}")
    if note.starred:
        details.append("\u2605 top question")
    return f"{placement.shorten(first, 200)}\n{SEPARATOR.join(details)}"
