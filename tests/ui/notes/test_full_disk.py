"""A full disk, for real: a small tmpfs holds the notes. Typing goes on, the editor says it is not saved and
why, nothing typed is lost, and saving resumes by itself once there is room again."""

import os
import subprocess
from pathlib import Path

import pytest

from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths
from mgreader.ui.notes import note_editor

from ..conftest import build_window


@pytest.fixture
def small_disk(tmp_path: Path):
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True, check=False)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"a size-limited tmpfs cannot be mounted here (needs root): {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 16384)
                out.flush()
                os.fsync(out.fileno())
        except OSError:
            pass
    return filler


def test_full_disk_keeps_the_text_says_so_and_saves_when_room_returns(
    qtbot, small_disk, library_dir, prompter, monkeypatch
):
    monkeypatch.setattr(note_editor, "RETRY_MS", 100)  # the retry's pause, as the editor is built
    paths = AppPaths.under(small_disk / "home")
    paths.ensure()
    store = Store.open(paths.store_file)
    window = build_window(paths, library_dir, prompter, store=store)
    qtbot.addWidget(window)
    try:
        window.restore_state()
        window.show()
        panel = window.notes.notes_panel
        panel.new_note()
        editor = panel.editor
        filler = fill(small_disk)
        text = "Ask about magnesium and my kidneys. " * 200  # bigger than the room left
        editor.edit.setPlainText(text)
        qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"), timeout=5000)
        assert "disk" in editor.status.text().lower() or "space" in editor.status.text().lower()
        assert editor.edit.toPlainText() == text
        filler.unlink()
        qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=5000)
        assert store.notes()[0].body == text
    finally:
        window.close()
        store.close()
