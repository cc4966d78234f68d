"""How bookmarks and notes are kept as rows of the notes file: their columns, and reading and writing one.

Kept apart from ``store`` (what the reader can do with the records) so that the SQL's column order, which
the records' field order follows, is written down once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from mgreader.core.notes.records import Bookmark, Note, RecordNotFoundError

# Column order is the records' field order: ``astuple(record)`` binds to it (Store.merge).
BOOKMARK_COLUMNS = (
    "id, article_id, quote, prefix, suffix, start, content_hash, color, note, include_in_sheet,"
    " created, updated"
)
NOTE_COLUMNS = (
    "id, title, body, article_id, bookmark_id, is_question, question_state, answer, created, updated, starred"
)
NEWEST_FIRST = "ORDER BY created DESC, rowid DESC"


def bookmark(row: Any) -> Bookmark:
    values = list(row)
    values[9] = bool(values[9])  # include_in_sheet
    return Bookmark(*values)


def note(row: Any) -> Note:
    values = list(row)
    values[5] = bool(values[5])  # is_question
    values[10] = bool(values[10])  # starred
    return Note(*values)


def fetch_bookmark(db: sqlite3.Connection, bookmark_id: str) -> Bookmark:
    row = db.execute(f"SELECT {BOOKMARK_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
    if row is None:
        raise RecordNotFoundError("This bookmark no longer exists; it may have been deleted.")
    return bookmark(row)


def fetch_note(db: sqlite3.Connection, note_id: str) -> Note:
    row = db.execute(f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
    if row is None:
        raise RecordNotFoundError("This note no longer exists; it may have been deleted.")
    return note(row)


def fetch_note_against(db: sqlite3.Connection, note_id: str, body: str) -> tuple[Note, bool]:
    """The note with ``body`` for its body, and whether that is the body it has: SQLite compares the two, and
    the stored one is not read back (for a note of megabytes that took 20-30 ms of every save)."""
    columns = NOTE_COLUMNS.replace("body", "'' AS body", 1)
    row = db.execute(f"SELECT {columns}, body = ? FROM notes WHERE id = ?", (body, note_id)).fetchone()
    if row is None:
        raise RecordNotFoundError("This note no longer exists; it may have been deleted.")
    return replace(note(row[:-1]), body=body), bool(row[-1])


def insert_bookmark(db: sqlite3.Connection, b: Bookmark, or_ignore: bool = False) -> None:
    db.execute(
        f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO bookmarks ({BOOKMARK_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (b.id, b.article_id, b.quote, b.prefix, b.suffix, b.start, b.content_hash, b.color, b.note,
         int(b.include_in_sheet), b.created, b.updated),
    )  # fmt: skip


def insert_note(db: sqlite3.Connection, n: Note, or_ignore: bool = False) -> None:
    db.execute(
        f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO notes ({NOTE_COLUMNS})"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (n.id, n.title, n.body, n.article_id, n.bookmark_id, int(n.is_question), n.question_state,
         n.answer, n.created, n.updated, int(n.starred)),
    )  # fmt: skip
