"""What read aloud says for a page (an article, a note, the appointment sheet), in reading order.

Walks the page's QTextDocument rather than its plain text, so that each part is said as a listener needs it:
a table row by row, each value with its column's heading ("Week of 3 November: Energy 2-4, Crash days 1"); a
picture or chart by a sentence naming it, not silently skipped; an article's Sources section, its footnotes
and the footnote numbers in its sentences, and the disclaimer box under every article, left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtGui import QFont, QTextBlock, QTextCursor, QTextDocument, QTextFormat, QTextFrame, QTextTable

from mgreader.core.render.sentences import sentences
from mgreader.ui.aloud.speech import Utterance

SKIPPED_SECTIONS = {"sources", "references"}  # heading ids: the section under them is for looking up
_LETTER = re.compile(r"[^\W_]")  # a letter or digit: a line of underscores (room to write) is not said
_SPACES = re.compile(r"\s+")
OBJECT = "\ufffc"  # where a picture sits in the text


class _Walk:
    def __init__(self, document: QTextDocument, article: bool, skip_sources: bool) -> None:
        self.document = document
        self.article = article
        self.skip_sources = skip_sources
        self.out: list[Utterance] = []
        self.skipping_below = 0  # heading level of a skipped section (0: not skipping)
        self.in_footnotes = False


def page_utterances(
    document: QTextDocument, article: bool = False, skip_sources: bool = True
) -> list[Utterance]:
    """Every sentence of ``document``; ``article``: a composed article page (its disclaimer box is left out,
    and with ``skip_sources`` its Sources section and footnotes)."""
    walk = _Walk(document, article, skip_sources and article)
    root = document.rootFrame()
    frames = root.childFrames()
    footer = frames[-1] if article and frames and _is_box(frames[-1]) else None
    _items(walk, _children(root), footer)
    return walk.out


def text_utterances(document: QTextDocument) -> list[Utterance]:
    """A plain text (a note): its sentences."""
    return page_utterances(document)


def _children(frame: QTextFrame) -> Iterator[QTextBlock | QTextFrame]:
    iterator = frame.begin()
    while not iterator.atEnd():
        child = iterator.currentFrame()
        yield child if child is not None else iterator.currentBlock()
        iterator += 1


def _items(walk: _Walk, items: Iterator[QTextBlock | QTextFrame], footer: QTextFrame | None = None) -> None:
    for item in items:
        if isinstance(item, QTextBlock):
            _block(walk, item)
        elif footer is not None and item == footer:
            continue  # the disclaimer under every article: the same words on every page
        elif isinstance(item, QTextTable):
            _table(walk, item)
        else:
            _items(walk, _children(item))


def _is_box(frame: QTextFrame) -> bool:
    return isinstance(frame, QTextTable) and frame.rows() == 1 and frame.columns() == 1


def _block(walk: _Walk, block: QTextBlock) -> None:
    names, refs, pictures = [], [], []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        fmt = fragment.charFormat()
        names += fmt.anchorNames()
        if fmt.isAnchor() and fmt.anchorHref().startswith("#fn:"):
            refs.append((fragment.position(), fragment.position() + fragment.length()))
        if fmt.isImageFormat():
            alt = str(fmt.property(QTextFormat.Property.ImageAltText) or "").strip()
            pictures.append((fragment.position(), alt))
        iterator += 1
    level = block.blockFormat().headingLevel()
    if walk.skip_sources:
        if level and walk.skipping_below and level <= walk.skipping_below:
            walk.skipping_below = 0
        if level and walk.in_footnotes:
            walk.in_footnotes = False
        if level and any(name in SKIPPED_SECTIONS for name in names):
            walk.skipping_below = level
        if any(name.startswith("fn:") for name in names):
            walk.in_footnotes = True  # python-markdown puts the footnotes last, one list
        if walk.skipping_below or walk.in_footnotes:
            return
    base = block.position()
    text = block.text()
    # The footnote numbers and pictures become spaces: positions stay those of the page.
    for start, end in refs if walk.skip_sources else []:
        text = text[: start - base] + " " * (end - start) + text[end - base :]
    text = text.replace(OBJECT, " ")
    said = [(base + start, base + end, text[start:end]) for start, end in sentences(text)]
    said += [(at, at + 1, f"Picture: {alt}." if alt else "A picture.") for at, alt in pictures]
    for start, end, words in sorted(said):
        words = _SPACES.sub(" ", words).strip()
        if _LETTER.search(words):
            walk.out.append(Utterance(words, start, end))


def _table(walk: _Walk, table: QTextTable) -> None:
    if _is_box(table):  # a box around text (a notice): its text, as it reads
        _items(walk, _children_of_cell(table))
        return
    cells = [[_cell_text(table, row, column) for column in range(table.columns())]
             for row in range(table.rows())]  # fmt: skip
    headed = table.rows() > 1 and table.columns() > 1 and _has_headings(table)
    headings = cells[0]
    for row in range(table.rows()):
        values = cells[row]
        if row == 0 and headed:
            continue  # the headings are said with each value
        if headed:
            pairs = zip(headings[1:], values[1:], strict=True)
            named = [f"{h} {v}".strip() if h else v for h, v in pairs if v]
            words = f"{values[0]}: {', '.join(named)}." if values[0] else ", ".join(named) + "."
        else:  # no headings: the cells in turn
            words = ", ".join(v for v in values if v) + "."
        if walk.skipping_below or walk.in_footnotes or not _LETTER.search(words):
            continue
        start = table.cellAt(row, 0).firstPosition()
        end = table.cellAt(row, table.columns() - 1).lastPosition()
        walk.out.append(Utterance(_SPACES.sub(" ", words), start, end))


def _has_headings(table: QTextTable) -> bool:
    """Its first row names the columns: a header row, or every cell of it in bold (<th>)."""
    if table.format().headerRowCount() > 0:
        return True
    cells = (table.cellAt(0, column) for column in range(table.columns()))
    return all(cell.firstCursorPosition().charFormat().fontWeight() >= QFont.Weight.Bold for cell in cells)


def _children_of_cell(table: QTextTable) -> Iterator[QTextBlock | QTextFrame]:
    iterator = table.cellAt(0, 0).begin()
    while not iterator.atEnd():
        child = iterator.currentFrame()
        yield child if child is not None else iterator.currentBlock()
        iterator += 1


def _cell_text(table: QTextTable, row: int, column: int) -> str:
    cell = table.cellAt(row, column)
    if cell.row() != row or cell.column() != column:
        return ""  # covered by a cell spanning several
    cursor = QTextCursor(cell.firstCursorPosition())
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return _SPACES.sub(" ", cursor.selectedText().replace("\u2029", " ").replace(OBJECT, " ")).strip()
