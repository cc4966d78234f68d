"""BackupSchedule: a backup is due after changes, at most every half hour; at quit after any change."""

from datetime import UTC, datetime, timedelta

from mgreader.core.notes.backup import INTERVAL
from mgreader.core.session.backups import BackupSchedule

NOW = datetime(2026, 11, 24, 21, 15, tzinfo=UTC)


def test_nothing_changed_means_no_backup_however_long_ago_the_last():
    schedule = BackupSchedule(NOW - timedelta(days=3), change_count=5)
    assert not schedule.changed_since_backup(5)
    assert not schedule.due(5, NOW)


def test_after_changes_a_backup_is_due_once_the_interval_has_passed():
    schedule = BackupSchedule(NOW, change_count=5)
    assert schedule.changed_since_backup(6)
    assert not schedule.due(6, NOW + INTERVAL - timedelta(seconds=1))
    assert schedule.due(6, NOW + INTERVAL)
    schedule.backed_up(6, NOW + INTERVAL)
    assert not schedule.due(6, NOW + 3 * INTERVAL)
    assert schedule.last_backup == NOW + INTERVAL


def test_never_backed_up_and_changed_is_due_at_once():
    assert BackupSchedule(None, change_count=0).due(1, NOW)


def test_replaced_notes_count_from_the_replacement():
    schedule = BackupSchedule(NOW, change_count=5)
    schedule.replaced(9)
    assert not schedule.changed_since_backup(9)
