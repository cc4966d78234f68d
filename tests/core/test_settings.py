import json
import os
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


# Issue 11: whatever the file holds, the app starts; a bad value falls back to its default, the file is kept.
@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe{\x00}",  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the parser can go
        b'{"zoom": ' + b"9" * 5000 + b"}",  # more digits than Python converts
        b"\x00" * 64,
    ],
    ids=["not-utf8", "deep", "huge-int", "nul"],
)
def test_a_file_that_cannot_be_parsed_is_moved_aside(tmp_path: Path, raw: bytes):
    path = tmp_path / "settings.json"
    path.write_bytes(raw)
    settings = Settings.load(path)
    assert settings.get("zoom") is None and "damaged" in settings.notice
    (kept,) = tmp_path.glob("settings.json.damaged-*")
    assert kept.read_bytes() == raw and str(kept) in settings.notice


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("font", []),
        ("theme", ["dark"]),
        ("theme", "purple"),
        ("line_spacing", {"a": 1}),
        ("zoom", 10**30),
        ("zoom", True),
        ("zoom", 2.5),
        ("splitter", [10**12, 300]),
        ("splitter", [-5, 300]),
        ("splitter", list(range(1, 100))),
        ("geometry", "x" * 1_000_000),
        ("last_article", ["a"]),
        ("disclaimer_version", {"v": 1}),
        ("sheet_about_me", 12),
        ("reading_guide", "everything"),
        ("read_sources", "yes"),
        ("checkin_reminder", 1),
        ("checkin_reminder_shown", ["2026-12-01"]),
        ("sheet_suggested_worse", None),
    ],
)
def test_a_value_of_the_wrong_kind_or_size_falls_back_and_the_file_is_kept(tmp_path: Path, key, value):
    path = tmp_path / "settings.json"
    other = {"font": "serif"} if key == "zoom" else {"zoom": 2}
    path.write_text(json.dumps({key: value, **other}), encoding="utf-8")
    settings = Settings.load(path)
    assert settings.get(key) is None
    assert settings.get("zoom") == 2 or settings.get("font") == "serif"  # the good value next to it stays
    assert key in settings.notice
    (kept,) = tmp_path.glob("settings.json.damaged-*")
    assert json.loads(kept.read_text(encoding="utf-8"))[key] == value
    assert path.exists()  # copied aside, not moved: the good values are still in use


def test_one_bad_reading_position_keeps_the_others(tmp_path: Path):
    path = tmp_path / "settings.json"
    positions = {"a": 12, "b": 2**40, "c": -1, "d": "x", "e": 7}
    path.write_text(json.dumps({"positions": positions, "progress": {"a": "read", "b": 3}}), encoding="utf-8")
    settings = Settings.load(path)
    assert settings.get_dict("positions") == {"a": 12, "e": 7}
    assert settings.get_dict("progress") == {"a": "read"}
    assert "positions" in settings.notice


def test_good_settings_say_nothing_and_keep_no_copy(tmp_path: Path):
    path = tmp_path / "settings.json"
    good = {
        "theme": "dark",
        "font": "serif",
        "line_spacing": "loose",
        "zoom": -4,
        "splitter": [250, 900, 300],
        "positions": {"a": 0},
        "progress": {"a": "started"},
        "last_article": "a",
        "future_key": [1],
    }
    path.write_text(json.dumps(good), encoding="utf-8")
    settings = Settings.load(path)
    assert settings.notice == "" and not list(tmp_path.glob("*.damaged-*"))
    assert {key: settings.get(key) for key in good} == good


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_folder_is_not_read_and_is_moved_aside(tmp_path: Path):
    for make in (os.mkfifo, os.mkdir):
        path = tmp_path / "settings.json"
        make(path)
        settings = Settings.load(path)  # would block for ever reading a FIFO
        assert settings.get("zoom") is None and "could not be read" in settings.notice
        assert not path.exists()
        for kept in tmp_path.glob("settings.json.damaged-*"):
            kept.rename(tmp_path / f"old-{make.__name__}")
