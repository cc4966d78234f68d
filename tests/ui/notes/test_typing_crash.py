"""Anything typed more than 2 seconds before a crash is kept, at any typing rhythm (issue 11).

A typist in a child process types into a note without stopping (or with pauses shorter than the save delay)
and is killed with SIGKILL; the notes file must hold everything it had typed 2 seconds before."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mgreader
from mgreader.core.notes.store import Store

from .typing_child import LONG

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = Path(__file__).with_name("typing_child.py")
REPO = Path(mgreader.__file__).resolve().parent.parent
PROMISE_S = 2.0
TYPING_S = 4.0  # several times the longest wait, so that a save that never comes is caught


@pytest.mark.parametrize("rhythm", ["steady", "words", "long"])
def test_typing_without_a_pause_is_saved_before_a_crash(tmp_path: Path, rhythm: str):
    path = tmp_path / "notes.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    typed_at: list[tuple[float, int]] = []  # when this process learnt of a key: never before it was typed
    with (
        (tmp_path / "child.log").open("wb") as errors,
        subprocess.Popen(
            [sys.executable, str(CHILD), str(path), rhythm], stdout=subprocess.PIPE, stderr=errors, env=env,
            text=True,
        ) as child,
    ):  # fmt: skip
        assert child.stdout is not None
        while not typed_at or typed_at[-1][0] - typed_at[0][0] < TYPING_S:
            line = child.stdout.readline()
            assert line.endswith("\n"), (tmp_path / "child.log").read_text()
            typed_at.append((time.monotonic(), int(line)))
        os.kill(child.pid, signal.SIGKILL)
        killed = time.monotonic()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    promised = max(count for at, count in typed_at if at <= killed - PROMISE_S)
    with Store.open(path) as store:
        (note,) = store.notes()
    before = LONG if rhythm == "long" else ""  # a long note is opened by a worker, then typed into
    assert note.body.startswith(before) and set(note.body[len(before) :]) <= {"m"}
    kept = len(note.body) - len(before)
    assert kept >= promised, f"{kept} of {promised} characters kept ({rhythm})"
