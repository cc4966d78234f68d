"""The reader's settings: a small JSON file in the config directory, written atomically.

Only plain JSON values are stored; the UI converts Qt's byte arrays (window geometry) to text first.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from mgreader.core.atomic import write_atomic
from mgreader.core.errors import SettingsError


class Settings:
    def __init__(self, path: Path, values: dict[str, Any] | None = None, notice: str = "") -> None:
        self.path = path
        self._values: dict[str, Any] = values or {}
        self.notice = notice  # said to the reader once: what happened to an unreadable settings file

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the settings; a damaged file is moved aside (never deleted) and defaults are used."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as error:
            return cls(path, notice=f"Your settings could not be read ({error.strerror}); using defaults.")
        try:
            values = json.loads(raw)
            if not isinstance(values, dict):
                raise ValueError("not an object")
        except ValueError:
            aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                path.replace(aside)
                where = f" The damaged file was kept as {aside}."
            except OSError:
                where = ""
            return cls(path, notice=f"Your settings file was damaged, so default settings are used.{where}")
        return cls(path, values)

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
