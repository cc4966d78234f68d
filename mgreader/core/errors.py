"""Exception types for problems a reader can cause or meet; each carries a plain-language message."""

from __future__ import annotations


class MgReaderError(Exception):
    """Base class: ``str(error)`` is a sentence fit to show a reader."""


class FrontMatterError(MgReaderError):
    """The block between the ``---`` lines at the top of an article could not be read."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class ArticleError(MgReaderError):
    """An article file could not be read at all (missing, unreadable, a folder)."""


class SettingsError(MgReaderError):
    """The settings file could not be written."""
