"""Bookmark highlights merged into a page's character formats, and taken out again (article_view.py).

Highlights are background colours merged in one edit block, so they are part of the page (they survive
re-layout and cost nothing to keep). The formats each one covered are kept, so that changing the
highlights puts those back instead of setting the whole page again (which lost the find bar's marks, the
selection and the place).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

Runs = list[tuple[int, int, QTextCharFormat]]  # the formats a highlight covered, one run each


def paint(
    document: QTextDocument, spans: Sequence[tuple[int, int, str | QTextCharFormat]]
) -> list[Runs]:
    """Merge each span's highlight (a colour '#rrggbb' or a whole format: palette.highlight_format) into
    ``document``; what each covered, to put back with ``take_out``."""
    finish_layout(document)
    covered = []
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for start, end, colour in spans:
        covered.append(formats(document, start, end))
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if isinstance(colour, QTextCharFormat):
            fmt = colour
        else:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(colour))
        cursor.mergeCharFormat(fmt)
    cursor.endEditBlock()
    return covered


def take_out(cursor: QTextCursor, covered: list[Runs]) -> None:
    """Put back what the highlights covered, the last one first (they may overlap)."""
    finish_layout(cursor.document())
    for runs in reversed(covered):
        for start, end, fmt in runs:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)


def formats(document: QTextDocument, start: int, end: int) -> Runs:
    """The character formats between ``start`` and ``end``, one entry for each run of one format."""
    runs = []
    block = document.findBlock(start)
    while block.isValid() and block.position() < end:
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            low = max(start, fragment.position())
            high = min(end, fragment.position() + fragment.length())
            if low < high:
                runs.append((low, high, fragment.charFormat()))
            iterator += 1
        block = block.next()
    return runs


def finish_layout(document: QTextDocument) -> None:
    """Lay the whole page out before changing it. Qt lays a new page out a piece at a time; a format
    changed while that is under way is laid out on its own, and the lazy layout then resumes past it,
    leaving the blocks in between with no lines at all: they are not drawn (issue 11: blank text from
    the highlighted passage on, after a theme change, until the window's width changed)."""
    document.size()
