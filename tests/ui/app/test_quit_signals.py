"""SIGTERM, SIGHUP and Ctrl+C quit as the close button does: the note typed, the settings and a backup are
saved (issue 11)."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mgreader.core import disclaimer
from mgreader.core.paths import bundled_dir
from mgreader.ui.app.quit_signals import QuitOnSignals, close_gently

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_saves_the_note_being_typed_and_closes(make_window, qtbot, tmp_path: Path, name: str):
    from PySide6.QtWidgets import QApplication

    window = make_window()
    panel = window.notes.notes_panel
    note = panel.new_note()
    qtbot.keyClicks(panel.editor.edit, "Ask about ferritin")  # within the save delay: not saved yet
    assert window.notes.store.get_note(note.id).body == ""
    quitting = QuitOnSignals(lambda: close_gently(QApplication.instance(), window))
    try:
        os.kill(os.getpid(), getattr(signal, name))
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        quitting.restore()
    assert window.notes.store.get_note(note.id).body == "Ask about ferritin"
    settings = json.loads((tmp_path / "home" / "config" / "settings.json").read_text(encoding="utf-8"))
    assert "geometry" in settings
    assert any((tmp_path / "home").rglob("backups/*")), "no backup was made on the way out"


# Reports when the window is up, then runs the app as `mgreader` does.
STARTER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])

def watch():
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"), None)
    if window is None or not window.isVisible() or not window.notes.store:
        QTimer.singleShot(20, watch)
        return
    print("READY", flush=True)

QTimer.singleShot(0, watch)
import mgreader
sys.exit(mgreader.main(sys.argv[1:]))
"""


def test_sigterm_ends_the_app_normally(tmp_path: Path, library_dir: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", STARTER, "--home", str(home), "--content", str(library_dir)]
    app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "READY"
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        app.stdout.close()
    settings = json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
    assert "geometry" in settings and "last_article" in settings
