"""The app's worker processes (the renderer's, the index text's, a big folder's scan): how one is started and
stopped, written once.

Spawned, never forked: forking a process that runs Qt threads can deadlock the child. In the PyInstaller
bundle a spawned worker runs the app's executable again, which ``packaging/entry.py`` hands to
multiprocessing (``freeze_support``). multiprocessing is imported when a worker starts, never before the
first paint.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

# An automation hook for the tests that start the installed app (tests/test_real_start.py): set to a file's
# path, each worker process appends "started NAME PID" to it as it begins its work. That a worker runs at
# all is what the bundle can get wrong (packaging/entry.py), and the app carries on without one, formatting
# and scanning in its own process: from outside only this tells. (Nothing is noted at the end: a worker
# may be killed once its answer is in.)
LOG_ENV = "MGREADER_WORKER_LOG"


def start(
    target: Callable[..., None], args: tuple[Any, ...], name: str, duplex: bool = True
) -> tuple[Any, Connection]:
    """A daemon process running ``target(its end of the pipe, *args)``, and this end. Raises OSError when no
    process can be made (nothing is left open then)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=duplex)
    try:
        process = context.Process(target=_run, args=(target, name, theirs, *args), daemon=True, name=name)
        process.start()
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()  # the child has its own copy
    return process, ours


def stop(process: Any, connection: Connection, grace_s: float = 0.0) -> None:
    """Close the pipe (a worker waiting on it returns), give the process ``grace_s`` to end by itself, then
    kill it; its resources go once it has ended."""
    connection.close()
    if grace_s:
        process.join(grace_s)
    if process.is_alive():
        process.kill()
    process.join(5.0)
    if not process.is_alive():
        process.close()


def _run(target: Callable[..., None], name: str, *args: Any) -> None:
    """In the worker process: ``target(*args)``, noted first in LOG_ENV's file when that is set."""
    if log := os.environ.get(LOG_ENV):
        # One write of one short line with O_APPEND: the lines of workers starting at once never interleave.
        handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(handle, f"started {name} {os.getpid()}\n".encode())
        finally:
            os.close(handle)
    target(*args)
