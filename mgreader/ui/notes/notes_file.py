"""The notes file of one window: opening it, backups (timed, on demand, at quit), restore, export, import.

It owns the open ``Store``; whoever shows the notes listens: ``opened`` (the file was opened late),
``reopened`` (the same notes, writable again), ``replaced`` (restored or imported: the panel re-reads what it
shows, perhaps from a new ``Store``) and ``unavailable`` (with the reason in plain words). What a restore or
an import changed reaches every view as its change record, through the shell (``core.session.transfer``
does the work; this module asks, shows progress and tells the reader).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from mgreader.core.errors import MgReaderError

if TYPE_CHECKING:
    from mgreader.core.notes.backup import BackupInfo, BackupManager
    from mgreader.core.notes.store import Store
    from mgreader.core.session.backups import BackupSchedule
    from mgreader.core.session.changes import Changes
    from mgreader.ui.shell import Shell

# How often to look whether a backup is due (backup.due: after changes, at most every 30 minutes).
BACKUP_CHECK_MS = 60_000
READ_ONLY_NOTES = "Your notes are open read-only just now, so backups cannot be made or restored."
# How often to try again to open read-only notes for writing.
WRITABLE_RETRY_MS = 5_000


def _now() -> datetime:
    return datetime.now(UTC)


class NotesFile(QObject):
    opened = Signal()
    reopened = Signal()
    replaced = Signal()
    unavailable = Signal(str)

    def __init__(
        self,
        shell: Shell,
        flush: Callable[[], bool],
        store: Store | None,
        store_problem: str = "",
        open_store: Callable[[], tuple[Store | None, str]] | None = None,
        backup_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.shell = shell
        self._flush = flush  # saves what is being typed before the file is copied or replaced
        self.store = store
        self.store_problem = store_problem
        self._open_store = open_store
        self.backup_dir = backup_dir
        self.backups: BackupManager | None = None
        self.schedule: BackupSchedule | None = None  # while backups can be made
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(self.backup_if_due)
        self._writable_timer = QTimer(self)
        self._writable_timer.setInterval(WRITABLE_RETRY_MS)
        self._writable_timer.timeout.connect(self._retry_writable)

    def ensure_store(self) -> Store | None:
        """Open the notes file if that is still to be done, and tell the reader in plain words what happened
        when it could not be opened, or was damaged and restored from a backup."""
        if self.store is None and self._open_store is not None:
            opener, self._open_store = self._open_store, None
            self.store, message = opener()
            if self.store is None:
                self.store_problem = message
                self.unavailable.emit(message)
            else:
                self._start_backups()
                self.opened.emit()
            if message:
                self.shell.prompter.inform("Mg Reader", message)
        elif self.store is not None and self.backups is None:
            self._start_backups()
        return self.store

    # ------------------------------------------------------------------------------------------- backups
    def _retry_writable(self) -> None:
        """While the notes are open read-only, try now and then to open them for writing again; once that
        works, the note editor's next retry saves what was typed."""
        if self.store is None or not self.store.read_only:
            self._writable_timer.stop()
            return
        from mgreader.core.notes.store import Store

        try:
            writable = Store(self.store.path)
        except MgReaderError:
            return
        self._writable_timer.stop()
        self.store.close()
        self.store = writable
        self.reopened.emit()
        self._start_backups()
        self.shell.status("Your notes can be saved again.", 10000)

    def _start_backups(self) -> None:
        if self.store is not None and self.store.read_only:
            self._writable_timer.start()
            return
        if self.store is None or self.backup_dir is None:
            return
        from mgreader.core.notes.backup import BackupManager
        from mgreader.core.session.backups import BackupSchedule

        self.backups = BackupManager(self.store.path, self.backup_dir, _now)
        self.schedule = BackupSchedule(self.backups.last_backup_time(), self.store.change_count)
        self._backup_timer.start()

    def backup_if_due(self) -> None:
        import sqlite3  # loaded by the open store already; not imported before the first paint

        try:
            if (
                self.store is not None
                and self.schedule is not None
                and self.schedule.due(self.store.change_count, _now())
            ):
                self._backup(quiet=True)
        except sqlite3.ProgrammingError:
            # The store was closed with its window (app.run closes it after the event loop): a window that
            # outlives its run, as in tests that start the app twice in one process, checks no more.
            self._backup_timer.stop()

    def backup_if_changed(self) -> None:
        """At quit: a last backup when anything changed since the previous one."""
        if self.store is not None and self._changed():
            self._backup(quiet=True)

    def backup_now(self) -> BackupInfo | None:
        if self.ensure_store() is None:
            self.shell.prompter.inform(
                "No backup made", self.store_problem or "Your notes are not available."
            )
            return None
        self._flush()
        if self.backups is None:
            self.shell.prompter.inform("No backup made", READ_ONLY_NOTES)
            return None
        return self._backup(quiet=False)

    def _changed(self) -> bool:
        if self.store is None or self.schedule is None:
            return False
        return self.schedule.changed_since_backup(self.store.change_count)

    def _backup(self, quiet: bool) -> BackupInfo | None:
        from mgreader.core.notes.backup import BackupError

        if self.backups is None or self.store is None or self.schedule is None:
            return None
        try:
            made = self.backups.make_backup()
        except BackupError as error:
            self.shell.status(f"Backup failed: {error}", 15000)
            return None
        self.schedule.backed_up(self.store.change_count, _now())
        if not quiet:
            text = f"Backed up: {made.describe()}." if made else "There is nothing to back up yet."
            self.shell.status(text, 10000)
        return made

    # ------------------------------------------------------------------------- restore, export, import
    def restore_backup(self, chosen: BackupInfo | None = None) -> bool:
        """Replace the notes with a backup (asking which, when none is given). The current notes are backed
        up first, so a restore can itself be undone."""
        prompter = self.shell.prompter
        if self.ensure_store() is None or self.store is None:
            prompter.inform("Nothing restored", self.store_problem or "Your notes are not available.")
            return False
        if self.backups is None:
            prompter.inform("Nothing restored", READ_ONLY_NOTES)
            return False
        if chosen is None:
            from mgreader.ui.notes.restore_dialog import RestoreDialog

            dialog = RestoreDialog(self.backups.list_backups(), self.shell.dialog_parent())
            accepted = dialog.exec() == RestoreDialog.DialogCode.Accepted
            picked = dialog.chosen
            dialog.deleteLater()
            if not accepted or picked is None:
                return False
            chosen = picked
        from mgreader.core.session.transfer import restore_backup

        self._flush()
        done = restore_backup(self.store, self.backups, chosen)
        outcome = done.value
        self.store = outcome.store
        if outcome.store is None:
            self.store_problem = outcome.unavailable
            self.unavailable.emit(outcome.unavailable)
            prompter.inform("Mg Reader", outcome.unavailable)
            return False
        if self.schedule is not None:
            # The notes are now what a backup holds (and those before were just backed up): count from here.
            self.schedule.replaced(outcome.store.change_count)
        self._replaced(done.changes)
        if outcome.problem:
            prompter.inform("Notes not restored", f"The backup could not be restored: {outcome.problem}")
            return False
        kept = (
            f" Your notes as they were just before are kept as the backup of {outcome.safety.describe()}."
            if outcome.safety
            else ""
        )
        prompter.inform("Notes restored", f"Your bookmarks and notes are back as they were on "
                                          f"{chosen.describe()}.{kept}")  # fmt: skip
        return True

    def export_everything(self, destination: Path | None = None) -> bool:
        if self.ensure_store() is None or self.store is None:
            return False
        if destination is None:
            from PySide6.QtWidgets import QFileDialog

            suggested = str(Path.home() / "mg-reader-notes.json")
            kinds = "Mg Reader export (*.json)"
            parent = self.shell.dialog_parent()
            name, _ = QFileDialog.getSaveFileName(parent, "Export all notes", suggested, kinds)
            if not name:
                return False
            destination = Path(name)
        from mgreader.core.notes.transfer import export_json

        self._flush()
        try:
            export_json(self.store, destination, settings=self._portable_settings())
        except (MgReaderError, OSError) as error:
            self.shell.prompter.inform("Not exported", f"The export could not be written: {error}")
            return False
        self.shell.status(f"Every bookmark and note was saved to {destination}.", 10000)
        return True

    def import_everything(self, source: Path | None = None) -> bool:
        if self.ensure_store() is None or self.store is None:
            return False
        if source is None:
            from PySide6.QtWidgets import QFileDialog

            name, _ = QFileDialog.getOpenFileName(
                self.shell.dialog_parent(), "Import notes", str(Path.home()), "Mg Reader export (*.json)"
            )
            if not name:
                return False
            source = Path(name)
        from mgreader.core.session.transfer import import_file
        from mgreader.ui.app import long_work

        self._flush()
        # As the command line does: the notes as they were are backed up first, so that an import a reader
        # regrets can be undone with File > Restore.
        before = self._backup(quiet=True)
        path, chosen = self.store.path, source
        try:
            # In its own thread, through its own connection: the window keeps painting (issue 11).
            done = long_work.run(
                self.shell.dialog_parent(),
                "Importing notes",
                lambda report: import_file(path, chosen, report),
            )
        except (MgReaderError, OSError) as error:
            self.shell.prompter.inform("Nothing imported", str(error))
            return False
        # Written through another connection: counted, so that the next backup holds what came in.
        self.store.external_changes += done.value.written.count()
        self._replaced(done.changes)
        kept = f" Your notes as they were are kept as the backup of {before.describe()}." if before else ""
        self.shell.prompter.inform("Notes imported", done.value.describe() + kept)
        return True

    def _portable_settings(self) -> dict[str, object]:
        settings = self.shell.settings
        keys = ("theme", "zoom", "font", "line_spacing")
        return {key: settings.get(key) for key in keys if settings.get(key) is not None}

    def _replaced(self, changes: Changes) -> None:
        """The notes changed underneath the window (restored, imported): whoever shows them re-reads them
        (``replaced``), then every view hears the change record, through the one signal."""
        self.replaced.emit()
        self.shell.apply(changes)
