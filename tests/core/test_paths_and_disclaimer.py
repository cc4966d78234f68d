from pathlib import Path

import pytest

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.paths import AppPaths, bundled_dir


def test_home_option_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MGREADER_HOME", str(tmp_path / "env"))
    assert AppPaths.resolve().data_dir == tmp_path / "env" / "data"
    assert AppPaths.resolve(str(tmp_path / "opt")).config_dir == tmp_path / "opt" / "config"


def test_ensure_creates_private_folders(tmp_path: Path):
    paths = AppPaths.under(tmp_path / "h")
    assert paths.ensure() == []
    for folder in (paths.data_dir, paths.config_dir, paths.cache_dir, paths.library_dir):
        assert folder.is_dir()
        assert folder.stat().st_mode & 0o077 == 0


def test_ensure_reports_what_it_could_not_create(tmp_path: Path):
    (tmp_path / "file").write_text("", encoding="utf-8")
    problems = AppPaths.under(tmp_path / "file").ensure()
    assert problems
    assert "Could not create" in problems[0]


def test_bundled_folders_exist():
    assert (bundled_dir("resources") / "disclaimer.md").is_file()
    assert bundled_dir("content").is_dir()


def test_disclaimer_version_follows_its_text(tmp_path: Path):
    (tmp_path / "disclaimer.md").write_text("# Title\n\nFirst **bold** text.\n\nSecond.", encoding="utf-8")
    first = disclaimer_module.load(tmp_path)
    assert first.title == "Title"
    assert first.to_html() == "<p>First <b>bold</b> text.</p>\n<p>Second.</p>"
    (tmp_path / "disclaimer.md").write_text("# Title\n\nFirst **bold** text, changed.", encoding="utf-8")
    assert disclaimer_module.load(tmp_path).version != first.version
