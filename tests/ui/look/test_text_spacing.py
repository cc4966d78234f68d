"""WCAG 1.4.12 (issue 16, point 1): with line height 1.5, paragraph spacing 2x, letter spacing 0.12em and word
spacing 0.16em applied to the article and the panels, nothing is cut off or overlaps at 1280x720."""

import contextlib
from itertools import combinations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLayout, QTabBar, QToolBar, QWidget

from mgreader.ui.look import text_spacing


def layout_widgets(layout: QLayout) -> list[QWidget]:
    found = []
    for number in range(layout.count()):
        item = layout.itemAt(number)
        if item.widget() is not None and item.widget().isVisible():
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(layout_widgets(item.layout()))
    return found


def cut_off(window) -> list[str]:
    """What in the window shows less than its text, or lies over a neighbour laid out beside it."""
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or any(isinstance(p, QToolBar) for p in parents(widget)):
            continue  # the tool bar puts what does not fit behind its "»" menu: nothing is lost
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    problems.append(f"{name} {widget.text()[:30]!r}: {widget.height()} tall")
            elif widget.width() + 1 < widget.sizeHint().width():
                problems.append(f"{name} {widget.text()[:30]!r}: {widget.width()} wide")
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.parentWidget() is not None:
            in_tab_bar = isinstance(widget.parentWidget(), QTabBar)  # its scroll arrows: the tabs are checked
            if widget.width() + 1 < widget.sizeHint().width() and not in_tab_bar:
                problems.append(f"{name} {widget.text()!r}: {widget.width()} < {widget.sizeHint().width()}")
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                if widget.tabRect(tab).width() + 1 < widget.tabSizeHint(tab).width():
                    problems.append(f"tab {widget.tabText(tab)!r} cut")
        if widget.layout() is not None:
            for one, other in combinations(layout_widgets(widget.layout()), 2):
                if one.geometry().intersects(other.geometry()):
                    problems.append(f"{one.objectName() or one} over {other.objectName() or other}")
    return problems


def parents(widget):
    while (widget := widget.parentWidget()) is not None:
        yield widget


def article_problems(view) -> list[str]:
    """Lines wider than their column, paragraphs drawn over the next, or a page wider than the view."""
    document = view.document()
    document.size()  # laid out whole
    layout = document.documentLayout()
    problems = []
    if view.horizontalScrollBar().maximum() > 0:
        problems.append("the page scrolls sideways")
    block, previous = document.begin(), None
    while block.isValid():
        lines = block.layout()
        for number in range(lines.lineCount()):
            line = lines.lineAt(number)
            if line.naturalTextWidth() > line.width() + 1:
                problems.append(f"line {block.text()[:30]!r} wider than its column")
        rect = layout.blockBoundingRect(block)
        # Paragraphs one under the other: in one frame, or in one column of a table (cells sit side by side).
        table = QTextCursor(block).currentTable()
        column = (table, table.cellAt(block.position()).column()) if table is not None else None
        where = (document.frameAt(block.position()), column)
        if previous is not None and previous[0] == where and rect.top() < previous[1] - 0.5:
            problems.append(f"{block.text()[:30]!r} over the paragraph before it")
        previous = (where, rect.bottom())
        block = block.next()
    return problems


def test_wcag_text_spacing_clips_nothing_at_1280x720(make_window, qtbot):
    app = QApplication.instance()
    original = app.font()
    window = make_window()
    try:
        window.resize(1280, 650)  # what a 1280x720 screen leaves under the desktop's bars
        window.open_article("01-first-topic/02-second")
        assert cut_off(window) == []  # first without the spacing: a problem found later is the spacing's
        text_spacing.space_window(app)
        app.setStyleSheet(app.styleSheet())  # polish again: widgets under a style sheet keep their font
        qtbot.waitUntil(lambda: window.topic_tree.font().letterSpacing() > 0)
        view = window.article_view
        words = view.page_text()
        text_spacing.space_document(view.document())
        qtbot.waitUntil(lambda: window.notes.notes_panel.bookmark_list.font().wordSpacing() > 0)
        assert view.page_text() == words  # the spacing changes no words
        first = view.document().begin()
        fmt = first.begin().fragment().charFormat()
        assert fmt.fontLetterSpacing() > 0 and fmt.fontWordSpacing() > 0
        assert first.blockFormat().lineHeight() == 150
        assert article_problems(view) == []
        # The layouts take the new font in posted events: wait for them, then nothing may be cut off.
        with contextlib.suppress(qtbot.TimeoutError):
            qtbot.waitUntil(lambda: cut_off(window) == [], timeout=2000)
        problems = cut_off(window)
        assert problems == [], problems
    finally:
        app.setFont(original)
        app.setStyleSheet(app.styleSheet())


def test_the_article_never_scrolls_sideways_after_the_window_shrinks(make_window, qtbot):
    """WCAG 1.4.10: Qt kept the sideways range of the wider view after a shrink, though the page fit."""
    window = make_window()
    window.open_article("01-first-topic/02-second")
    view = window.article_view
    for width in (1280, 1200, 1100, 1250, 1000):
        window.resize(width, 650)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        assert view.document().size().width() <= view.viewport().width()
        assert view.horizontalScrollBar().maximum() == 0, width
