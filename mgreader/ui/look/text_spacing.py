"""The WCAG 1.4.12 text spacing, applied to the article and the window's own text, to check that nothing is
cut off or overlaps when a reader needs text spaced out: line height 1.5 times the font size, 2 times the
font size after each paragraph, letters 0.12 and words 0.16 of the font size apart.

Used by tests/ui/look/test_text_spacing.py and tools/screenshots.py. Qt widgets have no line height of
their own, so the panels get the letter and word spacing; the article gets all four.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

LINE_HEIGHT = 1.5
PARAGRAPH_SPACING = 2.0
LETTER_SPACING = 0.12
WORD_SPACING = 0.16


def spaced_font(font: QFont) -> QFont:
    """``font`` with the letter and word spacing added (in pixels: Qt's em-relative spacing is a percentage
    of each glyph's width, not of the font size)."""
    pixels = QFontInfo(font).pixelSize()
    spaced = QFont(font)
    spaced.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, LETTER_SPACING * pixels)
    spaced.setWordSpacing(WORD_SPACING * pixels)
    return spaced


def space_window(app: QApplication) -> None:
    """The letter and word spacing for every widget that takes the application font."""
    app.setFont(spaced_font(app.font()))


def space_document(document: QTextDocument) -> None:
    """All four spacings over the whole page, each relative to its own text's size (a heading's letters
    spaced by its size, not the body's), by format: the page is not set again."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    block = document.begin()
    while block.isValid():
        spacing = QTextBlockFormat()
        spacing.setLineHeight(LINE_HEIGHT * 100, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        spacing.setBottomMargin(PARAGRAPH_SPACING * _pixels(block.charFormat().font(), document))
        cursor.setPosition(block.position())
        cursor.mergeBlockFormat(spacing)
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            pixels = _pixels(fragment.charFormat().font(), document)
            chars = QTextCharFormat()
            chars.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            chars.setFontLetterSpacing(LETTER_SPACING * pixels)
            chars.setFontWordSpacing(WORD_SPACING * pixels)
            cursor.setPosition(fragment.position())
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(chars)
            fragments += 1
        block = block.next()
    cursor.endEditBlock()


def _pixels(font: QFont, document: QTextDocument) -> float:
    size = font.pixelSize() if font.pixelSize() > 0 else QFontInfo(font).pixelSize()
    return float(size or QFontInfo(document.defaultFont()).pixelSize())
