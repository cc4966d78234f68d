"""Where Mg Reader reads its bundled files and writes the reader's data.

Everything the app writes lives under one of four directories. By default they are the platform's user
directories (platformdirs); ``MGREADER_HOME`` or ``--home DIR`` puts all of them under one directory instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "mgreader"
HOME_ENV = "MGREADER_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """The bundled ``resources`` or ``content`` folder.

    An installed package carries them inside itself (``mgreader/resources``); a source checkout (and an
    editable install) has them beside the package at the top of the repository.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


@dataclass(frozen=True)
class AppPaths:
    """The directories the app writes to, and the files in them."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    library_dir: Path

    @classmethod
    def under(cls, home: Path) -> AppPaths:
        home = home.expanduser().resolve()
        return cls(
            data_dir=home / "data",
            config_dir=home / "config",
            cache_dir=home / "cache",
            library_dir=home / "My articles",
        )

    @classmethod
    def for_user(cls) -> AppPaths:
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(
            data_dir=data,
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            library_dir=data / "My articles",
        )

    @classmethod
    def resolve(cls, home: str | None = None) -> AppPaths:
        """``--home`` wins over ``MGREADER_HOME``, which wins over the platform's directories."""
        chosen = home or os.environ.get(HOME_ENV)
        return cls.under(Path(chosen)) if chosen else cls.for_user()

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def store_file(self) -> Path:
        return self.data_dir / "notes.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def search_index_file(self) -> Path:
        return self.cache_dir / "search.sqlite3"

    @property
    def render_cache_dir(self) -> Path:
        return self.cache_dir / "rendered"

    def ensure(self) -> list[str]:
        """Create the directories, readable by the user only; return a message for each that failed."""
        problems = []
        for directory in (self.data_dir, self.config_dir, self.cache_dir, self.library_dir):
            try:
                directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as error:
                problems.append(f"Could not create {directory}: {error.strerror or error}.")
        return problems
