"""Bookmarks on the page: the text they are anchored in, where each one is now, and how a row reads.

Positions are offsets into the page's text as Qt's QTextDocument.toRawText() gives it, normalised by
``page_text`` to ordinary characters of the same length, so an offset is also a text-cursor position.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mgreader.core.dates import short_date_words
from mgreader.core.notes.anchoring import Anchor, Located, locate, make_anchor, paragraph_at

if TYPE_CHECKING:
    from mgreader.core.notes.store import (
        Bookmark,  # not at run time: the store's imports are not needed at startup
    )

# Qt's raw text marks paragraphs, frames (tables) and images with special characters; each becomes one
# ordinary character, so offsets stay the same.
_RAW_TO_PLAIN = str.maketrans({"\u2029": "\n", "\u2028": "\n", "\ufdd0": "\n", "\ufdd1": "\n",
                               "\ufffc": " ", "\u00a0": " "})  # fmt: skip
QUOTE_PREVIEW = 140


@dataclass(frozen=True)
class Placed:
    """A bookmark and where its passage is in the page now (None: not found in the current version)."""

    bookmark: Bookmark
    where: Located | None

    @property
    def missing(self) -> bool:
        return self.where is None

    @property
    def uncertain(self) -> bool:
        return self.where is not None and self.where.uncertain


def page_text(raw: str) -> str:
    return raw.translate(_RAW_TO_PLAIN)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def selection_anchor(text: str, start: int, end: int) -> Anchor | None:
    """The anchor for a selection, trimmed of surrounding white space; None when nothing is selected.
    With ``start == end`` (no selection) the paragraph around that position is taken."""
    if start == end:
        start, end = paragraph_at(text, start)
    start, end = min(start, end), max(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return make_anchor(text, start, end, text_hash(text))


def place(bookmarks: list[Bookmark], text: str) -> list[Placed]:
    return [Placed(b, locate(b.anchor, text)) for b in bookmarks]


def moved_anchor(placed: Placed, text: str) -> Anchor | None:
    """A fresh anchor when the passage was found somewhere else or with small edits; None when the stored
    anchor is still exact (or the passage is lost, which keeps the original quote)."""
    where = placed.where
    if where is None or where.uncertain:
        return None  # an uncertain place is the reader's to confirm: the old quote stays to compare with
    anchor = placed.bookmark.anchor
    if where.exact and where.start == anchor.start and text_hash(text) == anchor.content_hash:
        return None
    return make_anchor(text, where.start, where.end, text_hash(text))


def shorten(text: str, limit: int = QUOTE_PREVIEW) -> str:
    """``text`` on one line, its white space folded, cut before ``limit`` at a word, with an ellipsis.

    Only the start of a long text is read when it is enough: the Notes tab labels every bookmark's note
    with this, and splitting a note of 5 MB took 130 ms at each refresh of the list."""
    head = text[: 4 * limit]
    flat = " ".join(head.split())
    if len(flat) <= limit and len(head) < len(text):
        flat = " ".join(text.split())  # mostly white space: the whole of it is needed
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def human_time(iso: str) -> str:
    """'2026-11-24T20:58:07.123+00:00' -> '24 Nov 2026', in local time and the reader's locale."""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:10]
    return short_date_words(moment.date())  # in the reader's locale (core/dates.py)


def row_text(bookmark: Bookmark, article_title: str, missing: bool, now: str | None = None) -> str:
    """How a bookmark reads in the panel: the quote, then its article, date and markers. ``now``: the text
    found where the passage probably moved, with low confidence; it is shown next to the bookmarked quote
    for the reader to check."""
    details = [article_title, human_time(bookmark.created)]
    if bookmark.note.strip():
        details.append("has a note")
    if bookmark.include_in_sheet:
        details.append("for appointment")
    lines = [f"\u201c{shorten(bookmark.quote)}\u201d", " \u00b7 ".join(details)]
    if missing:
        lines.insert(0, "Passage not found in the current version of the article")
    elif now is not None:
        lines[0] = f"Was: \u201c{shorten(bookmark.quote)}\u201d"
        lines.insert(0, "Moved: please check")
        lines.insert(2, f"Now: \u201c{shorten(now)}\u201d")
    return "\n".join(lines)
