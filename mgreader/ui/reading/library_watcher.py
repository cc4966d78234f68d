"""Watches the reader's library folder and says, once a burst of changes has settled, that it changed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from mgreader.core.library import walk

# Waiting this long after the last change in the library folder lets a copy finish before the rescan.
RESCAN_DELAY_MS = 300


class LibraryWatcher(QObject):
    """Every folder of the library is watched (Qt watches one level); ``changed`` follows the last event."""

    changed = Signal()

    def __init__(
        self, library_dir: Path, parent: QObject | None = None, folders: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.library_dir = library_dir
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RESCAN_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        self._watcher.directoryChanged.connect(lambda _path: self._timer.start())
        self.update(folders)

    def update(self, folders: list[str] | None = None) -> None:
        """Watch the folders there are now (a folder may have been added or removed): ``folders`` when
        given (found by the worker that read the library: a walk of 20,000 files here would freeze the
        window), else those found here."""
        if folders is None:
            # The library walk's folders: rglob would recurse 1,100 folders deep and crash (issue 11).
            folders = [str(p) for p in walk.folders(self.library_dir)] if self.library_dir.is_dir() else []
        watched = set(self._watcher.directories())
        wanted = set(folders)
        if watched - wanted:
            self._watcher.removePaths(list(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))
