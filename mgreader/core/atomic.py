"""Writes a file atomically: a crash leaves the old file or the new one, never half of one."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

_COUNTER = itertools.count()


def write_atomic(path: Path, data: bytes, mode: int = 0o600, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    (Not tempfile.mkstemp: importing tempfile costs several milliseconds of the app's startup.)
    Raises OSError; the temporary file is removed on failure.
    """
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
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
