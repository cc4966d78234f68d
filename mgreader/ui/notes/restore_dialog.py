"""File > Restore notes from a backup: the backups with their dates and what they hold; pick one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.notes.backup import BackupInfo
from mgreader.ui.look import screen_fit


class RestoreDialog(QDialog):
    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore notes from a backup")
        screen_fit.fit(self, 520, 420)
        self.chosen: BackupInfo | None = None
        intro = QLabel(
            "Choose the copy to go back to. Your bookmarks and notes as they are now are backed up first, "
            "so you can come back to them."
            if backups
            else "There are no backups yet. Mg Reader makes one after your notes change, and when you quit."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName("Backups, newest first")
        for backup in backups:
            item = QListWidgetItem(backup.describe())
            item.setData(Qt.ItemDataRole.UserRole, backup)
            if not backup.usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        usable = [n for n, b in enumerate(backups) if b.usable]
        if usable:
            self.list.setCurrentRow(usable[0])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        restore = self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        restore.setObjectName("restoreButton")
        restore.setEnabled(bool(usable))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self._accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            self.accept()
