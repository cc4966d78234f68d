"""Watches the reader's library folder and says, once a burst of changes has settled, that it changed.

Editors save in three ways, and a folder watch alone sees only some of them:
- a new or removed file, or an atomic save (write a temporary file, rename it over the old one): the folder
  changes, so ``directoryChanged``;
- an in-place rewrite or an append (``>>``): the folder does not change, only the file, so the article files
  are watched too (``fileChanged``). After an atomic rename the watch is on the old, deleted file, so the path
  is watched again;
- the size and modification time of the files are compared when the events settle, so a change is never
  taken for "nothing happened", and a spurious event (a file opened and closed) causes no rescan.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from mgreader.core.library import walk

# Waiting this long after the last change in the library folder lets a copy finish before the rescan.
RESCAN_DELAY_MS = 300
# Watching every file of a huge library would use up the system's watches; beyond this only folders are.
MAX_WATCHED_FILES = 4000
# From this many files, they are listed and their sizes and times read in a worker thread, and the watches
# added a batch at a time (issue 15): listing and stat-ing 4,000 files and watching them took 60-110 ms of
# the window's thread on a busy machine.
IN_WORKER_FROM = 200
ADD_BATCH = 500


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _stamps(paths: list[str]) -> dict[str, tuple[int, int] | None]:
    return {path: _stamp(path) for path in paths}


def _articles_in(folders: list[str]) -> list[str]:
    found: list[str] = []
    for folder in folders:
        try:
            with os.scandir(folder) as listing:
                found.extend(
                    e.path for e in listing if walk.name_is_article(e.name) and not e.name.startswith(".")
                )
        except OSError:
            continue
        if len(found) >= MAX_WATCHED_FILES:
            return found[:MAX_WATCHED_FILES]
    return found


class LibraryWatcher(QObject):
    """Every folder and article file of the library is watched (Qt watches one level of a folder);
    ``changed`` follows the last event."""

    changed = Signal()
    _stamped = Signal(object)  # (generation, files, their stamps, whether to compare): from a worker

    def __init__(
        self, library_dir: Path, parent: QObject | None = None, folders: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.library_dir = library_dir
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RESCAN_DELAY_MS)
        self._timer.timeout.connect(self._settled)
        self._stamps: dict[str, tuple[int, int] | None] = {}
        self._folder_changed = False
        self._generation = 0  # a stamping from before the last update or settle is not used
        self._big = False  # the files are many: listed and stamped in a worker
        self._to_add: list[str] = []
        self._adding = QTimer(self)
        self._adding.setInterval(0)
        self._adding.timeout.connect(self._add_batch)
        self._stamped.connect(self._on_stamped)
        self._watcher.directoryChanged.connect(self._on_folder)
        self._watcher.fileChanged.connect(self._on_file)
        self.update(folders)

    def update(self, folders: list[str] | None = None) -> None:
        """Watch the folders and articles there are now (some may have been added or removed): ``folders``
        when given (found by the worker that read the library: a walk of 20,000 files here would freeze the
        window), else those found here. The articles are those listed in the folders (one listing each, no
        walk), at most MAX_WATCHED_FILES."""
        if folders is None:
            # The library walk's folders: rglob would recurse 1,100 folders deep and crash (issue 11).
            folders = [str(p) for p in walk.folders(self.library_dir)] if self.library_dir.is_dir() else []
        self._replace(set(self._watcher.directories()), set(folders))
        self._generation += 1
        if self._big:  # the last listing was long: this one is made in the worker too
            self._in_worker(folders, None, compare=False)
            return
        files = _articles_in(folders)
        if len(files) < IN_WORKER_FROM:
            self._replace(set(self._watcher.files()), set(files))
            self._stamps = _stamps(files)
            return
        self._big = True
        self._in_worker(folders, files, compare=False)

    def _in_worker(self, folders: list[str] | None, files: list[str] | None, compare: bool) -> None:
        """List (unless ``files`` are given) and stamp the files in a worker thread; ``_on_stamped`` takes
        the result in the window's thread."""
        generation = self._generation

        def stamp() -> None:
            listed = files if files is not None else _articles_in(folders or [])
            self._stamped.emit((generation, listed, _stamps(listed), compare))

        threading.Thread(target=stamp, name="mgreader-watch", daemon=True).start()

    def _on_stamped(self, result: tuple[int, list[str], dict[str, tuple[int, int] | None], bool]) -> None:
        generation, files, stamps, compare = result
        if generation != self._generation:
            return
        if compare:
            changed = stamps != self._stamps
            self._stamps = stamps
            if changed:
                self.changed.emit()
            return
        self._stamps = stamps
        watched, wanted = set(self._watcher.files()), set(files)
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        self._to_add = sorted(wanted - watched)  # a batch at a time: 4,000 watches took 40 ms at once
        self._adding.start()

    def _add_batch(self) -> None:
        batch, self._to_add = self._to_add[:ADD_BATCH], self._to_add[ADD_BATCH:]
        if batch:
            self._watcher.addPaths(batch)
        if not self._to_add:
            self._adding.stop()

    def _replace(self, watched: set[str], wanted: set[str]) -> None:
        if watched - wanted:
            self._watcher.removePaths(sorted(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def _on_folder(self, _path: str) -> None:
        self._folder_changed = True
        self._timer.start()

    def _on_file(self, path: str) -> None:
        # exists() first: a removed file (500 at once, say) costs no listing of every watched path.
        if os.path.exists(path) and path not in self._watcher.files():
            self._watcher.addPath(path)  # replaced by an atomic rename: watch the new file
        self._timer.start()

    def _settled(self) -> None:
        if self._big:
            self._generation += 1
            if self._folder_changed:  # read again in any case; the update after it stamps the files
                self._folder_changed = False
                self.changed.emit()
            else:
                self._in_worker(None, list(self._stamps), compare=True)
            return
        now = _stamps(list(self._stamps))
        if self._folder_changed or now != self._stamps:
            self._folder_changed = False
            self._stamps = now
            self.changed.emit()
