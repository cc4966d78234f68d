"""Writes a file atomically: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import errno
import itertools
import os
import stat
from collections.abc import Iterable
from pathlib import Path

_COUNTER = itertools.count()


def write_atomic(
    path: Path, data: bytes | Iterable[bytes], mode: int = 0o600, durable: bool = True
) -> None:
    """Write ``data`` (bytes, or pieces of them: a big file need not be held whole) to a temporary file
    beside ``path``, flush it to disk, then rename it over ``path``.

    (Not tempfile.mkstemp: importing tempfile costs several milliseconds of the app's startup.)
    Raises OSError; the temporary file is removed on failure. Only a regular file is ever replaced: ``path``
    naming a device (``/dev/full``), a pipe or a folder raises, and a symbolic link is followed, so that the
    file it points to is what changes and the link stays.
    """
    path = regular_target(path)
    for _ in range(100):
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{next(_COUNTER)}.tmp")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name beside {path}")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, bytes | bytearray):
                out.write(data)
            else:
                out.writelines(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def regular_target(path: Path) -> Path:
    """The file a write to ``path`` should replace: ``path``, or what its links point to. Raises OSError when
    that exists and is not a regular file."""
    if path.is_symlink():
        path = path.resolve()
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device or a pipe, say)"
        raise OSError(errno.EEXIST, f"{path} is {kind}, and only a file is ever replaced", str(path))
    return path
