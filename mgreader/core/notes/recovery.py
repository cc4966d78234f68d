"""Opening the notes at startup, and recovering when the notes file cannot be used (issue 6).

A file that cannot be used (damaged, emptied, not a Mg Reader file, made by a newer version, or a -wal left
without its file) is never deleted, changed or overwritten: it is moved aside together with its -wal and
-shm, under a name that says what it is (``notes.sqlite3.damaged-2026-11-24T21-15-03Z``; SQLite still
pairs the renamed -wal with it). The newest backup that verifies is restored in its place, or an empty
notes file is started, and the reader is told in plain words what happened, what was restored and from
when, and where the old file is.

The file is first examined read-only (``backup.check_file``, with ``integrity_check``): opening a damaged
file for writing could change it, as SQLite writes the -wal into the file when the last connection closes.
A -wal from another database that happens to form a consistent database with the file cannot be told
apart from its own; one that does not is caught by ``integrity_check`` (indexes no longer match tables).
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mgreader.core.notes import wal
from mgreader.core.notes.backup import STAMP_FORMAT, BackupError, BackupInfo, BackupManager
from mgreader.core.notes.filecheck import check_file
from mgreader.core.notes.store import Store, StoreError, StoreReadOnlyError, StoreWriteError

_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Recovered:
    """The open notes, and what was done to get them. ``message`` is None when nothing happened worth
    telling; otherwise it is for the reader. ``damaged_copy`` is where the unusable file now is."""

    store: Store
    message: str | None = None
    damaged_copy: Path | None = None
    restored_from: BackupInfo | None = None


def open_or_recover(store_path: Path, backup_dir: Path, clock: Callable[[], datetime]) -> Recovered:
    """Open the notes file, recovering from ``backup_dir`` when it cannot be used.

    Raises StoreReadOnlyError / StoreWriteError (with a message for the reader) when the notes cannot be
    opened and nothing can be done about it now: a folder Mg Reader may not write in, a full disk. Nothing
    that could not be moved was moved; the app can run without bookmarks and notes, and the next start
    tries again (a missing or empty notes file is restored from the newest backup).
    """
    backups = BackupManager(store_path, backup_dir, clock)
    # Before anything opens the file: SQLite would read the log up to the damage, and on closing write that
    # into the file and delete the log.
    log_problem = wal.damage(Path(f"{store_path}-wal")) if os.path.isfile(store_path) else None
    state = _examine(store_path, backups)
    if state is None:
        stamp = f"damaged-{clock().astimezone(UTC):{STAMP_FORMAT}}"
        kept = _copy_aside(store_path, stamp) if log_problem else []
        try:
            store = Store.open(store_path)
        except StoreWriteError:
            raise
        except StoreError:  # the read-only look missed it; the file has still not been written to
            state = "damaged"
        else:
            if log_problem is None:
                return Recovered(store)
            message = _log_message(store_path, log_problem, kept, backups)
            return Recovered(store, message, kept[0] if kept else None)
    return _recover(store_path, backups, clock, state)


def _copy_aside(store_path: Path, label: str) -> list[Path]:
    """Copy the notes file and its log, unchanged, beside them (as _move_aside names them); [] when that
    fails (the disk is full, say: the message then says the copy could not be made)."""
    aside = _free_name(store_path, label)
    made: list[Path] = []
    try:
        for suffix in ("", "-wal"):
            target = Path(f"{aside}{suffix}")
            with open(f"{store_path}{suffix}", "rb") as source, open(target, "xb") as out:  # noqa: PTH123
                made.append(target)
                shutil.copyfileobj(source, out)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(target, 0o600)
    except OSError:
        for path in made:
            with suppress(OSError):
                path.unlink()
        return []
    return made


def _log_message(store_path: Path, problem: str, kept: list[Path], backups: BackupManager) -> str:
    parts = [
        f"Part of your notes file was damaged: its journal ({store_path.name}-wal), where the latest changes "
        f"are saved first: {problem}. Your notes opened, but some of your most recent changes may be missing."
    ]
    if kept:
        listed = "\n".join(str(path) for path in kept)
        parts.append(f"The notes file and its journal, as they were, are kept unchanged at:\n{listed}")
    else:
        parts.append("A copy of them could not be kept (the disk may be full).")
    newest = next((info for info in _listed(backups) if info.usable), None)
    if newest is not None:
        parts.append(
            f"Your newest backup is from {newest.describe()}. If something is missing, File > Restore notes "
            "from a backup brings it back (the notes as they are now are kept as well)."
        )
    return "\n\n".join(parts)


def _listed(backups: BackupManager) -> list[BackupInfo]:
    try:
        return backups.list_backups()
    except BackupError:  # the backups folder cannot be read (or is a file): there are none to use
        return []


def _examine(store_path: Path, backups: BackupManager) -> str | None:
    """What is wrong with the notes file (a key of _WHAT), or None when it should be opened as it is."""
    if not os.path.lexists(store_path):
        if any(_size(Path(f"{store_path}{suffix}")) for suffix in ("-wal", "-journal")):
            return "orphan"
        # Damaged copies and no file: an earlier recovery was cut short. Never start empty without a word.
        return "missing" if _usable(backups) or _earlier_copies(store_path) else None
    if not os.path.isfile(store_path):  # a folder, a pipe, a device, a link to nothing
        return "not_a_file"
    state = check_file(store_path).state
    if state in ("ok", "unreadable"):
        return None  # unreadable: not the file's fault (permissions, busy); Store.open says what it is
    if state == "empty":
        # What Store.open leaves when killed before making the schema: harmless, unless notes existed.
        return "empty" if _usable(backups) else None
    return state


def _recover(
    store_path: Path, backups: BackupManager, clock: Callable[[], datetime], state: str
) -> Recovered:
    moved: list[Path] = []
    if state != "missing":
        label = "newer-version" if state == "newer" else "damaged"
        moved = _move_aside(store_path, f"{label}-{clock().astimezone(UTC):{STAMP_FORMAT}}", state)
    restored = _restore_newest(store_path, backups, moved)
    message = _message(state, store_path, moved, restored, _backups_problem(backups))
    try:
        store = Store.open(store_path)
    except StoreError as error:  # the disk filled up in the meantime, say: keep what was done in the message
        raise type(error)(f"{message}\n\nBut the notes file could not be opened: {error}") from error
    return Recovered(store, message, moved[0] if moved else None, restored)


def _move_aside(store_path: Path, label: str, state: str) -> list[Path]:
    """Rename the file and its companions to ``<name>.<label>`` (+ ``-2``, ``-3``... never over an existing
    file). All or nothing: if one cannot be moved, those already moved are put back."""
    suffixes = ("", *_COMPANIONS)
    present = [suffix for suffix in suffixes if os.path.lexists(f"{store_path}{suffix}")]
    aside = _free_name(store_path, label)
    moved: list[tuple[Path, Path]] = []
    try:
        if not os.access(store_path.parent, os.W_OK, effective_ids=os.access in os.supports_effective_ids):
            raise PermissionError(errno.EACCES, "permission denied")
        for suffix in present:
            source, target = Path(f"{store_path}{suffix}"), Path(f"{aside}{suffix}")
            os.rename(source, target)
            moved.append((source, target))
    except OSError as error:
        for source, target in reversed(moved):
            with suppress(OSError):
                os.rename(target, source)
        intro = f"{_WHAT[state]} It could not be moved aside"
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise StoreReadOnlyError(
                f"{intro}, because Mg Reader may not write in the folder {store_path.parent}. "
                f"It has not been changed: {store_path}. {_UNTIL}"
            ) from error
        raise StoreWriteError(
            f"{intro} ({error.strerror or error}). It has not been changed: {store_path}. {_UNTIL}"
        ) from error
    with suppress(OSError):
        handle = os.open(store_path.parent, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    return [target for _, target in moved]


def _free_name(store_path: Path, label: str) -> Path:
    """``<name>.<label>`` (+ ``-2``, ``-3``...) such that neither it nor any of its companions exists."""
    for number in itertools.count(1):
        aside = store_path.with_name(f"{store_path.name}.{label}{'' if number == 1 else f'-{number}'}")
        if not any(os.path.lexists(f"{aside}{suffix}") for suffix in ("", *_COMPANIONS)):
            return aside
    raise AssertionError("unreachable")


def _restore_newest(store_path: Path, backups: BackupManager, moved: list[Path]) -> BackupInfo | None:
    """Restore the newest backup that passes ``integrity_check``; None when there is none."""
    for info in _listed(backups):
        if not info.usable or check_file(info.path).state != "ok":
            continue
        try:
            backups.restore(info)  # nothing to back up first: the notes file has been moved aside
        except BackupError as error:  # the backup verified, so this is the disk or the folder
            if _size(store_path) == 0:
                with suppress(OSError):
                    store_path.unlink()  # the empty file the restore began; the next start tries again
            where = f" The old file is kept at {moved[0]}." if moved else ""
            raise StoreWriteError(
                f"Your notes could not be restored from the backup of {info.describe()}: {error}{where}"
                f" {_UNTIL}"
            ) from error
        return info
    return None


_WHAT = {
    "damaged": "Your notes file is damaged, so Mg Reader could not open it.",
    "empty": "Your notes file was empty, although there are backups of your notes.",
    "not_ours": "The file where Mg Reader keeps your notes is not a Mg Reader notes file.",
    "newer": "Your notes file was made by a newer version of Mg Reader, and this version cannot read it.",
    "orphan": "Part of a notes file (its journal, ending in -wal) was found without the file itself.",
    "missing": "Your notes file was missing.",
    "not_a_file": "Where Mg Reader keeps your notes there is a folder (or something else that is not a file), "  # noqa: E501
    "so it could not open your notes.",
}
_UNTIL = "Bookmarks and notes are not available until this is fixed and Mg Reader is started again."


def _message(
    state: str, store_path: Path, moved: list[Path], restored: BackupInfo | None, backups_problem: str = ""
) -> str:
    parts = [_WHAT[state]]
    if state == "missing" and _earlier_copies(store_path):
        listed = "\n".join(str(path) for path in _earlier_copies(store_path))
        parts.append(f"Earlier copies of it that could not be used are kept, unchanged, at:\n{listed}")
    if state == "newer":
        parts.append(
            f"It has been kept, unchanged, at:\n{moved[0]}\n"
            f"To use it again, install the newer version of Mg Reader, quit it, and move that file back to "
            f"{store_path}."
        )
    elif moved:
        # The -shm is an index SQLite rebuilds; an empty -wal holds nothing (a read-only look may make one).
        kept = "\n".join(str(p) for p in moved if p == moved[0] or (_size(p) and not p.name.endswith("-shm")))
        parts.append(f"It has been moved aside, unchanged (Mg Reader never deletes it), to:\n{kept}")
    if restored is not None:
        parts.append(f"Your bookmarks and notes were restored from the backup of {restored.describe()}.")
        if moved and state != "newer":
            parts.append("Anything written after that backup is only in the old file.")
    elif backups_problem:
        parts.append(f"{backups_problem} No backup was restored: Mg Reader starts with an empty notes file.")
    else:
        parts.append("There is no usable backup, so Mg Reader starts with an empty notes file.")
    return "\n\n".join(parts)


def _backups_problem(backups: BackupManager) -> str:
    try:
        backups.list_backups()
    except BackupError:
        where = backups.backup_dir
        if os.path.lexists(where) and not where.is_dir():
            return f"Where your backups are kept ({where}) there is a file, not a folder, so they cannot be read."  # noqa: E501
        return f"Your backups in {where} could not be read."
    return ""


def _earlier_copies(store_path: Path) -> list[Path]:
    """Files set aside by an earlier recovery (not their -wal and -shm), oldest first."""
    names = (f"{store_path.name}.damaged-", f"{store_path.name}.newer-version-")
    try:
        found = [p for p in store_path.parent.iterdir()
                 if p.name.startswith(names) and not p.name.endswith(_COMPANIONS)]  # fmt: skip
    except OSError:
        return []
    return sorted(found)


def _usable(backups: BackupManager) -> bool:
    return any(info.usable for info in _listed(backups))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
