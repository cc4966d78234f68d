"""Two copies on the same notes: the second brings the first to the front and ends, writing nothing."""

import os
import subprocess
import sys
from pathlib import Path

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
