"""The note editor's text, kept up to date from the edits alone (issue 11: reading a 5 MB note out of the
editor with ``toPlainText`` took 60-75 ms of the window's thread at every autosave).

The tracker holds the text as it was when last taken (``text``) and, from the document's ``contentsChange``,
the few spans that changed since (typing at both ends of a note makes two, not one span over all of it).
``take`` (window's thread) copies only those spans out of the editor: a ``Patch``, as long as the typing
since the last save. ``apply`` (any one thread at a time, in order: the background writer's, or the window's
for a save on closing) splices them in and checks the length against the editor's own count; a mismatch
raises ``TrackingLost`` and the editor reads the whole text again. Spans that grew large are read whole
instead: Qt copies a selection out far more slowly than the whole text (half a second for 5 MB, against
30 ms).

The text is kept in pieces of about ``PIECE_CHARS``, each with its length in UTF-16 units: a splice looks only
at the pieces it touches. Over one string, finding where a UTF-16 position falls meant finding every emoji of
the note first (25-35 ms for 5 MB of accented text, at every save), on the window's thread when it saves on
closing or after a failed save. What is left is joining the pieces into the one string a save writes.

Qt counts positions in UTF-16 units and Python in code points: they differ by one for each character beyond
U+FFFF (emoji), which is allowed for.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
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
PIECE_CHARS = 32_768  # the tracked text's pieces: a splice looks at those it touches


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
        # The text as it was when last taken, in pieces (None: unknown, read whole at the next take), and
        # the length of each piece in UTF-16 units (-1 until counted: counting takes a while for megabytes).
        self._pieces: list[str] | None = [""]
        self._units: list[int] = [0]
        self._total = 0  # the text's length in UTF-16 units
        # What changed since ``text`` was taken, in order and apart: [start in the document, length it had
        # in ``text``, length it has in the document], in UTF-16 units.
        self._spans: list[list[int]] = []
        document.contentsChange.connect(self._changed)

    @property
    def text(self) -> str | None:
        """The text as it was when last taken (None: not known, read whole at the next take)."""
        return None if self._pieces is None else "".join(self._pieces)

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

    def reset(
        self, text: str | Sequence[str] | None, length: int | None = None, units: Sequence[int] | None = None
    ) -> None:
        """The editor now holds ``text`` (as toPlainText gives it), or None when that is not known; or that
        text in pieces. ``length``: that of ``text`` in UTF-16 units, or ``units``: that of each piece, if
        known (counting takes a while for megabytes; else the pieces are counted when a splice first needs
        them, in whichever thread makes it)."""
        self._spans = []
        if text is None:
            self._pieces = None
            return
        pieces = _cut(text) if isinstance(text, str) else list(text)
        if units is not None and len(units) == len(pieces):
            self._keep(pieces, sum(units))
            self._units = list(units)
        else:
            self._keep(pieces, length)
        if self._total != self._document.characterCount() - 1:
            self._pieces = None  # the editor changed it on the way in, in a way not foreseen: read it whole

    def take(self) -> Patch | None:
        """What changed since the last take, copied out of the editor (window's thread); None: nothing."""
        length = self._document.characterCount() - 1
        spans, self._spans = self._spans, []
        if self._pieces is None or sum(new for _start, _old, new in spans) > SELECTION_CHARS:
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
            self._keep(_cut(patch.whole), patch.length)
            return patch.whole
        if self._pieces is None:
            raise TrackingLost
        if patch is None:
            return "".join(self._pieces)
        pieces, total = self._pieces, self._total
        units = self._count()
        if self._total != total:
            self._pieces = None
            raise TrackingLost
        length, limit = total, total
        # From the last span to the first: a splice moves nothing before it, so each span's positions (in the
        # text as it was) still hold when its turn comes.
        for start16, end16, text in reversed(patch.pieces):
            start16, end16 = min(start16, total), min(end16, total)
            if end16 < start16 or end16 > limit:
                self._pieces = None
                raise TrackingLost
            limit = start16
            starts = list(itertools.accumulate(units, initial=0))
            first, at = _place(start16, starts)
            last, to = _place(end16, starts)
            head, tail = pieces[first][: _index(at, pieces[first])], pieces[last][_index(to, pieces[last]) :]
            merged = head + text + tail
            cut = _cut(merged)
            pieces[first : last + 1] = cut
            units[first : last + 1] = [utf16_length(piece) for piece in cut]
            length += utf16_length(text) - (end16 - start16)
        if not pieces:
            pieces.append("")
            units.append(0)
        self._total = length
        if length != patch.length or sum(units) != length:
            self._pieces = None
            raise TrackingLost
        return "".join(pieces)

    def _keep(self, pieces: list[str], length: int | None) -> None:
        self._pieces = pieces or [""]
        self._units = [-1] * len(self._pieces)
        if length is None:
            self._count()
        else:
            self._total = length

    def _count(self) -> list[int]:
        """Each piece's length in UTF-16 units, counting those not counted yet; also sets the total."""
        assert self._pieces is not None
        units = self._units
        for number, unit in enumerate(units):
            if unit < 0:
                units[number] = utf16_length(self._pieces[number])
        self._total = sum(units)
        return units

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


def _cut(text: str) -> list[str]:
    """``text`` in pieces of ``PIECE_CHARS`` (the last one shorter); none for no text."""
    if len(text) <= 2 * PIECE_CHARS:
        return [text] if text else []
    return [text[start : start + PIECE_CHARS] for start in range(0, len(text), PIECE_CHARS)]


def _place(position16: int, starts: list[int]) -> tuple[int, int]:
    """The piece a UTF-16 position of the whole text falls in, and the position within that piece."""
    number = min(bisect.bisect_right(starts, position16) - 1, len(starts) - 2)
    return number, position16 - starts[number]


def _index(position16: int, piece: str) -> int:
    """The code-point index of a UTF-16 position in ``piece`` (a character beyond U+FFFF takes two units)."""
    if piece.isascii():
        return position16
    astral = [match.start() + number for number, match in enumerate(_ASTRAL.finditer(piece))]
    return position16 - bisect.bisect_left(astral, position16)
