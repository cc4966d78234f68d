"""Watches the reader's library folder and says, once a burst of changes has settled, that it changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

# Waiting this long after the last change in the library folder lets a copy finish before the rescan.
RESCAN_DELAY_MS = 300


class LibraryWatcher(QObject):
    """Every folder of the library is watched (Qt watches one level); ``changed`` follows the last event."""

    changed = Signal()

    def __init__(self, library_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_dir = library_dir
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RESCAN_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self.update()

    def update(self) -> None:
        """Watch the folders there are now (a folder may have been added or removed)."""
        folders = (
            [self.library_dir, *(p for p in self.library_dir.rglob("*") if p.is_dir())]
            if self.library_dir.is_dir()
            else []
        )
        watched = set(self._watcher.directories())
        wanted = {str(p) for p in folders}
        if watched - wanted:
            self._watcher.removePaths(list(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))
