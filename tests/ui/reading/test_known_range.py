"""Issue 15: the everyday start paints the last article before laying it out whole, its scroll bar already as
it will stay (ui/reading/known_range.py), and the reader's place where it was."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mgreader.core.paths import AppPaths
from mgreader.ui.main_window import PAGE_RANGE
from mgreader.ui.reading.known_range import KnownRange
from mgreader.ui.reading.port import Port

from ..conftest import build_window

ARTICLE = "01-basics/01-long"


def long_library(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "01-basics").mkdir(parents=True)
    paragraphs = [f"Paragraph {n}: " + "magnesium and the cells that need it, " * 12 for n in range(50)]
    text = "---\ntitle: A long article\n---\n\n# A long article\n\n" + "\n\n".join(paragraphs) + "\n"
    (content / "01-basics" / "01-long.md").write_text(text, encoding="utf-8")
    return content


def opened(qtbot, paths: AppPaths, content: Path, painted: list[tuple[int, int, bool]]):
    """The window as app.py opens it; ``painted`` gets the scroll bar's range and place, and whether the
    remembered range was in use, at the first paint."""
    window = build_window(paths, content)
    qtbot.addWidget(window)
    view = window.article_view
    bar = view.verticalScrollBar()
    view.first_painted.connect(lambda: painted.append((bar.maximum(), bar.value(), view._range.held)))
    window.restore_state()
    window.resize(1100, 700)
    window.show()
    qtbot.waitUntil(lambda: bool(painted) and window.start_up.done)
    qtbot.waitUntil(lambda: window.article is not None and not window.article.pending and view.page_complete)
    return window


def test_the_last_article_paints_with_its_whole_scroll_range_before_it_is_laid_out_whole(qtbot, tmp_path):
    content = long_library(tmp_path)
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"last_article": ARTICLE}), encoding="utf-8")
    first: list[tuple[int, int, bool]] = []
    window = opened(qtbot, paths, content, first)
    assert window.article is not None and window.article.ref.id == ARTICLE
    bar = window.article_view.verticalScrollBar()
    assert first[0][2] is False  # nothing remembered yet: laid out whole first, as before
    bar.setValue(bar.maximum() // 2)  # the reader reads on
    place, whole = window.article_view.reading_position(), bar.maximum()
    window.close()
    again: list[tuple[int, int, bool]] = []
    window = opened(qtbot, paths, content, again)
    view = window.article_view
    maximum, value, held = again[0]
    assert held  # painted before the page was laid out whole ...
    assert maximum == whole  # ... with the scroll bar it keeps once it is
    assert (view.verticalScrollBar().maximum(), view.verticalScrollBar().value()) == (maximum, value)
    assert view.reading_position() == place and not view._range.held
    window.close()


def test_a_remembered_range_for_another_size_is_not_used(qtbot, tmp_path):
    content = long_library(tmp_path)
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"last_article": ARTICLE}), encoding="utf-8")
    window = opened(qtbot, paths, content, [])
    window.close()
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    assert saved[PAGE_RANGE]["maximum"] > 0
    saved[PAGE_RANGE]["page"] = saved[PAGE_RANGE]["page"].replace(" 1.0", " 2.0")  # another screen
    saved[PAGE_RANGE]["maximum"] = 5
    paths.settings_file.write_text(json.dumps(saved), encoding="utf-8")
    painted: list[tuple[int, int, bool]] = []
    window = opened(qtbot, paths, content, painted)
    assert painted[0][2] is False and painted[0][0] == window.article_view.verticalScrollBar().maximum() > 5
    window.close()


def test_what_the_settings_hold_is_checked_before_it_is_used(qtbot):
    view = QWidget()  # never asked for its size: nothing valid is expected
    qtbot.addWidget(view)
    known = KnownRange(view, Port(view))  # type: ignore[arg-type]
    wrong = ({"page": 3, "maximum": 4}, {"page": "x", "maximum": -1}, {"page": "x", "maximum": 2.5},
             {"page": "x", "maximum": True}, {"page": "x", "maximum": 2**40})  # fmt: skip
    for saved in (None, [], *wrong):
        known.expect(saved)
        assert known._expected is None, saved
    known.expect({"page": "x", "maximum": 10})
    assert known._expected == ("x", 10)
