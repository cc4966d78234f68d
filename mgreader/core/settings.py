"""The reader's settings: a small JSON file in the config directory, written atomically.

Only plain JSON values are stored; the UI converts Qt's byte arrays (window geometry) to text first. Every
known key is checked when the file is read (its type and range): the file may have been edited by hand or
by another program, and a value Qt cannot take (a splitter size past 2**31, a list for a font) must never
stop the app from starting. A value that fails is dropped (its default is used) and the file is copied
aside first, as a file that cannot be read at all is moved aside.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mgreader.core.atomic import write_atomic
from mgreader.core.errors import SettingsError
from mgreader.core.render.page import FONTS, LINE_SPACINGS, MAX_ZOOM, MIN_ZOOM
from mgreader.core.theme import THEME_CHOICES

MAX_BYTES = 16 * 1024 * 1024  # thousands of reading positions fit in well under 1 MB
MAX_POSITION = 2**31 - 1  # Qt's scroll bars and splitters take C ints
MAX_PIXELS = 100_000
MAX_TEXT = 10_000

Check = Callable[[Any], Any]  # the value to keep, or raises ValueError


def _choice(choices: object) -> Check:
    allowed = set(choices)  # type: ignore[call-overload]

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(value)
        return value

    return check


def _flag(value: Any) -> Any:
    if type(value) is not bool:
        raise ValueError(value)
    return value


def _whole(low: int, high: int) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not int or not low <= value <= high:
            raise ValueError(value)
        return value

    return check


def _text(limit: int) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError(value)
        return value

    return check


def _list_of(item: Check) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, list) or len(value) > 16:
            raise ValueError(value)
        return [item(v) for v in value]

    return check


def _map_of(item: Check) -> Check:
    """An object whose bad entries are dropped one by one: one odd reading position keeps the others."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(value)
        kept = {}
        for key, v in value.items():
            with contextlib.suppress(ValueError):
                kept[key] = item(v)
        if len(kept) != len(value):
            raise PartlyValid(kept)
        return kept

    return check


class PartlyValid(ValueError):
    """Some entries of a map were dropped; ``kept`` holds the others."""

    def __init__(self, kept: dict[str, Any]) -> None:
        super().__init__("some entries")
        self.kept = kept


# The settings key of the "about me" line: the sheet dialog remembers it there and `mgreader export` reads
# it (core.sheet.rules names it for them). Here, so that reading the settings at start does not import the
# sheet's rules.
ABOUT_ME_SETTING = "sheet_about_me"
READING_GUIDE_MODES = ("off", "paragraph", "line")  # View > Reading guide (ui/reading/reading_guide.py)

SCHEMA: dict[str, Check] = {
    "theme": _choice(key for key, _label in THEME_CHOICES),
    "font": _choice(FONTS),
    "line_spacing": _choice(LINE_SPACINGS),
    "zoom": _whole(MIN_ZOOM, MAX_ZOOM),
    "geometry": _text(MAX_TEXT),
    "splitter": _list_of(_whole(0, MAX_PIXELS)),
    "positions": _map_of(_whole(0, MAX_POSITION)),
    "progress": _map_of(_choice(("read", "started"))),
    "last_article": _text(MAX_TEXT),
    "disclaimer_version": _text(MAX_TEXT),
    ABOUT_ME_SETTING: _text(MAX_TEXT),
    "reading_guide": _choice(READING_GUIDE_MODES),
    "read_sources": _flag,
    "checkin_reminder": _flag,
    "checkin_reminder_shown": _text(MAX_TEXT),
    "sheet_suggested_worse": _flag,
}


def validated(values: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The values the app can use, and the names of those dropped or trimmed. Unknown keys are kept as they
    are (a newer version may have written them); nothing reads them."""
    kept: dict[str, Any] = {}
    bad: list[str] = []
    for key, value in values.items():
        check = SCHEMA.get(key)
        if check is None:
            kept[key] = value
            continue
        try:
            kept[key] = check(value)
        except PartlyValid as partly:
            kept[key] = partly.kept
            bad.append(key)
        except ValueError:
            bad.append(key)
    return kept, bad


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Never blocks on a FIFO or a device, never reads
    more than ``limit`` (raises OSError with a reason otherwise; FileNotFoundError when there is none)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "it is not a regular file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise OSError(0, f"it is larger than {limit // (1024 * 1024)} MB")
    return data


class Settings:
    def __init__(self, path: Path, values: dict[str, Any] | None = None, notice: str = "") -> None:
        self.path = path
        self._values: dict[str, Any] = values or {}
        self.notice = notice  # said to the reader once: what happened to an unreadable settings file

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the settings; a damaged file is moved aside (never deleted) and defaults are used."""
        try:
            raw = read_regular(path, MAX_BYTES)
        except FileNotFoundError:
            return cls(path)
        except OSError as error:
            if path.is_dir() or path.exists():
                where = _keep_aside(path, move=True)
                return cls(path, notice=f"Your settings could not be read ({error.strerror}), so default "
                                        f"settings are used.{where}")  # fmt: skip
            return cls(path, notice=f"Your settings could not be read ({error.strerror}); using defaults.")
        try:
            values = json.loads(raw.decode("utf-8"))
            if not isinstance(values, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deep for the parser
            where = _keep_aside(path, move=True)
            return cls(path, notice=f"Your settings file was damaged, so default settings are used.{where}")
        values, bad = validated(values)
        if not bad:
            return cls(path, values)
        where = _keep_aside(path, move=False)
        return cls(path, values, notice=f"Some of your settings could not be used ({', '.join(bad)}), so "
                                        f"their defaults are used.{where}")  # fmt: skip

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def get_int(self, key: str, default: int = 0) -> int:
        """A whole number, or ``default`` when the file holds something else (it may have been edited)."""
        value = self._values.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else default

    def get_dict(self, key: str) -> dict[str, Any]:
        """A copy of a JSON object, or an empty one when the file holds something else there."""
        value = self._values.get(key)
        return dict(value) if isinstance(value, dict) else {}

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value

    def save(self) -> None:
        """Write atomically: a crash leaves the old file or the new one, never half of one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self._values, indent=1, sort_keys=True).encode("utf-8"))
        except OSError as error:
            raise SettingsError(f"Your settings could not be saved: {error.strerror or error}.") from error


def _keep_aside(path: Path, move: bool) -> str:
    """Keep the file the reader had as ``settings.json.damaged-DATE``; the sentence that says where."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists() or aside.is_symlink():  # never over an earlier copy made the same second
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        if move:
            path.replace(aside)
        else:  # the good values are still used; the next save rewrites the file without the bad ones
            shutil.copyfile(path, aside)
    except OSError:
        return ""
    return f" The damaged file was kept as {aside}."
