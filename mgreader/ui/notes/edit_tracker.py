"""The note editor's text, kept up to date from the edits alone (issue 11: reading a 5 MB note out of the
editor with ``toPlainText`` took 60-75 ms of the window's thread at every autosave).

The tracker holds the text as it was when last taken (``text``) and, from the document's ``contentsChange``,
the one span that changed since. ``take`` (window's thread) copies only that span out of the editor: a
``Patch``, as long as the typing since the last save. ``apply`` (any one thread at a time, in order: the
background writer's) splices it in, in a fraction of a millisecond for megabytes, and checks the length
against the editor's own count; a mismatch raises ``TrackingLost`` and the editor reads the whole text again.

Qt counts positions in UTF-16 units and Python in code points: they differ by one for each character beyond
U+FFFF (emoji), which is allowed for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtGui import QTextCursor, QTextDocument

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# What QTextDocument.toPlainText turns into newlines and spaces; a block separator is U+2029 in the document.
_SHOWN = {0x2029: "\n", 0x2028: "\n", 0xFDD0: "\n", 0xFDD1: "\n", 0xA0: " "}
_SPECIAL = re.compile("[\u2029\u2028\ufdd0\ufdd1\xa0]")


class TrackingLost(Exception):  # noqa: N818 - not an error the reader sees: the whole text is read instead
    """The tracked text no longer matches the editor's (never seen; guarded against all the same)."""


@dataclass(frozen=True)
class Patch:
    """Replace ``start``..``old_end`` of the text last taken by ``text``; positions in UTF-16 units. The
    editor held ``length`` UTF-16 units then."""

    start: int
    old_end: int
    text: str
    length: int


def as_shown(text: str) -> str:
    """``text`` as QPlainTextEdit.toPlainText gives it back after setPlainText(text)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _SPECIAL.search(text):
        text = text.translate(_SHOWN)
    return text


def utf16_length(text: str) -> int:
    return len(text) if text.isascii() else len(text) + len(_ASTRAL.findall(text))


class EditTracker:
    def __init__(self, document: QTextDocument) -> None:
        self._document = document
        self.text: str | None = ""  # None: unknown, read whole at the next take
        self._length = 0  # of ``text``, in UTF-16 units
        # The changed span since ``text`` was taken: start, its end in ``text``, its end in the document.
        self._span: tuple[int, int, int] | None = None
        document.contentsChange.connect(self._changed)

    def reset(self, text: str | None) -> None:
        """The editor now holds ``text`` (as toPlainText gives it), or None when that is not known."""
        self._span = None
        self.text = text
        self._length = utf16_length(text) if text is not None else 0
        if text is not None and self._length != self._document.characterCount() - 1:
            self.text = None  # the editor changed it on the way in, in a way not foreseen: read it whole

    def changed(self) -> bool:
        return self._span is not None or self.text is None

    def take(self) -> Patch | None:
        """What changed since the last take, copied out of the editor (window's thread); None: nothing."""
        length = self._document.characterCount() - 1
        if self.text is None:
            self._span = None
            return Patch(0, -1, self._document.toPlainText(), length)  # -1: the whole text
        if self._span is None:
            return None
        start, _old_end, new_end = self._span
        # Qt's counts may include the document's final separator: the span ends at most at the text's end.
        new_end = min(new_end, length)
        cursor = QTextCursor(self._document)
        cursor.setPosition(min(start, new_end))
        cursor.setPosition(new_end, QTextCursor.MoveMode.KeepAnchor)
        patch = Patch(start, self._span[1], cursor.selectedText().translate(_SHOWN), length)
        self._span = None
        return patch

    def apply(self, patch: Patch | None) -> str:
        """The text with ``patch`` spliced in (one thread at a time, patches in the order taken)."""
        if patch is None:
            if self.text is None:
                raise TrackingLost
            return self.text
        if patch.old_end < 0:
            self.text, self._length = patch.text, patch.length
            return patch.text
        base = self.text
        if base is None:
            raise TrackingLost
        start16, end16 = min(patch.start, self._length), min(patch.old_end, self._length)
        astral = [] if len(base) == self._length else _astral_starts(base)
        start, end = _index(start16, astral), _index(end16, astral)
        text = base[:start] + patch.text + base[end:]
        length = self._length - (end16 - start16) + utf16_length(patch.text)
        if length != patch.length or start > end:
            self.text = None
            raise TrackingLost
        self.text, self._length = text, length
        return text

    def _changed(self, position: int, removed: int, added: int) -> None:
        if self._span is None:
            self._span = (position, position + removed, position + added)
            return
        start, old_end, new_end = self._span
        # One span covering both: before ``start`` the two texts agree; past the span's end, what this edit
        # removed beyond it was in the old text too, shifted by what the span changed.
        self._span = (
            min(start, position),
            old_end + max(0, position + removed - new_end),
            max(new_end, position + removed) + added - removed,
        )


def _astral_starts(text: str) -> list[int]:
    """The UTF-16 position of each character beyond U+FFFF in ``text`` (each takes two units there)."""
    return [match.start() + number for number, match in enumerate(_ASTRAL.finditer(text))]


def _index(position16: int, astral: list[int]) -> int:
    """The code-point index of a UTF-16 position, given where the two-unit characters start."""
    before = 0
    for start in astral:  # few in a note; a note of many emoji costs a pass over them
        if start >= position16:
            break
        before += 1
    return position16 - before
