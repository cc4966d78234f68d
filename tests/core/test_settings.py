import stat
from pathlib import Path

import pytest

from mgreader.core.errors import SettingsError
from mgreader.core.settings import Settings


def test_round_trip_and_private_file(tmp_path: Path):
    path = tmp_path / "config" / "settings.json"
    settings = Settings.load(path)
    settings.set("zoom", 3)
    settings.set("positions", {"a": 12})
    settings.save()
    assert Settings.load(path).get("positions") == {"a": 12}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_damaged_file_is_moved_aside_not_deleted(tmp_path: Path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json", encoding="utf-8")
    settings = Settings.load(path)
    assert settings.get("zoom") is None
    assert "damaged" in settings.notice
    kept = list(tmp_path.glob("settings.json.damaged-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == "{ not json"


def test_save_error_on_a_file_path(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="could not be saved"):
        Settings(blocker / "settings.json").save()
