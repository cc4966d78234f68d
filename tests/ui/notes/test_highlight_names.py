"""Bookmark highlights: colour is never the only sign (issue 16, point 3). Each colour has a name and an
underline shape of its own, on the page, in its tooltip, in the bookmark list and the colour box; and each
colour is 3:1 against the page with its text 4.5:1 (7:1 in high contrast), computed per theme."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QToolTip

from mgreader.core.notes.records import COLORS
from mgreader.core.theme import HIGHLIGHT_SHAPES, THEMES, contrast_ratio
from mgreader.ui.look import palette

from .test_bookmarks import select


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_highlight_stands_out_from_the_page_and_its_text_reads_on_it(name):
    theme = THEMES[name]
    need = 7 if name == "high_contrast" else 4.5
    assert [colour for colour, _ in theme.highlights] == list(COLORS)
    for colour, value in theme.highlights:
        assert contrast_ratio(value, theme.background) >= 3, (name, colour)  # WCAG 1.4.11
        assert contrast_ratio(theme.highlight_text, value) >= need, (name, colour)
        fmt = palette.highlight_format(theme, colour)
        assert fmt.foreground().color().name() == theme.highlight_text


def test_each_colour_has_its_own_underline_shape_and_name(qapp):
    theme = THEMES["light"]
    formats = [palette.highlight_format(theme, colour) for colour in COLORS]
    assert len({fmt.underlineStyle() for fmt in formats}) == len(COLORS)
    assert len(set(HIGHLIGHT_SHAPES.values())) == len(COLORS)
    assert [fmt.toolTip() for fmt in formats] == [
        "Bookmark: Yellow, solid underline", "Bookmark: Green, dashed underline",
        "Bookmark: Blue, dotted underline", "Bookmark: Pink, wavy underline"]  # fmt: skip
    # The swatches differ in shape, not only colour: each draws its own amount of line.
    images = [palette.highlight_icon(theme, c).pixmap(32, 32).toImage() for c in COLORS]
    blacks = [sum(1 for x in range(32) for y in range(32) if image.pixelColor(x, y).name() == "#000000")
              for image in images]  # fmt: skip
    assert len(set(blacks)) == len(COLORS), blacks


def test_the_page_the_list_and_the_colour_box_name_the_colour(make_window, qtbot):
    window = make_window()
    window.resize(1280, 720)
    start, end = select(window, "Magnesium is a mineral.")
    window.commands.bookmark_passage.trigger()
    panel = window.notes.notes_panel
    panel.color.activated.emit(COLORS.index("blue"))
    view = window.article_view
    # On the page: the passage is underlined with blue's dotted line, and drawn in text that reads on it.
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 3)
    fmt = cursor.charFormat()
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert fmt.background().color().name() == window.theme.highlight("blue")
    # Its tooltip names it.
    cursor.clearSelection()
    view.setTextCursor(cursor)
    point = view.cursorRect(cursor).center()
    view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "Bookmark: Blue, dotted underline"
    QToolTip.hideText()
    # The bookmark list says it in words; the colour box too.
    assert panel.model.index(0).data().endswith("Blue, dotted underline")
    assert panel.color.currentText() == "Blue"
    assert panel.color.itemData(panel.color.currentIndex(), Qt.ItemDataRole.ToolTipRole) == (
        "Blue, dotted underline")
    assert not panel.model.index(0).data(1).isNull()  # DecorationRole: the swatch with its shape
    # A theme change keeps the names and draws the new theme's colours.
    window.commands.themes["dark"].trigger()
    def blue_of_dark() -> bool:
        cursor = QTextCursor(view.document())
        cursor.setPosition(start + 3)
        return cursor.charFormat().background().color().name() == THEMES["dark"].highlight("blue")

    qtbot.waitUntil(blue_of_dark)
    assert panel.color.currentText() == "Blue"
