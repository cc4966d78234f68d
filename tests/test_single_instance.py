"""Two copies on the same notes: the second brings the first to the front and ends, writing nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mgreader.core import disclaimer
from mgreader.core.paths import bundled_dir

# The first copy reports when its window asked to be brought to the front, then quits.
FIRST = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def watch():
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    if window is None or not window.notes.store:
        QTimer.singleShot(20, watch)
        return
    print("READY", flush=True)
    original = window.bring_to_front
    def brought():
        original()
        print("RAISED", flush=True)
        QTimer.singleShot(0, window.close)
    window.bring_to_front = brought

QTimer.singleShot(0, watch)
import mgreader
sys.exit(mgreader.main(sys.argv[1:]))
"""


def test_second_copy_raises_the_first_and_leaves_the_notes_alone(tmp_path: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", FIRST, "--home", str(home)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert first.stdout.readline().strip() == "READY"
        second = subprocess.run([sys.executable, "-m", "mgreader", "--home", str(home)], capture_output=True,
                                text=True, env=env, timeout=60)  # fmt: skip
        assert second.returncode == 0
        assert "already open" in second.stdout
        assert first.stdout.readline().strip() == "RAISED"
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
        first.stdout.close()


# Holds the data folder's lock, as a copy of Mg Reader would, until its stdin closes. Its command line names
# mgreader only when told to: the lock path comes through the environment.
HOLDER = """
import os, sys
from PySide6.QtCore import QLockFile
lock = QLockFile(os.environ["LOCK_PATH"])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("LOCKED", flush=True)
sys.stdin.read()
"""


def hold_lock(data_dir: Path, as_mgreader: bool) -> subprocess.Popen:
    data_dir.mkdir(parents=True, exist_ok=True)
    script = ("import mgreader\n" if as_mgreader else "") + HOLDER
    env = dict(os.environ, LOCK_PATH=str(data_dir / "mgreader.lock"))
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=env)  # fmt: skip
    assert holder.stdout.readline().strip() == "LOCKED"
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(timeout=60)
    holder.stdout.close()


def test_the_folder_is_claimed_even_when_another_folder_cannot_be_made(tmp_path: Path):
    """Issue 11: with the cache folder impossible to create, the one-copy check was skipped."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "cache").write_text("a file where the cache folder goes", encoding="utf-8")
    holder = hold_lock(home / "data", as_mgreader=True)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        second = subprocess.run([sys.executable, "-m", "mgreader", "--home", str(home)], capture_output=True,
                                text=True, env=env, timeout=60)  # fmt: skip
    finally:
        release(holder)
    assert second.returncode == 0 and "already open" in second.stdout
    assert not (home / "data" / "notes.sqlite3").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_lock_left_by_a_copy_whose_pid_another_program_now_has_is_taken(qapp, tmp_path: Path):
    """Issue 11: the process id in a stale lock, reused by another Python program, gave a false "already
    open". The lock is written as Qt writes it, naming a live Python program that is not Mg Reader."""
    from PySide6.QtCore import QSysInfo

    from mgreader.ui.app.single_instance import SingleInstance

    other = subprocess.Popen([sys.executable, "-c", "import sys; print('UP', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "UP"
        name = os.path.basename(os.readlink(f"/proc/{other.pid}/exe"))
        data = tmp_path / "data"
        data.mkdir()
        (data / "mgreader.lock").write_text(f"{other.pid}\n{name}\n{QSysInfo.machineHostName()}\n")
        instance = SingleInstance(data)
        assert instance.claim()
        instance.release()
    finally:
        release(other)


def test_a_live_copy_of_mg_reader_keeps_its_lock(qapp, tmp_path: Path):
    from mgreader.ui.app.single_instance import SingleInstance

    holder = hold_lock(tmp_path / "data", as_mgreader=True)
    try:
        assert not SingleInstance(tmp_path / "data").claim()
    finally:
        release(holder)


def test_a_copy_that_let_its_folder_go_does_not_listen_for_it_any_more(qtbot, tmp_path: Path):
    """The server listens in the turn after the first paint; a window closed in that turn (main run again in
    the same process, as tests and embedders do) would otherwise listen later, for a folder another copy may
    own by then, removing that copy's socket as it began."""
    from PySide6.QtNetwork import QLocalSocket

    from mgreader.ui.app.single_instance import RAISE, SingleInstance

    (tmp_path / "data").mkdir()
    first = SingleInstance(tmp_path / "data")
    assert first.claim()
    first.release()
    second = SingleInstance(tmp_path / "data")
    assert second.claim()
    second.listen()
    first.listen()  # queued before it let go
    raised: list[str] = []
    first.raise_requested.connect(lambda: raised.append("first"))
    socket = QLocalSocket()
    with qtbot.waitSignal(second.raise_requested, timeout=5000):  # the second copy's socket answers
        socket.connectToServer(second.name)
        assert socket.waitForConnected(1000)
        socket.write(RAISE)
        socket.flush()
    assert raised == []
    socket.disconnectFromServer()
    second.release()
