"""Killed while filling in a check-in (kill -9), nothing entered more than 2 seconds before is lost."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import mgreader
from mgreader.core.notes.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = Path(__file__).with_name("checkin_child.py")
REPO = Path(mgreader.__file__).resolve().parent.parent
KEEP_SECONDS = 2.0  # the promise: anything entered more than 2 s before a crash is kept


def test_kill_while_typing_the_line_keeps_all_but_the_last_two_seconds(tmp_path: Path):
    path = tmp_path / "notes.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    log = tmp_path / "child.log"
    with (
        log.open("wb") as errors,
        subprocess.Popen(
            [sys.executable, str(CHILD), str(path)], stdout=subprocess.PIPE, stderr=errors, env=env, text=True
        ) as child,
    ):
        assert child.stdout is not None
        pressed: list[tuple[float, str]] = []
        # Keep typing for well over the promise, so that some of the line is older than 2 s at the kill.
        while len(pressed) <= 6 or pressed[-1][0] - pressed[6][0] < 3 * KEEP_SECONDS:
            line = child.stdout.readline()
            assert line, log.read_text()
            stamp, key = line.rstrip("\n").split(" ", 1)
            pressed.append((float(stamp), key or " "))
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL, log.read_text()

    with Store.open(path) as store:
        entry = store.journal.checkin(date.today())
    assert entry is not None, log.read_text()
    assert entry.energy == 5
    assert [(s.name, s.score) for s in entry.symptoms] == [
        ("Brain fog", 2),
        ("Pain", 1),
        ("Sleep", 0),
        ("Dizziness on standing", 3),
    ]
    assert entry.crashed is False
    typed = "".join(key for _stamp, key in pressed[6:])
    old_enough = "".join(key for stamp, key in pressed[6:] if killed_at - stamp > KEEP_SECONDS)
    assert len(old_enough) > 20  # the test really typed for longer than the promise
    assert entry.note.startswith(" ".join(old_enough.split())), (entry.note, old_enough)
    assert typed.startswith(entry.note.rstrip())  # and nothing was saved that was not typed
