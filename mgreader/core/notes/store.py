"""The reader's bookmarks and notes, each change committed before its method returns.

Durability comes first (issue 4: "never lose a word"): one transaction per user action, in a SQLite file
opened by ``notes_db`` (WAL, ``synchronous=FULL``, foreign keys, private permissions, migrations). Every
record has a uuid4 id and created/updated timestamps (ISO 8601, UTC), ready for export and merge.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from mgreader.core.notes import db as notes_db
from mgreader.core.notes import rows
from mgreader.core.notes.anchoring import Anchor

# The errors of the notes file, importable from here too: callers of Store catch them.
from mgreader.core.notes.db import StoreError as StoreError
from mgreader.core.notes.db import StoreReadOnlyError as StoreReadOnlyError
from mgreader.core.notes.db import StoreWriteError as StoreWriteError

# The records and their rules live in records.py; importable from here too, as callers of Store use them.
from mgreader.core.notes.records import COLORS as COLORS
from mgreader.core.notes.records import QUESTION_STATE_LABELS as QUESTION_STATE_LABELS
from mgreader.core.notes.records import QUESTION_STATES as QUESTION_STATES
from mgreader.core.notes.records import Bookmark as Bookmark
from mgreader.core.notes.records import MergeResult as MergeResult
from mgreader.core.notes.records import Note as Note
from mgreader.core.notes.records import QuestionState as QuestionState
from mgreader.core.notes.records import RecordNotFoundError as RecordNotFoundError
from mgreader.core.notes.records import check_color as _check_color
from mgreader.core.notes.records import question as _question
from mgreader.core.notes.records import stamp as _format_stamp

if TYPE_CHECKING:
    from mgreader.core.journal.store import JournalStore


class Store:
    """The open notes file. Methods that change something commit before they return, and return the
    record as it now is (or as it was, for a deletion, so that it can be restored)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        """Open (or create) the notes file at ``path`` and bring its schema up to date.

        Raises StoreError for a file that cannot be used, StoreReadOnlyError / StoreWriteError when it
        cannot be created or migrated (see ``notes_db.connect``). A read-only file opens for reading as
        long as its folder is writable or its -shm file exists; ``read_only`` opens it for reading in any
        case, and every change then raises StoreReadOnlyError.
        """
        self.path = path
        self.read_only = read_only
        self._last_stamp: datetime | None = None
        self._db = notes_db.connect_read_only(path) if read_only else notes_db.connect(path)
        self._journal: JournalStore | None = None
        # Writes made to the same file through another connection (the note editor's background writer),
        # counted by their writer so that "changed since the last backup" sees them.
        self.external_changes = 0

    @property
    def journal(self) -> JournalStore:
        """Check-ins, medicines and visits: tables of the same file, sharing its connection."""
        if self._journal is None:
            # Imported on first use: a window that never opens the journal never loads its modules.
            from mgreader.core.journal.store import JournalStore

            self._journal = JournalStore(self._db, self.path, self._stamp)
        return self._journal

    @property
    def change_count(self) -> int:
        """Rows changed through this connection since it opened: a cheap way to know whether to back up."""
        return self._db.total_changes + self.external_changes

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    # Bookmarks

    def add_bookmark(self, article_id: str, anchor: Anchor, color: str = "yellow") -> Bookmark:
        """Bookmark a passage; the same passage (article, quote and position) bookmarked again returns the
        existing bookmark unchanged."""
        _check_color(color)
        with self._write() as db:
            row = db.execute(
                f"SELECT {rows.BOOKMARK_COLUMNS} FROM bookmarks"
                " WHERE article_id = ? AND start = ? AND quote = ?",
                (article_id, anchor.start, anchor.quote),
            ).fetchone()
            if row is not None:
                return rows.bookmark(row)
            stamp = self._stamp()
            bookmark = Bookmark(
                str(uuid.uuid4()), article_id, anchor.quote, anchor.prefix, anchor.suffix, anchor.start,
                anchor.content_hash, color, "", False, stamp, stamp,
            )  # fmt: skip
            rows.insert_bookmark(db, bookmark)
        return bookmark

    def get_bookmark(self, bookmark_id: str) -> Bookmark:
        with self._read() as db:
            return rows.fetch_bookmark(db, bookmark_id)

    def bookmarks_for(self, article_id: str) -> list[Bookmark]:
        """The article's bookmarks, newest first."""
        with self._read() as db:
            found = db.execute(
                f"SELECT {rows.BOOKMARK_COLUMNS} FROM bookmarks WHERE article_id = ? {rows.NEWEST_FIRST}",
                (article_id,),
            ).fetchall()
        return [rows.bookmark(row) for row in found]

    def bookmarks_with_notes(self) -> list[Bookmark]:
        """Bookmarks with a note written on them, newest first (the Notes tab lists them with the notes)."""
        with self._read() as db:
            found = db.execute(
                f"SELECT {rows.BOOKMARK_COLUMNS} FROM bookmarks WHERE trim(note) != '' {rows.NEWEST_FIRST}"
            ).fetchall()
        return [rows.bookmark(row) for row in found]

    def all_bookmarks(self, limit: int | None = None, offset: int = 0) -> list[Bookmark]:
        """Every bookmark, newest first; with ``limit``, one page of them. Reading all 20,000 rows of a
        big collection takes most of 100 ms, so a long list is best filled a page at a time."""
        with self._read() as db:
            found = db.execute(
                f"SELECT {rows.BOOKMARK_COLUMNS} FROM bookmarks {rows.NEWEST_FIRST} LIMIT ? OFFSET ?",
                (-1 if limit is None else limit, offset),
            ).fetchall()
        return [rows.bookmark(row) for row in found]

    def update_bookmark(
        self,
        bookmark_id: str,
        *,
        color: str | None = None,
        note: str | None = None,
        include_in_sheet: bool | None = None,
        anchor: Anchor | None = None,
        touch: bool = True,
    ) -> Bookmark:
        """Change what is given. ``anchor`` re-attaches the bookmark to a passage (or records where it was
        found again). A change to nothing writes nothing and keeps ``updated``; so does ``touch=False``, for
        bookkeeping the reader did not do (the app noting where a passage moved to), which must not make the
        bookmark look newer to the sheet's date range or to an import merge."""
        if color is not None:
            _check_color(color)
        with self._write() as db:
            old = rows.fetch_bookmark(db, bookmark_id)
            new = replace(
                old,
                color=old.color if color is None else color,
                note=old.note if note is None else note,
                include_in_sheet=old.include_in_sheet if include_in_sheet is None else include_in_sheet,
            )
            if anchor is not None:
                new = replace(
                    new, quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix, start=anchor.start,
                    content_hash=anchor.content_hash,
                )  # fmt: skip
            if new == old:
                return old
            if touch:
                new = replace(new, updated=self._stamp())
            db.execute(
                "UPDATE bookmarks SET quote = ?, prefix = ?, suffix = ?, start = ?, content_hash = ?,"
                " color = ?, note = ?, include_in_sheet = ?, updated = ? WHERE id = ?",
                (new.quote, new.prefix, new.suffix, new.start, new.content_hash, new.color, new.note,
                 int(new.include_in_sheet), new.updated, bookmark_id),
            )  # fmt: skip
        return new

    def delete_bookmark(self, bookmark_id: str) -> Bookmark:
        """Delete a bookmark and return it, for Undo. Notes on it stay, as notes on its article."""
        with self._write() as db:
            bookmark = rows.fetch_bookmark(db, bookmark_id)
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return bookmark

    def restore_bookmark(self, bookmark: Bookmark) -> Bookmark:
        """Undo a deletion: the same id, timestamps and fields. Restoring twice is harmless."""
        with self._write() as db:
            rows.insert_bookmark(db, bookmark, or_ignore=True)
            return rows.fetch_bookmark(db, bookmark.id)

    # Notes

    def add_note(
        self,
        title: str = "",
        body: str = "",
        *,
        article_id: str | None = None,
        bookmark_id: str | None = None,
        is_question: bool = False,
        question_state: QuestionState | None = None,
        answer: str = "",
    ) -> Note:
        """A new note: on ``bookmark_id`` (its article is taken from the bookmark), on ``article_id``, or
        standalone when both are None. A ``question_state`` makes the note a question; a question starts
        as "to_ask"."""
        asked = is_question or question_state is not None
        is_question, question_state = _question(asked, question_state, None)
        with self._write() as db:
            if bookmark_id is not None:
                bookmark = rows.fetch_bookmark(db, bookmark_id)
                if article_id not in (None, bookmark.article_id):
                    raise ValueError(f"bookmark {bookmark_id} is not in article {article_id}")
                article_id = bookmark.article_id
            stamp = self._stamp()
            note = Note(
                str(uuid.uuid4()), title, body, article_id, bookmark_id, is_question, question_state, answer,
                stamp, stamp,
            )  # fmt: skip
            rows.insert_note(db, note)
        return note

    def get_note(self, note_id: str) -> Note:
        with self._read() as db:
            return rows.fetch_note(db, note_id)

    def notes(
        self,
        *,
        article_id: str | None = None,
        bookmark_id: str | None = None,
        standalone: bool = False,
        questions: bool = False,
    ) -> list[Note]:
        """Notes, newest first: all of them, or those on an article (including those on its bookmarks),
        on a bookmark, or standalone ("My notes"); ``questions`` keeps only questions."""
        if standalone and (article_id is not None or bookmark_id is not None):
            raise ValueError("a standalone note has no article and no bookmark")
        conditions: list[str] = []
        values: list[str] = []
        if article_id is not None:
            conditions.append("article_id = ?")
            values.append(article_id)
        if bookmark_id is not None:
            conditions.append("bookmark_id = ?")
            values.append(bookmark_id)
        if standalone:
            conditions.append("article_id IS NULL AND bookmark_id IS NULL")
        if questions:
            conditions.append("is_question = 1")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._read() as db:
            found = db.execute(
                f"SELECT {rows.NOTE_COLUMNS} FROM notes {where} {rows.NEWEST_FIRST}", values
            ).fetchall()
        return [rows.note(row) for row in found]

    def update_note(
        self,
        note_id: str,
        *,
        title: str | None = None,
        body: str | None = None,
        is_question: bool | None = None,
        question_state: QuestionState | None = None,
        answer: str | None = None,
        starred: bool | None = None,
    ) -> Note:
        """Change what is given (autosave calls this with the whole body). Setting ``question_state``
        makes the note a question; ``is_question=False`` clears the state but keeps the answer text.
        A change to nothing writes nothing and keeps ``updated``."""
        with self._write() as db:
            if body is None:
                old, same_body = rows.fetch_note(db, note_id), True
            else:  # autosaves: the body given stands for the stored one, compared in SQLite
                old, same_body = rows.fetch_note_against(db, note_id, body)
            if is_question is None:
                is_question = old.is_question or question_state is not None
            flag, state = _question(is_question, question_state, old.question_state)
            new = replace(
                old,
                title=old.title if title is None else title,
                body=old.body if body is None else body,
                is_question=flag,
                question_state=state,
                answer=old.answer if answer is None else answer,
                starred=old.starred if starred is None else starred,
            )
            if new == old and same_body:
                return old
            new = replace(new, updated=self._stamp())
            db.execute(
                "UPDATE notes SET title = ?, body = ?, is_question = ?, question_state = ?, answer = ?,"
                " updated = ?, starred = ? WHERE id = ?",
                (
                    new.title,
                    new.body,
                    int(new.is_question),
                    new.question_state,
                    new.answer,
                    new.updated,
                    int(new.starred),
                    note_id,
                ),
            )
        return new

    def delete_note(self, note_id: str) -> Note:
        """Delete a note and return it, for Undo."""
        with self._write() as db:
            note = rows.fetch_note(db, note_id)
            db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return note

    def restore_note(self, note: Note) -> Note:
        """Undo a deletion. If its bookmark was deleted since, the note comes back on the bookmark's
        article. Restoring twice is harmless."""
        with self._write() as db:
            if note.bookmark_id is not None:
                exists = db.execute("SELECT 1 FROM bookmarks WHERE id = ?", (note.bookmark_id,)).fetchone()
                if exists is None:
                    note = replace(note, bookmark_id=None)
            rows.insert_note(db, note, or_ignore=True)
            return rows.fetch_note(db, note.id)

    # Import (issue 6)

    def merge(self, bookmarks: Iterable[Bookmark] = (), notes: Iterable[Note] = ()) -> list[MergeResult]:
        """Take in records from another copy of the notes (an import) in one transaction, keeping their ids
        and timestamps: a new id is added, an existing record is replaced only by a newer one (a later
        ``updated``; stamps in the store's format compare as text), nothing is deleted. A note whose
        bookmark is in neither copy stays on its article. Returns what happened to each record, bookmarks
        first, in the order given."""
        results: list[MergeResult] = []
        with self._write() as db:
            for table, columns, records in (
                ("bookmarks", rows.BOOKMARK_COLUMNS, list(bookmarks)),
                ("notes", rows.NOTE_COLUMNS, list(notes)),
            ):
                names = columns.split(", ")
                upsert = (
                    f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(names))})"
                    f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{n} = excluded.{n}' for n in names[1:])}"
                )
                for record in records:
                    row = db.execute(f"SELECT updated FROM {table} WHERE id = ?", (record.id,)).fetchone()
                    result: MergeResult = (
                        "added" if row is None
                        else "updated" if record.updated > row[0]
                        else "unchanged" if record.updated == row[0]
                        else "older"
                    )  # fmt: skip
                    results.append(result)
                    if result not in ("added", "updated"):
                        continue
                    if isinstance(record, Note) and record.bookmark_id is not None:
                        found = db.execute("SELECT 1 FROM bookmarks WHERE id = ?", (record.bookmark_id,))
                        if found.fetchone() is None:
                            record = replace(record, bookmark_id=None)
                    db.execute(upsert, astuple(record))  # field order is column order; bools bind as 0/1
        return results

    # Plumbing

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with notes_db.transaction(self._db, self.path) as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with notes_db.translated(self.path):
            yield self._db

    def _stamp(self) -> str:
        """Now, in UTC; always later than the previous stamp, so that "newest first" keeps the order of
        the reader's actions even when the clock does not move between two of them."""
        now = datetime.now(UTC)
        if self._last_stamp is not None and now <= self._last_stamp:
            now = self._last_stamp + timedelta(microseconds=1)
        self._last_stamp = now
        return _format_stamp(now)
