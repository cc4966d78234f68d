"""The app's worker processes (the renderer's, the index text's, a big folder's scan): how one is started and
stopped, written once.

Spawned, never forked: forking a process that runs Qt threads can deadlock the child. In the PyInstaller
bundle a spawned worker runs the app's executable again, which ``packaging/entry.py`` hands to
multiprocessing (``freeze_support``). multiprocessing is imported when a worker starts, never before the
first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def start(
    target: Callable[..., None], args: tuple[Any, ...], name: str, duplex: bool = True
) -> tuple[Any, Connection]:
    """A daemon process running ``target(its end of the pipe, *args)``, and this end. Raises OSError when no
    process can be made (nothing is left open then)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=duplex)
    try:
        process = context.Process(target=target, args=(theirs, *args), daemon=True, name=name)
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
