"""Reading a file the reader's folders hold, whatever it turns out to be (issue 11).

A FIFO, a device (``/dev/zero``), a socket or a folder where a file is expected used to hang the app for ever
or read without end. Files are opened without blocking, checked to be regular files, and read up to a limit;
a path may also be required to stay inside a folder once every symbolic link in it is followed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotReadable(OSError):
    """The path is not a regular file, or leads outside the folder it must stay in. ``strerror`` is a
    plain-language reason (an OSError, so that callers that already report OSError report this too)."""

    def __init__(self, reason: str, path: Path) -> None:
        super().__init__(0, reason, str(path))


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every symbolic link followed, is ``folder`` or inside it (also followed)."""
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def read_regular(path: Path, limit: int, within: Path | None = None, whole: bool = False) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (one more than ``limit``, so that the
    caller can tell a file that is too large). Raises OSError, or NotReadable for what is not a regular
    file, with ``within`` what leads outside that folder, and with ``whole`` a file larger than ``limit``
    (refused before anything is read: a 1.5 GB sparse file costs nothing)."""
    if within is not None and not inside(path, within):
        raise NotReadable("it leads outside the library (a link to somewhere else)", path)
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer that never comes.
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"it is not a file but {_kind(info.st_mode)}", path)
        if whole and info.st_size > limit:
            raise NotReadable(f"it is larger than {_size(limit)}", path)
        chunks, remaining = [], limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"
