"""When a backup of the notes is due: the bookkeeping the window's timer and its quit ask about.

The store counts its changes (``Store.change_count``); a backup is due after changes, at most every
``backup.INTERVAL`` while the app is open, and at quit whenever anything changed since the last one.
"""

from __future__ import annotations

from datetime import datetime

from mgreader.core.notes.backup import due


class BackupSchedule:
    def __init__(self, last_backup: datetime | None, change_count: int) -> None:
        """``last_backup``: when the newest backup was made (None: never); ``change_count``: the store's
        count now, which that backup is taken to hold."""
        self.last_backup = last_backup
        self._backed_up_at = change_count

    def changed_since_backup(self, change_count: int) -> bool:
        return change_count != self._backed_up_at

    def due(self, change_count: int, now: datetime) -> bool:
        """Whether the timer should make a backup now."""
        return due(self.last_backup, self.changed_since_backup(change_count), now)

    def backed_up(self, change_count: int, now: datetime) -> None:
        """A backup holding the store at ``change_count`` was just made."""
        self._backed_up_at = change_count
        self.last_backup = now

    def replaced(self, change_count: int) -> None:
        """The notes were replaced (restore, import) by ones a backup already holds, or that were just
        backed up: count from here."""
        self._backed_up_at = change_count
