"""A long page comes in pieces, one each turn of the event loop (issue 11: a 240 KB page held the window
119-220 ms in two calls, Qt reading it and laying it out). The reader must end with the page one call gave,
at the same place, with the same highlights; another article chosen meanwhile must win."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from mgreader.core.render.pieces import Page
from mgreader.ui.reading.page_document import read_first, read_more, read_page

from .test_long_articles import quiet_indexer
from .test_page_document import back_to

LONG = "01-first-topic/09-long"
OTHER_LONG = "01-first-topic/10-long"
SHORT = "01-first-topic/08-short"
LAST_WORDS = "Last words of the long page."
PASSAGE = "Paragraph 300 says something"


def sections(count: int, title: str) -> str:
    """Every kind of block the renderer makes, over and over: headings with ids, paragraphs, lists (nested
    and numbered), tables, code, quotes, definition lists, rules, raw HTML boxes, footnotes."""
    return "".join(
        f"## {title} part {n}\n\nParagraph {n} says *something* about magnesium and sleep, at some length "
        f"so that it wraps over two lines of the column or more.[^{n}]\n\n"
        f"- a point\n    - a point inside it\n- another point\n\n1. first\n2. second\n\n"
        f"| Dose | Form |\n|---|---|\n| {n} mg | citrate |\n\n"
        f"```\ncode line {n}\n```\n\n> A quote, **strong**.\n\nterm {n}\n:   its meaning\n\n---\n\n"
        f'<div class="note">A raw box {n}.</div>\n\n[^{n}]: Footnote {n}.\n\n'
        for n in range(count)
    )


@pytest.fixture
def window(make_window, library_dir: Path, qtbot):
    folder = library_dir / "01-first-topic"
    (folder / "09-long.md").write_text(
        f"---\ntitle: A long page\n---\n\n{sections(400, 'Sleep')}{LAST_WORDS}\n", encoding="utf-8"
    )
    (folder / "10-long.md").write_text(
        f"---\ntitle: Another long page\n---\n\n{sections(300, 'Nerves')}The other end.\n", encoding="utf-8"
    )
    (folder / "08-short.md").write_text("---\ntitle: Short\n---\n\nA line.\n", encoding="utf-8")
    window = make_window()
    window.resize(760, 560)
    quiet_indexer(window)
    window.loader.renderer.budget = 120.0  # formatted, however busy the machine (not plain text)
    window.rescan()
    for article_id in (LONG, OTHER_LONG):  # formatted once (the render cache): the window's own work is left
        window.open_article(article_id, position=0)
        qtbot.waitUntil(lambda: not window.article.pending, timeout=60_000)
        qtbot.waitUntil(lambda: window.article_view.page_complete, timeout=30_000)
        assert window.article.body.notice == ""
    window.open_article(SHORT, position=0)
    return window


def shown_text(view) -> str:
    """What the view holds so far, without reading the rest (as ``page_text`` would)."""
    return QTextBrowser.document(view).toRawText()


def whole_text(view) -> str:
    """The text of the view's page read in one call."""
    return read_page(view, view._html, view.font()).toRawText()


def turns_while_reading(view, qtbot) -> int:
    """Turns of the event loop (a 0 ms timer's ticks) until the page is whole."""
    ticks = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(1))
    probe.start(0)
    with qtbot.waitSignal(view.page_completed, timeout=30_000):
        pass
    probe.stop()
    return len(ticks)


def test_pieces_read_one_after_the_other_give_the_page_one_call_gives(window, qtbot):
    """Cut before every block the page's body opens with (piece size 1), so every kind meets the seam."""
    view = window.article_view
    window.open_article(LONG, position=0)
    html = view._html
    page = Page.long(html, whole=0)
    assert page is not None
    whole = read_page(view, html, view.font())
    pieces = page.pieces(size=1)
    pieced = read_first(view, page, next(pieces), view.font())
    count = 1
    for piece in pieces:
        read_more(view, pieced, page, piece)
        count += 1
    assert count > 4000
    assert pieced.toHtml() == whole.toHtml()
    for document in (whole, pieced):
        document.setTextWidth(700)
    rects = [
        [document.documentLayout().blockBoundingRect(block).getRect() for block in blocks(document)]
        for document in (whole, pieced)
    ]
    assert rects[0] == rects[1]


def blocks(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def test_a_long_page_comes_in_pieces_and_ends_as_before(window, qtbot):
    view = window.article_view
    window.open_article(LONG, position=0)
    place = view.page_text().index(PASSAGE)
    window.notes.bookmark_span(place, place + len(PASSAGE))
    window.open_article(SHORT, position=0)

    window.open_article(LONG, position=place)
    assert not view.page_complete  # the window answered before the page was whole
    assert LAST_WORDS not in shown_text(view)
    turns = turns_while_reading(view, qtbot)
    reading = view.findChildren(type(view._reading)) if view._reading else []
    assert reading == []
    assert turns >= 10  # several pieces, each in a turn of its own (today's one call: none)
    assert shown_text(view) == whole_text(view)
    assert view.highlighted_texts() == [PASSAGE]
    top = view.document().findBlock(view.reading_position())
    assert top.contains(place) or abs(view.reading_position() - place) < 100
    assert view.updatesEnabled()


def test_another_article_chosen_meanwhile_wins(window, qtbot):
    view = window.article_view
    deep = back_to(window, "Paragraph 350 says")
    assert not view.page_complete
    window.open_article(OTHER_LONG, position=0)  # before the first page is whole
    turns_while_reading(view, qtbot)
    text = shown_text(view)
    assert text.startswith("Another long page") and "The other end." in text and LAST_WORDS not in text
    assert text == whole_text(view)
    assert view.reading_position() == 0
    assert window.windowTitle().startswith("Another long page")
    # The first page's place is kept as it was: the reader never saw it.
    assert window.reading.saved_position(LONG) == deep

    window.open_article(LONG, position=deep)
    window.open_article(SHORT, position=0)  # a short one, mid-read: shown at once, nothing follows it
    assert view.page_complete and shown_text(view).startswith("Short")
    ticks = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(1))
    probe.start(0)
    qtbot.waitUntil(lambda: len(ticks) > 20)
    probe.stop()
    assert shown_text(view).startswith("Short") and LAST_WORDS not in shown_text(view)


def test_a_long_page_opened_further_down_keeps_the_last_page_on_screen_until_it_is_there(window, qtbot):
    view = window.article_view
    qtbot.waitUntil(lambda: view._painted)
    deep = back_to(window, "Paragraph 390 says")
    assert not view.updatesEnabled()  # the short page stays on screen, not the top of the long one
    assert view.reading_position() == deep  # where the reader will be, if asked meanwhile
    with qtbot.waitSignal(view.page_completed, timeout=30_000):
        pass
    assert view.updatesEnabled()
    assert abs(view.reading_position() - deep) < 200


def test_a_long_page_opened_at_its_top_is_shown_as_it_comes(window, qtbot):
    view = window.article_view
    qtbot.waitUntil(lambda: view._painted)
    window.open_article(LONG, position=0)
    qtbot.waitUntil(lambda: view.page_complete)
    window.open_article(SHORT, position=0)
    window.open_article(LONG, position=0)
    assert not view.page_complete and view.updatesEnabled()
    with qtbot.waitSignal(view.page_completed, timeout=30_000):
        pass
    assert view.reading_position() == 0


def test_a_heading_of_a_long_page_is_reached_once_it_is_there(window, qtbot):
    view = window.article_view
    window.open_article(LONG, anchor="sleep-part-380")
    assert not view.page_complete
    with qtbot.waitSignal(view.page_completed, timeout=30_000):
        pass
    text = view.page_text()
    assert abs(view.reading_position() - text.index("Sleep part 380")) < 100


def test_a_theme_change_reads_the_page_again_in_pieces_at_the_same_place(window, qtbot):
    view = window.article_view
    window.open_article(LONG, position=0)
    place = view.page_text().index(PASSAGE)
    window.notes.bookmark_span(place, place + len(PASSAGE))
    window.open_article(LONG, position=place)  # (opened again: the bookmark drawn)
    qtbot.waitUntil(lambda: view.page_complete)
    before = view.reading_position()
    window.commands.themes["dark"].trigger()
    assert not view.page_complete
    turns_while_reading(view, qtbot)
    assert view.highlighted_texts() == [PASSAGE]
    assert abs(view.reading_position() - before) < 300
    assert shown_text(view) == whole_text(view)


def test_a_short_page_is_whole_at_once(window):
    view = window.article_view
    completed = []
    view.page_completed.connect(lambda: completed.append(1))
    window.open_article("01-first-topic/01-welcome", position=0)
    assert view.page_complete and completed == [1]


def test_find_and_the_reading_guide_wait_for_the_whole_page(window, qtbot):
    """Open, they would have read the page at once (its text, its blocks) as soon as it was asked for."""
    view = window.article_view
    window.appearance.set_guide("paragraph", quietly=True)
    bar = window.searching.find_bar
    bar.open_bar()
    bar.field.setText("Paragraph 3")
    window.open_article(LONG, position=0)
    assert not view.page_complete
    assert turns_while_reading(view, qtbot) >= 10
    text = view.page_text()
    assert len(bar.matches) == text.count("Paragraph 3") > 100  # the whole page searched, not a piece
    assert bar.count.text().endswith(f"of {len(bar.matches)}")
    assert window.appearance.guide.span != (0, 0)
