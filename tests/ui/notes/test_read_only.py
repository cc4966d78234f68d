"""A notes folder that cannot be written, for real (a read-only bind mount): the notes can be read, typing
goes on, the editor says it is not saved and why, and once the folder can be written again it saves."""

import subprocess
from pathlib import Path

import pytest

from mgreader.app import open_store
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths
from mgreader.ui.notes import note_editor, notes_file

from ..conftest import build_window


@pytest.fixture
def lockable_home(tmp_path: Path):
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    with Store.open(paths.store_file) as store:
        store.add_note("Questions for March", "Questions for March")
    data = str(paths.data_dir)
    bound = subprocess.run(["mount", "--bind", data, data], capture_output=True, text=True, check=False)
    if bound.returncode != 0:
        pytest.skip(f"a read-only bind mount cannot be made here (needs root): {bound.stderr.strip()}")

    def make_read_only(on: bool) -> None:
        options = "remount,bind,ro" if on else "remount,bind,rw"
        subprocess.run(["mount", "-o", options, data], check=True)

    try:
        yield paths, make_read_only
    finally:
        subprocess.run(["umount", "-l", data], check=False)


def test_read_only_notes_are_readable_and_saving_resumes(
    qtbot, lockable_home, library_dir, prompter, monkeypatch
):
    # The pauses before trying again to save and to open the notes for writing, as the window is built.
    monkeypatch.setattr(note_editor, "RETRY_MS", 100)
    monkeypatch.setattr(notes_file, "WRITABLE_RETRY_MS", 100)
    paths, make_read_only = lockable_home
    make_read_only(True)
    window = build_window(paths, library_dir, prompter, open_store=lambda: open_store(paths),
                          backup_dir=paths.backup_dir)  # fmt: skip
    qtbot.addWidget(window)
    try:
        window.restore_state()
        window.show()
        qtbot.waitUntil(lambda: bool(prompter.told), timeout=5000)
        assert "can be read but not changed" in prompter.told[0][1]
        notes = window.notes
        panel = notes.notes_panel
        assert panel.note_list.count() == 1
        panel.note_list.setCurrentRow(0)
        editor = panel.editor
        editor.edit.setPlainText("Questions for March\nAsk about sleep")
        qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"), timeout=3000)
        assert "read-only" in editor.status.text() or "may not write" in editor.status.text()
        make_read_only(False)
        qtbot.waitUntil(lambda: editor.status.text() == "Saved", timeout=5000)
        assert notes.store is not None
        assert not notes.store.read_only
        assert notes.store.notes()[0].body == "Questions for March\nAsk about sleep"
    finally:
        window.close()
        if window.notes.store is not None:
            window.notes.store.close()
