"""The note editor's text, kept up to date from the edits alone (issue 11: reading a 5 MB note out of the
editor with ``toPlainText`` took 60-75 ms of the window's thread at every autosave).

The tracker holds the text as it was when last taken (``text``) and, from the document's ``contentsChange``,
the few spans that changed since (typing at both ends of a note makes two, not one span over all of it).
``take`` (window's thread) copies only those spans out of the editor: a ``Patch``, as long as the typing
since the last save. ``apply`` (any one thread at a time, in order: the background writer's) splices them in,
in a millisecond for megabytes, and checks the length against the editor's own count; a mismatch raises
``TrackingLost`` and the editor reads the whole text again. Spans that grew large are read whole instead:
Qt copies a selection out far more slowly than the whole text (half a second for 5 MB, against 30 ms).

Qt counts positions in UTF-16 units and Python in code points: they differ by one for each character beyond
U+FFFF (emoji), which is allowed for.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from PySide6.QtGui import QTextCursor, QTextDocument

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# What QTextDocument.toPlainText turns into newlines and spaces; a block separator is U+2029 in the document.
_SHOWN = {0x2029: "\n", 0x2028: "\n", 0xFDD0: "\n", 0xFDD1: "\n", 0xA0: " "}
_SPECIAL = re.compile("[\u2029\u2028\ufdd0\ufdd1\xa0]")


class TrackingLost(Exception):  # noqa: N818 - not an error the reader sees: the whole text is read instead
    """The tracked text no longer matches the editor's (never seen; guarded against all the same)."""


MAX_SPANS = 8  # more, and the two closest are merged
SELECTION_CHARS = 65_536  # changed spans longer than this in all are not copied out: the whole text is read


@dataclass(frozen=True)
class Patch:
    """``pieces``: replace ``start``..``end`` of the text last taken by ``text``, in increasing order, in
    UTF-16 units of that text; or the ``whole`` text. The editor held ``length`` UTF-16 units then."""

    pieces: tuple[tuple[int, int, str], ...]
    length: int
    whole: str | None = None


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
        # What changed since ``text`` was taken, in order and apart: [start in the document, length it had
        # in ``text``, length it has in the document], in UTF-16 units.
        self._spans: list[list[int]] = []
        document.contentsChange.connect(self._changed)

    def attach(self, document: QTextDocument) -> None:
        """Follow ``document`` from now on (the editor was given it: a long note, filled in a worker)."""
        if document is self._document:
            return
        self._document.contentsChange.disconnect(self._changed)
        self._document = document
        document.contentsChange.connect(self._changed)
        self.reset(None)

    def detach(self) -> None:
        """Follow no document any more (the editor left the note; a write may still use ``text``)."""
        self._document.contentsChange.disconnect(self._changed)

    def reset(self, text: str | None, length: int | None = None) -> None:
        """The editor now holds ``text`` (as toPlainText gives it), or None when that is not known.
        ``length``: that of ``text`` in UTF-16 units, if known (counting takes a while for megabytes)."""
        self._spans = []
        self.text = text
        self._length = (utf16_length(text) if length is None else length) if text is not None else 0
        if text is not None and self._length != self._document.characterCount() - 1:
            self.text = None  # the editor changed it on the way in, in a way not foreseen: read it whole

    def take(self) -> Patch | None:
        """What changed since the last take, copied out of the editor (window's thread); None: nothing."""
        length = self._document.characterCount() - 1
        spans, self._spans = self._spans, []
        if self.text is None or sum(new for _start, _old, new in spans) > SELECTION_CHARS:
            return Patch((), length, self._document.toPlainText())
        if not spans:
            return None
        pieces, shift = [], 0  # shift: how much longer the document is than ``text``, before this span
        cursor = QTextCursor(self._document)
        for start, old, new in spans:
            # Qt's counts may include the document's final separator: a span ends at most at the text's end.
            end = min(start + new, length)
            cursor.setPosition(min(start, end))
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            pieces.append((start - shift, start - shift + old, cursor.selectedText().translate(_SHOWN)))
            shift += new - old
        return Patch(tuple(pieces), length)

    def apply(self, patch: Patch | None) -> str:
        """The text with ``patch`` spliced in (one thread at a time, patches in the order taken)."""
        if patch is not None and patch.whole is not None:
            self.text, self._length = patch.whole, patch.length
            return patch.whole
        base = self.text
        if base is None:
            raise TrackingLost
        if patch is None:
            return base
        astral = [] if len(base) == self._length else _astral_starts(base)
        parts, length, done = [], self._length, 0
        for start16, end16, text in patch.pieces:
            start16, end16 = min(start16, self._length), min(end16, self._length)
            start, end = _index(start16, astral), _index(end16, astral)
            if start < done or end < start:
                self.text = None
                raise TrackingLost
            parts += [base[done:start], text]
            done = end
            length += utf16_length(text) - (end16 - start16)
        if length != patch.length:
            self.text = None
            raise TrackingLost
        parts.append(base[done:])
        self.text, self._length = "".join(parts), length
        return self.text

    def _changed(self, position: int, removed: int, added: int) -> None:
        end = position + removed
        spans = self._spans
        # The spans this edit touches or borders (in the document before the edit) become one.
        first = 0
        while first < len(spans) and spans[first][0] + spans[first][2] < position:
            first += 1
        last = first
        while last < len(spans) and spans[last][0] <= end:
            last += 1
        touched = spans[first:last]
        if touched:
            low = min(position, touched[0][0])
            high = max(end, touched[-1][0] + touched[-1][2])
            grown = sum(new - old for _start, old, new in touched)
            span = [low, high - low - grown, high - low - removed + added]
        else:
            span = [position, removed, added]  # outside every span, the document is ``text`` as it was
        for later in spans[last:]:
            later[0] += added - removed
        spans[first:last] = [span]
        if len(spans) > MAX_SPANS:
            gaps = [spans[i + 1][0] - spans[i][0] - spans[i][2] for i in range(len(spans) - 1)]
            i = gaps.index(min(gaps))
            a, b = spans[i], spans[i + 1]
            spans[i : i + 2] = [[a[0], a[1] + gaps[i] + b[1], a[2] + gaps[i] + b[2]]]


def _astral_starts(text: str) -> list[int]:
    """The UTF-16 position of each character beyond U+FFFF in ``text`` (each takes two units there)."""
    return [match.start() + number for number, match in enumerate(_ASTRAL.finditer(text))]


def _index(position16: int, astral: list[int]) -> int:
    """The code-point index of a UTF-16 position, given where the two-unit characters start."""
    return position16 - bisect.bisect_left(astral, position16)
