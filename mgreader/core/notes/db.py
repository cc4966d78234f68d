"""The SQLite file behind the notes store: created private, opened with durable settings, its schema
brought up to date, and its errors put in words a reader can act on.

The schema version lives in ``PRAGMA user_version``; ``_MIGRATIONS[n]`` takes a file from version n to
n + 1 in one transaction. A file this code cannot use (damaged, someone else's, from a newer version) is
refused before anything is written to it: it is never changed or deleted.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from mgreader.core.errors import MgReaderError
from mgreader.core.journal.schema import JOURNAL_TABLES

# Marks the file as ours in its header ("MgRd"), so that another program's SQLite file is never migrated.
APPLICATION_ID = 0x4D675264


class StoreError(MgReaderError):
    """The notes file cannot be used: it is damaged, not a Mg Reader file, or from a newer version."""


class StoreWriteError(MgReaderError):
    """A change could not be saved. Nothing was written; the same change can be tried again."""


class StoreReadOnlyError(StoreWriteError):
    """A change could not be saved because the notes file or its folder may not be written to."""


_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY NOT NULL,
        article_id TEXT NOT NULL,
        quote TEXT NOT NULL CHECK (quote <> ''),
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL CHECK (start >= 0),
        content_hash TEXT NOT NULL,
        color TEXT NOT NULL,
        note TEXT NOT NULL,
        include_in_sheet INTEGER NOT NULL CHECK (include_in_sheet IN (0, 1)),
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    "CREATE INDEX bookmarks_by_article ON bookmarks (article_id, created)",
    "CREATE INDEX bookmarks_by_created ON bookmarks (created)",
    # Deleting a bookmark keeps its notes, as notes on the article (nothing is silently dropped).
    """CREATE TABLE notes (
        id TEXT PRIMARY KEY NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        article_id TEXT,
        bookmark_id TEXT REFERENCES bookmarks (id) ON DELETE SET NULL,
        is_question INTEGER NOT NULL CHECK (is_question IN (0, 1)),
        question_state TEXT CHECK (
            (is_question = 0 AND question_state IS NULL)
            OR (is_question = 1 AND question_state IN ('to_ask', 'asked', 'answered'))),
        answer TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL)""",
    "CREATE INDEX notes_by_article ON notes (article_id, created)",
    "CREATE INDEX notes_by_bookmark ON notes (bookmark_id)",
    "CREATE INDEX notes_by_created ON notes (created)",
)

# _MIGRATIONS[n] takes a file from version n to n + 1; version 0 is an empty file. Append, never edit.
# Version 3 (issue 19): a question can be starred, for the top of the appointment sheet.
_V3 = ("ALTER TABLE notes ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1))",)
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, JOURNAL_TABLES, _V3)
SCHEMA_VERSION = len(_MIGRATIONS)
SAVE_BUSY_TIMEOUT_MS = 50


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the notes file, ready for use: WAL journal, ``synchronous=FULL`` (notes are tiny;
    durability wins), foreign keys on, schema up to date. Transactions are explicit (see ``transaction``).

    Raises StoreError for a file that cannot be used, StoreReadOnlyError / StoreWriteError when it cannot
    be created or migrated. An up-to-date file that is read-only opens, and reading it works.
    """
    _create_private(path)
    _make_private(path)
    with translated(path):
        db = sqlite3.connect(path, isolation_level=None)
    try:
        with translated(path):
            _configure(db, path)
            # Opening may wait (another process migrating); a save may not: with another program holding
            # the lock, a save fails at once and the editor retries from its timer, instead of freezing the
            # window for 5 s (issue 11).
            db.execute(f"PRAGMA busy_timeout = {SAVE_BUSY_TIMEOUT_MS}")
    except BaseException:
        db.close()
        raise
    return db


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an up-to-date notes file for reading only, even in a folder that cannot be written (no -wal or
    -shm file is made: the file is taken as it is on disk). Every write then raises StoreReadOnlyError.

    Raises StoreError for a file that cannot be used, including one whose schema is not current (it could
    not be migrated without writing)."""
    if not path.is_file():
        raise StoreError(f"There is no notes file at {path}.")
    with translated(path):
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    try:
        with translated(path):
            version = _pragma(db, "user_version")
            if version != SCHEMA_VERSION or _pragma(db, "application_id") != APPLICATION_ID:
                raise StoreError(f"The notes file {path} cannot be read without being updated first.")
            db.execute("PRAGMA query_only = ON")
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def transaction(db: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One transaction, committed on leaving; rolled back (and translated) on any error."""
    with translated(path):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Errors from SQLite or the system leave as StoreError / StoreWriteError / StoreReadOnlyError."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, sqlite3.ProgrammingError):
            raise  # a bug (such as a closed store), not something the reader did
        raise _translate(error, path) from error


def _configure(db: sqlite3.Connection, path: Path) -> None:
    # Read before writing anything: a file we cannot use must stay exactly as it is.
    version = _pragma(db, "user_version")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Your notes file {path} was made by a newer version of Mg Reader. "
            "Please update Mg Reader to open it; the file has not been changed."
        )
    if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _not_ours(path)
    if version > 0 and _pragma(db, "application_id") != APPLICATION_ID:
        raise _not_ours(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = FULL")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    if version < SCHEMA_VERSION:
        if version > 0:
            _keep_before_migrating(db, path, version)
        with transaction(db, path):
            version = _pragma(db, "user_version")  # another process may have migrated meanwhile
            for statements in _MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _keep_before_migrating(db: sqlite3.Connection, path: Path, version: int) -> None:
    """A whole copy of the file as it was, beside it, before its schema changes: a migration that goes
    wrong (or a newer version the reader goes back from) can never cost them their notes."""
    copy = path.with_name(f"{path.name}.before-v{SCHEMA_VERSION}")
    if copy.exists():
        return
    target = sqlite3.connect(copy)
    try:
        db.backup(target)
    finally:
        target.close()
    with suppress(OSError):
        copy.chmod(0o600)


def _pragma(db: sqlite3.Connection, name: str) -> int:
    return int(db.execute(f"PRAGMA {name}").fetchone()[0])


def _create_private(path: Path) -> None:
    """Create the folder and an empty file readable by the user only; SQLite gives its -wal and -shm
    files the same permissions as the database file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise _translate(error, path) from error


def _make_private(path: Path) -> None:
    """Best effort: take away any access by others, and give the -wal and -shm files the permissions of the
    file itself. A -shm file left read-only by a read-only session would otherwise make every save fail
    after the reader makes the file writable again."""
    with suppress(OSError):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(mode & 0o700)
        for name in (f"{path.name}-wal", f"{path.name}-shm"):
            with suppress(OSError):
                companion = path.with_name(name)
                if stat.S_IMODE(companion.stat().st_mode) != mode & 0o600:
                    companion.chmod(mode & 0o600)


def _not_ours(path: Path) -> StoreError:
    return StoreError(f"The file {path} is not a Mg Reader notes file; it has not been changed.")


_SAVE = "Your notes could not be saved"
BUSY_REASON = "another program is using the notes file right now."


def _translate(error: sqlite3.Error | OSError, path: Path) -> MgReaderError:
    """The precise exception, with a sentence for the reader, for an error from SQLite or the system."""
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return StoreWriteError(f"{_SAVE}: the disk is full.")
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _read_only(path)
        return StoreWriteError(f"{_SAVE}: {error.strerror or error}.")
    code = getattr(error, "sqlite_errorcode", -1) & 0xFF
    name = getattr(error, "sqlite_errorname", "")
    if code == sqlite3.SQLITE_FULL:
        return StoreWriteError(f"{_SAVE}: the disk is full.")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM):
        return _read_only(path)
    if code == sqlite3.SQLITE_CANTOPEN:
        if not (_writable(path.parent) and _writable(path)):
            return _read_only(path)
        return StoreWriteError(f"{_SAVE}: the notes file {path} could not be opened.")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        # Not "Is Mg Reader open twice?": the one-copy lock already makes sure it is not, so the reader would
        # look for a second window that is not there. Some other program (a database browser, a backup or
        # sync tool, the mgreader command) has the file open for writing; it lets go by itself.
        return StoreWriteError(f"{_SAVE} yet: {BUSY_REASON}")
    if code == sqlite3.SQLITE_IOERR:
        return StoreWriteError(f"{_SAVE}: the disk reported an error ({name}).")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(f"Your notes file {path} is damaged and cannot be read; it has not been changed.")
    return StoreWriteError(f"{_SAVE}: {error}.")


def _read_only(path: Path) -> StoreReadOnlyError:
    """Say what the reader can fix: the folder, the file, or (a read-only disk) neither."""
    if not _writable(path.parent):
        return StoreReadOnlyError(f"{_SAVE}: Mg Reader may not write in the folder {path.parent}.")
    return StoreReadOnlyError(f"{_SAVE}: the notes file {path} is read-only.")


def _writable(path: Path) -> bool:
    """True when the file or folder may be written to, or does not exist yet."""
    try:
        return not path.exists() or os.access(
            path, os.W_OK, effective_ids=os.access in os.supports_effective_ids
        )
    except OSError:
        return False
