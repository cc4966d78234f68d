"""Restoring a backup and importing an export: the two changes that rewrite the notes file as a whole.

The UI asks which backup or which file, shows the progress and says what happened; these do the work and
return it with what changed. A restore replaces everything (``Changes(everything=True)``); an import names
the records it added or changed, up to ``NAMED_AT_MOST`` of them (past that, everything: the search index
then re-reads them in its own thread rather than one by one on the window's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import transfer as notes_transfer
from mgreader.core.notes.backup import BackupInfo, BackupManager
from mgreader.core.notes.store import Store
from mgreader.core.notes.transfer import ImportReport, Progress, Written
from mgreader.core.session.changes import NOTHING, Changes, Done

NAMED_AT_MOST = 500


@dataclass(frozen=True)
class Restored:
    """What a restore did. ``store``: the notes file, open again (a restore closes it to copy the backup
    in), or None when it could not be opened again (``unavailable`` says why). ``problem``: why nothing was
    restored, when it was not; ``safety``: the backup of the notes as they were just before, if any."""

    store: Store | None
    safety: BackupInfo | None = None
    problem: str = ""
    unavailable: str = ""

    @property
    def restored(self) -> bool:
        return self.store is not None and not self.problem


def restore_backup(
    store: Store,
    backups: BackupManager,
    chosen: BackupInfo,
    open_store: Callable[[Path], Store] = Store.open,
) -> Done[Restored]:
    """Replace the notes with the backup ``chosen``, after backing up the notes as they are now (so that a
    restore can itself be undone). ``store`` is closed; the result holds the one opened in its place, which
    every view must use from now on, so the change is ``everything`` (also when the backup could not be
    restored: the notes are then as they were, in a new connection)."""
    path = store.path
    store.close()
    safety, problem = None, ""
    try:
        safety = backups.restore(chosen)
    except MgReaderError as error:
        problem = str(error)
    try:
        reopened = open_store(path)
    except MgReaderError as error:
        # Never a closed store kept around: the views are told the notes are not available instead.
        return Done(
            Restored(None, safety, problem, f"Bookmarks and notes are not available: {error}"), NOTHING
        )
    return Done(Restored(reopened, safety, problem), Changes(everything=True))


def import_file(
    store_path: Path, source: Path, progress: Progress | None = None, now: datetime | None = None
) -> Done[ImportReport]:
    """Merge the export at ``source`` into the notes file at ``store_path`` (``notes.transfer.import_json``:
    by record, nothing deleted, future dates distrusted). It uses a connection of its own, so it may run in
    a worker thread while the window keeps its own. Raises what ``import_json`` raises; nothing is then
    imported."""
    with Store.open(store_path) as store:
        report = notes_transfer.import_json(store, source, progress, now)
    return Done(report, import_changes(report.written))


def import_changes(written: Written) -> Changes:
    """The change record of an import: the records it wrote, by kind, or everything when there are many."""
    if written.count() > NAMED_AT_MOST:
        return Changes(everything=True)
    return Changes(
        bookmarks=written.bookmarks,
        highlights=written.articles,
        notes=written.notes,
        checkins=written.checkins,
        medicines=written.medicines,
        visits=written.visits,
    )
