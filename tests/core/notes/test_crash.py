"""Never lose a word (issue 4): a writer killed with SIGKILL at random moments keeps every reported save."""

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

import mgreader
from mgreader.core.notes.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = Path(__file__).with_name("crash_child.py")
REPO = Path(mgreader.__file__).resolve().parent.parent
ROUNDS = 30


def run_and_kill(path: Path, round_: int, kill_after: int, log: Path) -> list[dict[str, str]]:
    """Start a writer, kill it once it has reported ``kill_after`` saves, and return every save it
    reported, including those still in the pipe when it died."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with (
        log.open("wb") as errors,
        subprocess.Popen(
            [sys.executable, str(CHILD), str(path), str(round_)],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            text=True,
        ) as child,
    ):
        assert child.stdout is not None
        lines = [child.stdout.readline() for _ in range(kill_after)]
        os.kill(child.pid, signal.SIGKILL)
        lines += child.stdout.read().splitlines(keepends=True)
        child.wait()
    assert child.returncode == -signal.SIGKILL, log.read_text()
    complete = [line for line in lines if line.endswith("\n")]  # a line cut short was never acknowledged
    assert len(complete) >= kill_after, log.read_text()
    return [json.loads(line) for line in complete]


def test_sigkill_at_random_moments_loses_no_acknowledged_save(tmp_path: Path):
    path = tmp_path / "notes.sqlite3"
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    saved: dict[str, dict[str, str]] = {}  # the last acknowledged save of each note
    for round_ in range(ROUNDS):
        # Some rounds die while starting up (opening, creating the schema), most in the middle of saving.
        kill_after = rng.choice([0, 1]) if round_ % 5 == 0 else rng.randint(2, 150)
        for record in run_and_kill(path, round_, kill_after, tmp_path / f"child-{round_}.log"):
            saved[record["id"]] = record
        where = f"seed {seed}, round {round_}, killed after {kill_after} saves"

        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
        with Store.open(path) as store:
            notes = {note.id: note for note in store.notes()}
        for note_id, record in saved.items():
            assert note_id in notes, where
            note = notes[note_id]
            assert note.title == record["title"], where
            if note.title.startswith("typing"):
                # The next save may have been committed just before the kill, but not yet reported.
                assert note.body in (record["body"], str(int(record["body"]) + 1)), where
            else:
                assert note.body == record["body"], where
        # At most one save per round was in flight when the writer died.
        assert len(notes) - len(saved) <= round_ + 1, where
