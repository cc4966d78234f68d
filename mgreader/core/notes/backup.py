"""Rolling backups of the notes file (issue 6): copied with SQLite's backup API, verified, rotated, restored.

A backup is made in a hidden temporary file in the backups folder, checked with ``PRAGMA integrity_check``
and only then renamed to ``notes-2026-11-24T21-15-03Z.sqlite3`` (UTC; a second one in the same second gets
``-2``). So a backup that failed, or a crash in the middle of one, never has a backup's name: every file
with that name is a complete, verified copy, and older backups are deleted only after a newer one verified.
Each backup is a single self-contained file (rollback journal, not WAL): it can be copied anywhere.

An empty notes file (no bookmarks, no notes) is not backed up: a backup of nothing could only push a backup
of something out of the rotation.

Restoring is a protocol with the caller, who owns the open ``Store``: close the store, call ``restore``,
open the store again. ``restore`` first backs up the current notes, then copies the chosen backup into the
notes file in one transaction, so a crash leaves either the old notes or the restored ones.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from mgreader.core.dates import moment_words
from mgreader.core.errors import MgReaderError
from mgreader.core.notes.db import BUSY_REASON
from mgreader.core.notes.filecheck import BUSY_SECONDS as _BUSY_SECONDS
from mgreader.core.notes.filecheck import check_file, read_only_uri
from mgreader.core.words import counted

KEEP_LAST = 10  # the newest backups, whatever their age
KEEP_DAILY = 7  # the newest backup of each of the last 7 days (today included)
KEEP_WEEKLY = 10  # the newest backup of each of the last 10 weeks (this one included): two months back
INTERVAL = timedelta(minutes=30)  # automatic backups while the app is open: at most this often

STAMP_FORMAT = "%Y-%m-%dT%H-%M-%SZ"  # UTC; sorts by time, and is a valid file name everywhere
_NAME = re.compile(r"notes-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ)(?:-(\d+))?\.sqlite3")
_TEMPORARY_PREFIX = ".notes-"  # hidden, and never matches _NAME
_STALE_TEMPORARY = 3600.0  # seconds; a temporary file this old was left by a crash
_COUNTER = itertools.count()
_BACKUP = "Your notes could not be backed up"
_RESTORE = "The backup could not be restored"


class BackupError(MgReaderError):
    """A backup could not be made or restored. Nothing was changed: older backups and the notes are intact."""


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was made (UTC, from its name) and what it holds. A backup that cannot be
    read or checked is listed with ``usable`` False and the reason in ``problem``."""

    path: Path
    time: datetime
    bookmarks: int
    notes: int
    usable: bool
    problem: str = ""

    def describe(self) -> str:
        """How the backup reads in a list or a message: "24 November 2026 at 22:15 (3 bookmarks, 1 note)",
        in local time."""
        if not self.usable:
            return f"{when(self.time)} (cannot be used: {self.problem})"
        return f"{when(self.time)} ({counted(self.bookmarks, 'bookmark')}, {counted(self.notes, 'note')})"


def when(moment: datetime) -> str:
    """Local time in words, in the reader's locale (core.dates)."""
    return moment_words(moment)


def due(last_backup_time: datetime | None, changed: bool, now: datetime) -> bool:
    """Whether an automatic backup is due while the app is open: after changes, at most every INTERVAL.
    (At quit, the app backs up whenever something changed, without asking this.) A clock that went back
    makes a backup due, rather than none for as long as it takes to catch up."""
    if not changed:
        return False
    return last_backup_time is None or not last_backup_time <= now < last_backup_time + INTERVAL


def choose_kept(times: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backup times to keep: the KEEP_LAST newest, the newest of each of the last KEEP_DAILY days and of
    each of the last KEEP_WEEKLY weeks (UTC calendar days, weeks starting on Monday), and any from the future
    (a clock that was ahead: not ours to judge).

    Keeping the *newest* of each day and week keeps the choice stable: a day's last backup, once the day is
    over, is also its week's last backup when the day ends its week, so nothing kept by one rule is deleted
    before another rule takes it over."""
    ordered = sorted(set(times))
    kept = set(ordered[-KEEP_LAST:]) | {moment for moment in ordered if moment > now}
    today, this_week = now.date(), _monday(now.date())
    newest_of_day: dict[date, datetime] = {}
    newest_of_week: dict[date, datetime] = {}
    for moment in ordered:  # oldest first: the last one seen of a day or week is its newest
        day = moment.date()
        if (today - day).days < KEEP_DAILY:
            newest_of_day[day] = moment
        if (this_week - _monday(day)).days < 7 * KEEP_WEEKLY:
            newest_of_week[_monday(day)] = moment
    return kept | set(newest_of_day.values()) | set(newest_of_week.values())


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class BackupManager:
    """The backups of one notes file, in one folder. ``clock`` returns the current time, timezone-aware."""

    def __init__(self, store_path: Path, backup_dir: Path, clock: Callable[[], datetime]) -> None:
        self.store_path = store_path
        self.backup_dir = backup_dir
        self.clock = clock

    def make_backup(self) -> BackupInfo | None:
        """Back up the notes file now: copy, verify, rename into place, then rotate older backups out.

        Returns the new backup, or None when there is nothing to back up (no notes file, or one with no
        bookmarks and no notes). Raises BackupError, leaving every existing backup as it was. The notes may
        be open in a Store meanwhile: the copy is one consistent snapshot, taken in one read transaction.
        """
        info = self._make_backup()
        if info is not None:
            with suppress(BackupError, OSError):  # a rotation that failed is tried again next time
                self._rotate(verified=info.path)
        return info

    def last_backup_time(self) -> datetime | None:
        """When the newest backup was made (from the names alone: cheap enough for a timer)."""
        found = self._backup_files()
        return found[-1][0] if found else None

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first, with its counts read from the file (read-only, ``quick_check``).
        A damaged or foreign file is listed as not usable; temporary files are not listed."""
        listed = []
        for moment, path in reversed(self._backup_files()):
            check = check_file(path, thorough=False)
            usable = check.state == "ok"
            listed.append(BackupInfo(path, moment, check.bookmarks, check.notes, usable, check.problem))
        return listed

    def rotate(self) -> list[Path]:
        """Delete the backups ``choose_kept`` does not keep, and return them; but only once the newest backup
        has passed ``integrity_check``: until then nothing is deleted."""
        return self._rotate(verified=None)

    def restore(self, backup: BackupInfo) -> BackupInfo | None:
        """Replace the notes with ``backup``. The caller closes its Store first and opens it again after.

        The backup is verified first, then the current notes are backed up (returned; None when there was
        nothing to back up), then the backup is copied into the notes file in one transaction. Raises
        BackupError, with nothing changed, when the backup is not usable or the current notes cannot be
        backed up (a damaged notes file is ``recovery.open_or_recover``'s job).
        """
        check = check_file(backup.path)
        if check.state != "ok":
            raise BackupError(f"The backup of {when(backup.time)} cannot be restored: {check.problem}.")
        try:
            before = self._make_backup()
        except BackupError as error:
            raise BackupError(f"{error} So that nothing is lost, nothing was restored.") from error
        self._copy(backup.path, self.store_path, action=_RESTORE)
        check = check_file(self.store_path)
        if check.state != "ok":  # never seen; but say where the notes are rather than carry on
            kept = f" Your notes as they were are in the backup of {when(before.time)}." if before else ""
            raise BackupError(f"{_RESTORE}: the restored file failed its check ({check.problem}).{kept}")
        return before

    # Plumbing

    def _rotate(self, verified: Path | None) -> list[Path]:
        found = self._backup_files()
        if not found or (found[-1][1] != verified and check_file(found[-1][1]).state != "ok"):
            return []
        # The policy counts files, not seconds: backups made in the same second are told apart by their
        # order within it, in the microseconds (names have whole seconds; so does "now", to its end).
        instants: list[datetime] = []
        for (moment, _), previous in zip(found, [None, *found[:-1]], strict=True):
            same_second = previous is not None and previous[0] == moment
            instants.append(instants[-1] + timedelta(microseconds=1) if same_second else moment)
        kept = choose_kept(instants, self._now().replace(microsecond=999_999))
        deleted = []
        for instant, (_, path) in zip(instants[:-1], found[:-1], strict=True):
            if instant not in kept:
                with suppress(FileNotFoundError):
                    path.unlink()
                    deleted.append(path)
        return deleted

    def _make_backup(self) -> BackupInfo | None:
        if not self.store_path.exists():
            return None
        moment = self._now()
        try:
            self.backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._remove_stale_temporaries()
            temporary = _create_private(self.backup_dir, f"{_TEMPORARY_PREFIX}{moment:{STAMP_FORMAT}}")
        except OSError as error:
            raise self._error(error, _BACKUP) from error
        try:
            self._copy(self.store_path, temporary, _BACKUP, scratch=True)
            check = check_file(temporary)
            if check.state != "ok":
                raise BackupError(
                    f"{_BACKUP}: the copy failed its check, so it was not kept "
                    f"({check.problem}; your notes file may be damaged). Older backups were kept."
                )
            if check.bookmarks == check.notes == 0:
                temporary.unlink()
                return None
            _fsync(temporary)
            final = _next_name(self.backup_dir, f"{moment:{STAMP_FORMAT}}")
            os.rename(temporary, final)
            _fsync(self.backup_dir)
        except BaseException as error:
            with suppress(OSError):
                temporary.unlink()
            if isinstance(error, OSError):
                raise self._error(error, _BACKUP) from error
            raise
        return BackupInfo(final, moment, check.bookmarks, check.notes, True)

    def _copy(self, source: Path, destination: Path, action: str, scratch: bool = False) -> None:
        """Copy with the backup API: one step, so one read transaction on the source and one write
        transaction on the destination (atomic, even into the live notes file in WAL mode).

        A ``scratch`` destination (a temporary file, flushed to disk by the caller before it is renamed) is
        written without a journal or flushes, and left as a self-contained file in rollback-journal mode."""
        deadline = time.monotonic() + _BUSY_SECONDS

        def give_up_when_busy(status: int, remaining: int, total: int) -> None:
            if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
                raise BackupError(f"{action}: {BUSY_REASON}")

        try:
            if not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                _create_private(destination.parent, destination.name, exact=True)
            with (
                closing(sqlite3.connect(read_only_uri(source), uri=True, timeout=_BUSY_SECONDS)) as reader,
                closing(sqlite3.connect(destination, timeout=1.0, isolation_level=None)) as writer,
            ):
                if scratch:
                    writer.execute("PRAGMA journal_mode = OFF")
                    writer.execute("PRAGMA synchronous = OFF")
                reader.backup(writer, progress=give_up_when_busy, sleep=0.05)
                if scratch:  # the copy says WAL, like its source
                    writer.execute("PRAGMA journal_mode = DELETE")
        except (sqlite3.Error, OSError) as error:
            raise self._error(error, action) from error

    def _backup_files(self) -> list[tuple[datetime, Path]]:
        """The backups in the folder, oldest first (by the time in their names, then their number)."""
        try:
            names = os.listdir(self.backup_dir)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise self._error(error, "The backups could not be read") from error
        found = []
        for name in names:
            match = _NAME.fullmatch(name)
            if match:
                moment = datetime.strptime(match[1], STAMP_FORMAT).replace(tzinfo=UTC)
                found.append((moment, int(match[2] or 1), self.backup_dir / name))
        return [(moment, path) for moment, _, path in sorted(found)]

    def _remove_stale_temporaries(self) -> None:
        """A crash in the middle of a backup leaves its temporary file (and maybe its -journal): never a
        backup, only a partial copy. Those of a backup still being made (another Mg Reader) are left alone."""
        stale = time.time() - _STALE_TEMPORARY
        for entry in os.scandir(self.backup_dir):
            if entry.name.startswith(_TEMPORARY_PREFIX) and ".tmp" in entry.name:
                with suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < stale:
                        os.unlink(entry.path)

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return a timezone-aware time")
        return now.astimezone(UTC).replace(microsecond=0)

    def _error(self, error: sqlite3.Error | OSError, action: str) -> BackupError:
        if isinstance(error, OSError):
            code, reason = error.errno, error.strerror or str(error)
        else:
            code = getattr(error, "sqlite_errorcode", -1) & 0xFF
            code = {sqlite3.SQLITE_FULL: errno.ENOSPC, sqlite3.SQLITE_READONLY: errno.EROFS}.get(code, code)
            reason = str(error)
        if code == errno.ENOSPC:
            reason = "the disk is full"
        elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = f"Mg Reader may not write in the folder {self.backup_dir} or {self.store_path.parent}"
        return BackupError(f"{action}: {reason}. Nothing was changed.")


def _create_private(folder: Path, name: str, exact: bool = False) -> Path:
    """Create an empty file readable by the user only: ``name`` itself, or a fresh temporary name."""
    for _ in range(100):
        path = folder / (name if exact else f"{name}.{os.getpid()}.{next(_COUNTER)}.tmp")
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return path
        except FileExistsError:
            if exact:
                raise
    raise FileExistsError(f"no free temporary name in {folder}")


def _next_name(folder: Path, stamp: str) -> Path:
    """``notes-<stamp>.sqlite3``, or with the number after the highest of that second (``-2``, ``-3``...):
    never an existing file, and never a freed name, which would sort before the backups made after it."""
    numbers = [
        int(match[2] or 1)
        for match in map(_NAME.fullmatch, os.listdir(folder))
        if match and match[1] == stamp
    ]
    for number in itertools.count(max(numbers, default=0) + 1):
        path = folder / f"notes-{stamp}{'' if number == 1 else f'-{number}'}.sqlite3"
        if not os.path.lexists(path):
            return path
    raise AssertionError("unreachable")


def _fsync(path: Path) -> None:
    """Flush a file, or the entries of a folder, to disk (Windows cannot open a folder: skipped there)."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
