"""What the screen shows is what the document holds, after every kind of re-layout (issue 11).

After a theme change on an article with a highlighted passage, the text from the passage on went blank: the
highlight was merged while Qt was still laying the new page out a piece at a time, and the blocks between
were left with no lines. Each step below re-lays the page out; after each, every block must be laid out,
the page as tall as a fresh layout of the same document, and every block on screen must show ink.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths

from ..conftest import build_window

ARTICLE = "01-safety/01-forms"
PASSAGE = "Food is the safest and simplest way to get magnesium."
WARNING = "If you have kidney disease, do not use it unless a clinician is supervising."


def long_article() -> str:
    """Like the article where it was seen: paragraphs, lists, tables and evidence boxes, a warning near the
    end. (Written here, not taken from the library, so that editing the library cannot change the test.)"""
    section = (
        "## Section {n}\n\nNeeds are a little higher in pregnancy: 350 to 360 mg a day for adults, "
        "depending on age. Children and teenagers need different amounts, so ask a clinician.\n\n"
        "| Age | Men | Women |\n|---|---|---|\n| 19 to 30 years | 400 mg | 310 mg |\n"
        "| 31 years and over | 420 mg | 320 mg |\n\n"
        "- **Magnesium oxide.** Cheap and common, and often loosens the bowels.\n"
        "- **Magnesium citrate.** Joined to citric acid. It is better absorbed than oxide.\n\n"
        "> **Evidence: moderate.** Several small studies agree that citrate is absorbed better than "
        "oxide.\n\n"
    )
    body = "".join(section.format(n=n) for n in range(1, 13))
    return f"# Food and supplement forms\n\n{PASSAGE} Nuts, seeds and beans.\n\n{body}{WARNING}\n\nThe end.\n"


def blocks(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def unlaid_blocks(view) -> list[str]:
    """Blocks with text but no lines: Qt draws nothing for them."""
    return [
        b.text()[:50] for b in blocks(view.document()) if b.text().strip() and b.layout().lineCount() == 0
    ]


def fresh_height(document: QTextDocument) -> float:
    clone = document.clone()
    clone.setPageSize(document.pageSize())
    clone.setTextWidth(document.textWidth())
    height = clone.size().height()
    clone.deleteLater()
    return height


def blank_on_screen(view) -> list[str]:
    """Blocks of the text column fully inside the viewport whose area on screen is all one colour."""
    image: QImage = view.viewport().grab().toImage()
    ratio = image.width() / max(1, view.viewport().width())
    top, height = view.verticalScrollBar().value(), view.viewport().height()
    layout = view.document().documentLayout()
    blank = []
    for block in blocks(view.document()):
        rect = layout.blockBoundingRect(block)
        if not block.text().strip() or block.layout().lineCount() == 0 or rect.top() < top:
            continue
        if rect.bottom() > top + height:
            break
        area = QRect(int(rect.left() * ratio), int((rect.top() - top) * ratio), int(rect.width() * ratio),
                     int(rect.height() * ratio)).intersected(image.rect())  # fmt: skip
        colours = {image.pixel(x, y) for y in range(area.top(), area.bottom(), 2)
                   for x in range(area.left(), area.right(), 2)}  # fmt: skip
        if len(colours) < 2:
            blank.append(block.text()[:50])
    return blank


def assert_text_shown(view, qtbot, step: str) -> None:
    assert unlaid_blocks(view) == [], f"after {step}: blocks with no lines"
    assert view.document().size().height() == pytest.approx(fresh_height(view.document()), abs=1), step
    bar = view.verticalScrollBar()
    text = view.page_text()
    for where in (text.index(PASSAGE), text.index(WARNING), len(text) - 1):
        view.scroll_to_position(where)
        qtbot.waitUntil(lambda: view.viewport().grab().width() > 0)
        assert blank_on_screen(view) == [], f"after {step}, scrolled to {bar.value()}"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    content = tmp_path / "content"
    (content / "01-safety").mkdir(parents=True)
    (content / "01-safety" / "01-forms.md").write_text(long_article(), encoding="utf-8")
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"zoom": 3, "last_article": ARTICLE}), encoding="utf-8")  # 133%
    store = Store.open(paths.store_file)
    window = build_window(paths, content, None, store=store,
                          search_index_path=paths.search_index_file, backup_dir=paths.backup_dir)  # fmt: skip
    qtbot.addWidget(window)
    window.restore_state()
    window.resize(1366, 740)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(QWidget, "notesPanel") is not None)
    yield window
    store.close()


def test_every_relayout_shows_all_the_text(window, qtbot):
    view = window.article_view
    assert window.article.ref.id == ARTICLE
    start = view.page_text().index(PASSAGE)
    window.notes.bookmark_span(start, start + len(PASSAGE))
    panel = window.notes.notes_panel
    steps: list[tuple[str, Callable[[], None]]] = [
        ("a theme change to high contrast", lambda: window.appearance.set_theme("high_contrast")),
        ("a theme change to dark", lambda: window.appearance.set_theme("dark")),
        ("a larger text size", lambda: window.appearance.set_zoom(window.appearance.zoom + 1)),
        ("a smaller text size", lambda: window.appearance.set_zoom(window.appearance.zoom - 1)),
        ("a font change", lambda: window.appearance.set_text_style(font="serif")),
        ("a spacing change", lambda: window.appearance.set_text_style(spacing="loose")),
        ("a highlight colour change", lambda: panel.color.activated.emit(2)),
        (
            "find",
            lambda: (
                window.searching.find_bar.open_bar() or window.searching.find_bar.field.setText("citrate")
            ),
        ),
        ("a theme change with find open", lambda: window.appearance.set_theme("light")),
        ("a narrower window", lambda: window.resize(1000, 740)),
    ]
    for step, act in steps:
        act()
        assert_text_shown(view, qtbot, step)


def test_changing_a_highlight_keeps_the_find_marks_and_the_place(window, qtbot):
    view = window.article_view
    text = view.page_text()
    start = text.index(PASSAGE)
    window.notes.bookmark_span(start, start + len(PASSAGE))
    bar = window.searching.find_bar
    bar.open_bar()
    bar.field.setText("magnesium")

    def marked() -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()]

    assert marked() == bar.matches and len(bar.matches) > 3
    place = view.reading_position()

    def colour_at(position: int) -> str:
        cursor = QTextCursor(view.document())
        cursor.setPosition(position)
        return cursor.charFormat().background().color().name()

    before, outside = colour_at(start + 1), colour_at(start + len(PASSAGE) + 2)
    window.notes.notes_panel.color.activated.emit(1)  # re-draws the highlights
    assert colour_at(start + 1) not in (before, outside)  # the new colour is shown
    assert colour_at(start + len(PASSAGE) + 2) == outside
    assert marked() == bar.matches and bar.count.text().endswith(f"of {len(bar.matches)}")
    assert view.reading_position() == place
    window.appearance.set_zoom(window.appearance.zoom + 1)  # the same words, larger: still marked
    assert marked() == bar.matches
