"""A read-only look at a notes file (or a backup): is it ours, of a version this app reads, undamaged?"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mgreader.core.notes.db import APPLICATION_ID, SCHEMA_VERSION

BUSY_SECONDS = 10.0  # how long to wait for a file another connection is writing

FileState = Literal["ok", "empty", "damaged", "not_ours", "newer", "unreadable"]


@dataclass(frozen=True)
class FileCheck:
    """What a read-only look at a notes file (or a backup) found. ``problem`` says it in words."""

    state: FileState
    problem: str = ""
    bookmarks: int = 0
    notes: int = 0


def check_file(path: Path, *, thorough: bool = True) -> FileCheck:
    """Look at a notes file without changing it: is it ours, of a version this app reads, undamaged?
    ``thorough`` runs ``integrity_check`` (which also compares every index with its table); otherwise
    ``quick_check``. Errors that say nothing about the file itself (no permission, busy) are "unreadable"."""
    try:
        db = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        return _failed(error)
    with closing(db):
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            tables = int(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
            if version == 0:
                if tables:
                    return FileCheck("not_ours", "it is not a Mg Reader notes file")
                return FileCheck("empty", "it holds no notes")
            if int(db.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
                return FileCheck("not_ours", "it is not a Mg Reader notes file")
            if version > SCHEMA_VERSION:
                return FileCheck("newer", "it was made by a newer version of Mg Reader")
            report = [row[0] for row in db.execute(f"PRAGMA {'integrity' if thorough else 'quick'}_check")]
            if report != ["ok"]:
                return FileCheck("damaged", f"it is damaged ({report[0]})")
            bookmarks = int(db.execute("SELECT count(*) FROM bookmarks").fetchone()[0])
            notes = int(db.execute("SELECT count(*) FROM notes").fetchone()[0])
        except sqlite3.Error as error:
            return _failed(error)
    return FileCheck("ok", "", bookmarks, notes)


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` read-only: SQLite never writes to the file or its -wal (it may build the
    -shm index), never creates a missing file, and never checkpoints on closing."""
    return f"{path.absolute().as_uri()}?mode=ro"


def _failed(error: sqlite3.Error) -> FileCheck:
    code = getattr(error, "sqlite_errorcode", -1) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return FileCheck("damaged", "it is damaged and cannot be read")
    return FileCheck("unreadable", f"it could not be read ({error})")
