"""Note writes recorded by thread, and held (or failed) outside the window's thread until released: how the
long-note tests see that a save went to the background writer, and act while it is under way."""

import threading

from mgreader.core.notes.store import Store, StoreWriteError


def writes_held(
    monkeypatch, fail: bool = False, first_failing: int = 0, one_by_one: bool = False
) -> tuple[list[str], threading.Event]:
    """Record the thread of each note write; hold writes made outside the window's thread until released,
    then fail them (all with ``fail``, or the first ``first_failing``). ``one_by_one``: each release lets
    one write through (the event is cleared as it passes)."""
    threads: list[str] = []
    release = threading.Event()
    real = Store.update_note
    failures = [first_failing]

    def update_note(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(30)
            if one_by_one:
                release.clear()
            if fail or failures[0] > 0:
                failures[0] -= 1
                raise StoreWriteError("Your notes could not be saved: the disk is full.")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "update_note", update_note)
    return threads, release
