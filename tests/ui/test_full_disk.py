"""A full disk, for real: a small tmpfs holds the notes. Typing goes on, the editor says it is not saved and
why, nothing typed is lost, and saving resumes by itself once there is room again."""

import os
import subprocess
from pathlib import Path

import pytest

from mgreader.app import content_roots
from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.page import PageComposer
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.reader import ArticleLoader
from mgreader.core.render import Renderer
from mgreader.core.render_cache import RenderCache
from mgreader.core.settings import Settings
from mgreader.core.store import Store
from mgreader.core.theme import LIGHT
from mgreader.ui.main_window import MainWindow


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
    qtbot, small_disk, library_dir, prompter
):
    paths = AppPaths.under(small_disk / "home")
    paths.ensure()
    resources = bundled_dir("resources")
    loader = ArticleLoader(
        PageComposer(resources, disclaimer_module.load(resources)),
        RenderCache(paths.render_cache_dir),
        Renderer(),
    )
    store = Store.open(paths.store_file)
    window = MainWindow(content_roots(paths, library_dir), loader, Settings.load(paths.settings_file), LIGHT,
                        paths.library_dir, prompter, store=store)  # fmt: skip
    qtbot.addWidget(window)
    try:
        window.restore_state()
        window.show()
        panel = window.notes.notes_panel
        panel.new_note()
        editor = panel.editor
        editor._retry.setInterval(100)
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
