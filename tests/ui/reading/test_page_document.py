"""Each page is read into a document of its own and shown laid out once (issue 11: reading a long page into
the view's document took up to twice as long, and the page was laid out again when the scroll bar came).
What the reader sees must be the whole page, at the right place, and the last page must be let go."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextEdit

from .test_long_articles import quiet_indexer
from .test_text_shown import blank_on_screen, fresh_height, unlaid_blocks

LONG = "01-first-topic/09-long"
SHORT = "01-first-topic/08-short"
LAST_WORDS = "Last words of the long page."


@pytest.fixture
def window(make_window, library_dir: Path):
    sections = "".join(
        f"## Part {n}\n\nParagraph {n} says *something* about magnesium and sleep, at some length so that "
        f"it wraps over two lines of the column or more.\n\n- a point\n- another point\n\n"
        f"| Dose | Form |\n|---|---|\n| {n} mg | citrate |\n\n"
        for n in range(120)
    )
    (library_dir / "01-first-topic" / "09-long.md").write_text(
        f"---\ntitle: A long page\n---\n\n{sections}{LAST_WORDS}\n", encoding="utf-8"
    )
    (library_dir / "01-first-topic" / "08-short.md").write_text("---\ntitle: Short\n---\n\nA line.\n")
    window = make_window()
    window.resize(760, 560)  # the offscreen screen is 800x600
    quiet_indexer(window)
    window.rescan()
    return window


def assert_whole_page_shown(view, qtbot) -> None:
    """Every block laid out, the page as tall as a fresh layout, and by the time it is painted (Qt passes
    the page's new height on in the next turn of the event loop) the scroll range to match."""
    assert unlaid_blocks(view) == []
    height = view.document().size().height()
    assert height == pytest.approx(fresh_height(view.document()), abs=1)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: abs(bar.maximum() - (height - view.viewport().height())) <= 2, timeout=2000)


def test_a_long_page_opened_from_a_short_one_is_shown_whole(window, qtbot):
    view = window.article_view
    window.open_article(SHORT, position=0)
    window.open_article(LONG, position=0)
    text = view.page_text()
    assert text.startswith("A long page") and "Part 119" in text and LAST_WORDS in text
    assert window.loader.composer.disclaimer.title in text and "get medical help straight away" in text
    assert_whole_page_shown(view, qtbot)
    view.scroll_to_position(text.index(LAST_WORDS))
    qtbot.waitUntil(lambda: view.viewport().grab().width() > 0)
    assert blank_on_screen(view) == []


def back_to(window, phrase: str) -> int:
    """Open the long page, leave it for the short one, and come back to ``phrase``: its place in the page."""
    window.open_article(LONG, position=0)
    place = window.article_view.page_text().index(phrase)
    window.open_article(SHORT, position=0)
    window.open_article(LONG, position=place)
    return place


def test_the_readers_place_is_right_when_a_long_page_comes_after_a_short_one(window, qtbot):
    view = window.article_view
    place = back_to(window, "Paragraph 80 says")
    top = view.document().findBlock(view.reading_position())
    assert top.contains(place) or abs(view.reading_position() - place) < 100
    assert view.verticalScrollBar().value() > 0
    assert_whole_page_shown(view, qtbot)


def test_a_theme_and_a_text_size_change_show_the_whole_page(window, qtbot):
    """(Each such change moves the reader's place about a paragraph on, as it did before pages had
    documents of their own: a drift this does not test.)"""
    view = window.article_view
    window.open_article(LONG, position=0)
    window.open_article(LONG, position=view.page_text().index("Paragraph 60 says"))
    for step in (window.commands.themes["dark"], window.commands.zoom_in, window.commands.zoom_out):
        step.trigger()
        assert_whole_page_shown(view, qtbot)
        assert LAST_WORDS in view.page_text(), step.text()


def test_the_last_page_is_let_go(window, qtbot):
    view = window.article_view
    for article_id in (LONG, SHORT, LONG, SHORT, LONG):
        window.open_article(article_id, position=0)
    qtbot.waitUntil(lambda: len(view.findChildren(QTextDocument)) == 1)
    assert view.findChildren(QTextDocument) == [view.document()]


def test_a_page_shown_in_an_open_window_does_not_change_the_views_size(window, qtbot):
    """Issue 15: a new page had no width until it was shown, so its first piece was laid out unwrapped, as
    wide as a paragraph: a sideways scroll bar came and went, narrowing the page for a moment."""
    view = window.article_view
    window.open_article(SHORT, position=0)
    sizes = []
    viewport_size = view.viewport().size
    view.horizontalScrollBar().rangeChanged.connect(lambda _low, high: sizes.append(("range", high)))
    before = viewport_size()
    window.open_article(LONG, position=0)
    assert sizes == [] or all(high == 0 for _, high in sizes)
    assert not view.horizontalScrollBar().isVisible()
    assert viewport_size() == before


def test_each_page_is_read_with_the_views_wrapping(window):
    """A page's document comes with the view's wrapping before it is shown (a new document's is QTextEdit's
    default), else setDocument would change it and lay the page out again."""
    from mgreader.ui.reading.page_document import read_page

    view = window.article_view
    page = read_page(view, "<p>A line.</p>", view.font())
    option, shown = page.defaultTextOption(), view.document().defaultTextOption()
    assert (option.wrapMode(), option.flags(), option.alignment()) == (
        view.wordWrapMode(), shown.flags(), shown.alignment()
    )  # fmt: skip
    page.deleteLater()


def test_the_size_the_view_keeps_for_its_viewport_is_the_viewport_s_own(window, qtbot):
    """The page is laid out at the width ArticleView.port gives (port.py: the viewport is not asked before the
    first paint), so it must be the viewport's own through whatever changes it: a scroll bar coming, the
    window resized while shown and while hidden, a focus mode, another text size."""
    view = window.article_view

    def same() -> bool:
        return view.port.size() == view.viewport().size()

    assert same()
    window.open_article(SHORT, position=0)
    assert same()
    window.open_article(LONG, position=0)  # its scroll bar narrows the viewport
    assert view.verticalScrollBar().isVisible() and same()
    window.resize(700, 500)
    assert same()
    window.hide()
    window.resize(740, 540)
    # Hidden, the viewport's resize events wait until it is shown (margins move it at once, unlike most
    # changes, which wait too): its own size is given meanwhile.
    view.setViewportMargins(16, 0, 0, 0)
    assert same()
    view.setViewportMargins(0, 0, 0, 0)
    window.show()
    qtbot.waitUntil(view.isVisible)
    assert same()
    window.commands.focus_mode.trigger()
    assert same()
    window.commands.focus_mode.trigger()
    window.appearance.set_zoom(window.appearance.zoom + 3)
    qtbot.waitUntil(same)
    window.open_article(SHORT, position=0)
    assert same()


def test_the_kept_size_follows_a_scroll_bar_that_ending_a_remembered_range_brings(window, qtbot, library_dir):
    """At the start the page's remembered range is given to its scroll bar (known_range.py). When that range
    is out of date (the font files changed since) and the window is resized before the first paint ends it,
    the resize ends it, and the scroll bar that comes or goes resizes the viewport again within the first
    resize: the size kept must be the viewport's after both (else the column is off centre, and the next
    page laid out at the wrong width)."""
    paragraphs = "".join(f"Paragraph {n} says a few words.\n\n" for n in range(40))
    (library_dir / "01-first-topic" / "07-mid.md").write_text(f"---\ntitle: Mid\n---\n\n{paragraphs}")
    window.rescan()
    view = window.article_view
    window.open_article("01-first-topic/07-mid", position=0)
    document = QTextEdit.document(view)
    known = view._range
    known._expected = (known._key(document), 0)  # remembered for this very page, at this size: but stale
    assert known.pin(document) and known.held
    window.resize(720, 540)
    assert view.port.size() == view.viewport().size()
