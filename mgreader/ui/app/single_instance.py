"""One copy of Mg Reader per data folder: a second start brings the first window to the front instead.

A lock file in the data folder says who owns the notes (two writers could interleave saves); the owner
listens on a local socket named after the folder, and a second copy asks it to show its window, then ends.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

from mgreader.core.digest import sha256_hex

LOCK_NAME = "mgreader.lock"
RAISE = b"raise\n"
CONNECT_MS = 1000


def server_name(data_dir: Path) -> str:
    return "mgreader-" + sha256_hex(str(data_dir.resolve()).encode())[:16]


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(data_dir / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self._server: object = None
        self._released = False

    def claim(self) -> bool:
        """True when this copy owns the data folder. Otherwise the running copy has been asked to show its
        window (or the lock could not be taken for another reason: then the caller must not write either)."""
        if self._lock.tryLock(0):
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            # No lock could be made at all (a read-only folder, say): no other copy is known to run.
            # Opening the notes will meet the same problem and say so.
            return True
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_MS):
            socket.write(RAISE)
            socket.waitForBytesWritten(CONNECT_MS)
            socket.disconnectFromServer()
            return False
        # Nobody answered: the owner may still be starting (it answers once its window is painted), or the
        # lock may be stale with its process id now used by another program. Qt takes the lock for live when
        # that program has the same name as the owner had, which every Python program has ("python3").
        return bool(self._owner_is_gone() and self._lock.removeStaleLockFile() and self._lock.tryLock(0))

    def _owner_is_gone(self) -> bool:
        """True when the process named in the lock is certainly not Mg Reader (Linux: /proc tells)."""
        info = self._lock.getLockInfo()  # (pid, host, app), or False when there is no readable lock
        if not isinstance(info, tuple) or not sys.platform.startswith("linux"):
            return False
        pid, host = info[0], info[1]
        from PySide6.QtCore import QSysInfo  # its Python type, only when a lock is found: not at every start

        if host != QSysInfo.machineHostName():  # a copy on another computer sharing the folder
            return False
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return True
        except OSError:  # another user's process, say: assume the worst
            return False
        return b"mgreader" not in command.lower()

    def listen(self) -> None:
        """Answer later starts (call once the window is up: QtNetwork is not needed before). Not after
        ``release``: a call queued in the first paint's turn may come in a later event loop of the process
        (main run again), when another copy may own the folder and its socket."""
        if self._released:
            return
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # a socket left by a copy that crashed; we hold the lock
        if server.listen(self.name):
            server.newConnection.connect(lambda: self._answer(server))
            self._server = server

    def _answer(self, server: object) -> None:
        socket = server.nextPendingConnection()  # type: ignore[attr-defined]
        if socket is None:
            return

        def read() -> None:
            if bytes(socket.readAll().data()).startswith(RAISE.strip()):
                self.raise_requested.emit()
            socket.disconnectFromServer()

        socket.readyRead.connect(read)

    def release(self) -> None:
        self._released = True
        if self._server is not None:
            self._server.close()  # type: ignore[attr-defined]
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()
