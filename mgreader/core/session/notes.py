"""Every change the reader makes to bookmarks and notes, each returning what it changed (``Done``).

The UI calls these instead of the store, and emits each ``Changes`` once: the panel, the highlights on the
page and the search index each refresh what the record names. That is how re-anchoring (the app noting
where a passage moved to) reaches the search index too: it is a change like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgreader.core.notes.anchoring import Anchor
from mgreader.core.notes.records import Bookmark, Note, QuestionState
from mgreader.core.notes.store import Store
from mgreader.core.session.changes import NOTHING, Changes, Done

TITLE_CHARS = 80


def title_from_text(text: str) -> str | None:
    """A note's title is its first line, as in a paper notebook; an empty note keeps its old one (None)."""
    # Only the start of the text is looked at: splitting a note of megabytes into lines at every save took
    # longer than the save itself (issue 11).
    first = (text.lstrip()[: TITLE_CHARS + 1].splitlines() or [""])[0][:TITLE_CHARS]
    return first.strip() or None


def _bookmark_changed(bookmark: Bookmark) -> Changes:
    return Changes(bookmarks=frozenset({bookmark.id}), highlights=frozenset({bookmark.article_id}))


def _note_changed(note: Note) -> Changes:
    return Changes(notes=frozenset({note.id}))


@dataclass
class NotesSession:
    """The reader's bookmarks and notes in one open store, with the Undo list of what was deleted."""

    store: Store
    deleted: list[Bookmark | Note] = field(default_factory=list)  # for Undo, the last one last

    # ------------------------------------------------------------------------------------------ bookmarks
    def add_bookmark(self, article_id: str, anchor: Anchor) -> Done[Bookmark]:
        bookmark = self.store.add_bookmark(article_id, anchor)
        return Done(bookmark, _bookmark_changed(bookmark))

    def update_bookmark(
        self,
        bookmark_id: str,
        *,
        color: str | None = None,
        note: str | None = None,
        include_in_sheet: bool | None = None,
    ) -> Done[Bookmark]:
        """Change what is given. A note's text does not change the highlight: typing redraws nothing."""
        bookmark = self.store.update_bookmark(
            bookmark_id, color=color, note=note, include_in_sheet=include_in_sheet
        )
        if color is None and include_in_sheet is None:
            return Done(bookmark, Changes(bookmarks=frozenset({bookmark.id})))
        return Done(bookmark, _bookmark_changed(bookmark))

    def attach(self, bookmark_id: str, anchor: Anchor) -> Done[Bookmark]:
        """The reader attached a bookmark whose passage was lost to other text."""
        bookmark = self.store.update_bookmark(bookmark_id, anchor=anchor)
        return Done(bookmark, _bookmark_changed(bookmark))

    def reanchor(self, moves: dict[str, Anchor]) -> Done[list[Bookmark]]:
        """Record where passages were found again (not the reader's doing: ``updated`` stays). The quotes
        may have changed with the article, so the bookmarks are named for the search index; their
        highlights are already drawn where they were found."""
        moved = [self.store.update_bookmark(i, anchor=a, touch=False) for i, a in moves.items()]
        return Done(moved, Changes(bookmarks=frozenset(b.id for b in moved)))

    def delete_bookmark(self, bookmark_id: str) -> Done[Bookmark]:
        bookmark = self.store.delete_bookmark(bookmark_id)
        self.deleted.append(bookmark)
        return Done(bookmark, _bookmark_changed(bookmark))

    # ---------------------------------------------------------------------------------------------- notes
    def add_note(self, title: str = "", article_id: str | None = None) -> Done[Note]:
        note = self.store.add_note(title, "", article_id=article_id)
        return Done(note, _note_changed(note))

    def add_question(self, text: str) -> Done[Note]:
        """A new question for the clinician ("to ask"), such as one the medicines list suggests."""
        note = self.store.add_note(title_from_text(text) or "", text, question_state="to_ask")
        return Done(note, _note_changed(note))

    def save_note_text(self, note_id: str, text: str) -> Done[Note]:
        """Save what was typed; the first line becomes the title."""
        note = self.store.update_note(note_id, body=text, title=title_from_text(text))
        return Done(note, _note_changed(note))

    def set_question(self, note_id: str, is_question: bool, state: QuestionState, answer: str) -> Done[Note]:
        """Whether the note is a question for the clinician, its state, and the answer written down."""
        if is_question:
            note = self.store.update_note(note_id, question_state=state, answer=answer)
        else:
            note = self.store.update_note(note_id, is_question=False, answer=answer)
        return Done(note, _note_changed(note))

    def star(self, note_id: str, on: bool) -> Done[Note]:
        """Star a question (one of the top questions, first on the sheet) or take the star off."""
        note = self.store.update_note(note_id, starred=on)
        return Done(note, _note_changed(note))

    def starred_count(self) -> int:
        return sum(1 for n in self.store.notes(questions=True) if n.starred)

    def delete_note(self, note_id: str) -> Done[Note]:
        note = self.store.delete_note(note_id)
        self.deleted.append(note)
        return Done(note, _note_changed(note))

    # ----------------------------------------------------------------------------------------------- undo
    def deleted_elsewhere(self, record: Bookmark | Note) -> None:
        """``record`` was deleted through another session over the same notes (the background writer's,
        for a long note): Undo brings it back as if it had been deleted here."""
        self.deleted.append(record)

    def can_undo(self) -> bool:
        return bool(self.deleted)

    def undo(self) -> Done[Bookmark | Note | None]:
        """Bring back what was deleted last, a bookmark or a note. If the store refuses, it stays on the
        Undo list (the error propagates) so the reader can try again."""
        if not self.deleted:
            return Done(None, NOTHING)
        record = self.deleted[-1]
        if isinstance(record, Note):
            restored: Bookmark | Note = self.store.restore_note(record)
            changes = _note_changed(record)
        else:
            restored = self.store.restore_bookmark(record)
            changes = _bookmark_changed(record)
        self.deleted.pop()
        return Done(restored, changes)
