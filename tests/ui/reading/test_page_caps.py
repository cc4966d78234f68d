"""Issue 11: an article of 2,000 headings held the window in Qt's ``setHtml`` while their anchors' formats
collided; now each heading has a format of its own, and every heading can still be jumped to, the last ones
too. And the render worker process goes when its window closes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor

from tests.ui.reading.test_long_articles import quiet_indexer

HEADINGS = 2_000


def write_many_headings(library_dir: Path) -> str:
    parts = "".join(f"## Part {n}\n\nSection {n} text.\n\n" for n in range(HEADINGS))
    (library_dir / "01-first-topic" / "09-parts.md").write_text(
        f"---\ntitle: Many parts\n---\n\nJump to [part 1500](#part-1500).\n\n{parts}Last words.\n",
        encoding="utf-8",
    )
    return "01-first-topic/09-parts"


def _heading_top(view, number: int) -> float:
    found = view.document().find(f"Part {number}", 0)
    while found.block().text() != f"Part {number}":
        found = view.document().find(f"Part {number}", found)
    return view.document().documentLayout().blockBoundingRect(found.block()).top()


def _at_heading(view, number: int) -> bool:
    return abs(view.verticalScrollBar().value() - _heading_top(view, number)) <= 2


def test_a_heading_far_down_an_article_of_2000_headings_is_reached_by_its_link_and_by_its_row(
    make_window, library_dir: Path, qtbot
):
    window = make_window()
    quiet_indexer(window)
    article_id = write_many_headings(library_dir)
    window.rescan()
    window.open_article(article_id, position=0)
    view = window.article_view
    qtbot.waitUntil(lambda: "Last words." in view.toPlainText(), timeout=60_000)
    assert view.verticalScrollBar().value() < _heading_top(view, 1)  # at the top
    assert [h.anchor for h in window.article.body.headings][-1] == f"part-{HEADINGS - 1}"

    view.anchorClicked.emit(QUrl("#part-1500"))  # what a click on the link in the text sends
    qtbot.waitUntil(lambda: _at_heading(view, 1500))

    view.verticalScrollBar().setValue(0)
    window.open_article(article_id, anchor="part-1200")  # what a click on the heading's row asks
    qtbot.waitUntil(lambda: _at_heading(view, 1200))

    # The heading's own background is there only to keep Qt's formats apart: it paints nothing.
    cursor = QTextCursor(view.document().find("Part 1200", 0).block())
    assert cursor.blockFormat().background().color().alpha() == 0


def _render_workers() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "mgreader-render"]


def test_closing_the_window_stops_its_render_worker(make_window, qtbot):
    window = make_window()
    quiet_indexer(window)
    window.loader.warm_up_soon()  # as the app does after its start-up steps
    qtbot.waitUntil(lambda: window.loader.renderer.ready(), timeout=60_000)
    assert _render_workers()
    window.close()
    qtbot.waitUntil(lambda: not _render_workers())
