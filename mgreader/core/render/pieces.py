"""A long page cut where Qt can read it one piece at a time (issue 11).

Qt reads a page's HTML (``QTextDocument.setHtml``) and lays it out in one call each, holding the window's
thread (and, through PySide, the interpreter) meanwhile: 60-420 ms for 240 KB-1 MB. The window reads a long
page in pieces instead, one per turn of the event loop (ui/reading/page_document.py). A piece ends before a
block that opens at the top of the page's body (no element left open), so that no paragraph, list or table
is split: read one after the other, the pieces give the same document as the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A page of at most this many characters of HTML is read whole (about 40 ms on a quiet machine, read and
# laid out: every bundled article); a longer one in pieces of at least PIECE_CHARS (about 20-30 ms each).
ONE_PIECE_CHARS = 48_000
PIECE_CHARS = 24_000

_TAG = r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>"  # compiled on first use (re keeps it): for long pages only
_VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "track", "col", "area", "param"}
# A piece may start with one of these (each starts a block of its own), never with inline text.
_BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre", "hr", "div",
    "details",
}  # fmt: skip
_BODY, _END = "<body>", "</body></html>"


@dataclass(frozen=True)
class Page:
    """A composed page: ``head`` (through ``<body>``), the ``body``'s HTML, and the ``tail`` closing it."""

    head: str
    body: str
    tail: str

    @classmethod
    def long(cls, html: str, whole: int = ONE_PIECE_CHARS) -> Page | None:
        """The page, if it is longer than ``whole`` characters and composed as core/render/page.py composes
        pages; else None (it is read whole)."""
        start, end = html.find(_BODY), html.rfind(_END)
        if len(html) <= whole or start < 0 or end < start:
            return None
        start += len(_BODY)
        return cls(html[:start], html[start:end], html[end:])

    def pieces(self, size: int = PIECE_CHARS) -> Iterator[str]:
        """The body in pieces of at least ``size`` characters (the last may be shorter)."""
        start = 0
        while start < len(self.body):
            end = piece_end(self.body, start, size)
            yield self.body[start:end]
            start = end


def piece_end(body: str, start: int, size: int) -> int:
    """Where the piece of ``body`` that begins at ``start`` (at the top level) ends: before the first block
    that opens at the top level, on a line of its own, ``size`` characters on or more; else at the end.

    Elements are followed as an HTML reader follows them: a closing tag closes the nearest open element of
    its name and all opened within it; one that closes nothing open is ignored. An element never closed
    (raw HTML may leave one) leaves no place to end before the end of the page: the rest is one piece."""
    open_tags: list[str] = []
    begun = False  # a piece holds one element at least (an empty one would leave an empty paragraph)
    for match in re.compile(_TAG).finditer(body, start):
        closing, name = match.group(1), match.group(2).lower()
        at = match.start()
        if (
            begun
            and not closing
            and not open_tags
            and name in _BLOCKS
            and at - start >= size
            and body[at - 1 : at] == "\n"
        ):
            return at
        begun = True
        if name in _VOID:
            continue
        if not closing:
            open_tags.append(name)
        elif name in open_tags:
            while open_tags.pop() != name:
                pass
    return len(body)
