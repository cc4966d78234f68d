"""500 files arrive in the reader's folder while they read (issue 15): the tree takes the new rows in
without moving what the reader sees, and keeps what they opened and selected."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from mgreader.core.paths import AppPaths
from mgreader.ui.library.tree_model import ArticleRole, KeyRole
from tests.ui.reading.test_progressive_library import big_home, start

__all__ = ["big_home"]  # the fixture, used by name below


def article_id(paths: AppPaths, path: Path) -> str:
    return "mine:" + path.relative_to(paths.library_dir).as_posix()[: -len(".md")]


def rows_on_screen(view) -> list[str]:
    keys, y = [], 1
    while y < view.viewport().height():
        index = view.indexAt(QPoint(1, y))
        if not index.isValid():
            break
        keys.append(index.data(KeyRole))
        y = view.visualRect(index).bottom() + 2
    return keys


@pytest.mark.parametrize(
    "into", ["a new folder", "an opened folder", "a folder on screen", "the selected article's folder"]
)
def test_500_new_files_keep_the_selection_the_open_folders_and_the_rows_on_screen(
    qtbot, qtmodeltester, big_home: AppPaths, library_dir: Path, prompter, into: str
):
    window = start(qtbot, big_home, library_dir, prompter)
    window.resize(900, 420)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    model, view = window.library_pane.tree_model, window.topic_tree
    qtmodeltester.check(model)  # and it goes on checking the row signals below
    folders = sorted(p for p in big_home.library_dir.iterdir() if p.is_dir())
    opened = [f"topic:mine:{folders[n].name}/" for n in (0, 1, 2, 3)]
    for key in opened:  # the reader has opened four folders
        view.expand(model.index_of_key(key))
    reading = article_id(big_home, sorted(folders[3].glob("*.md"))[1])
    window.open_article(reading)  # and reads an article in the last of them, scrolled into sight
    qtbot.waitUntil(lambda: view.currentIndex().data(ArticleRole) == reading)
    view.scrollTo(view.currentIndex(), view.ScrollHint.PositionAtCenter)
    assert view.verticalScrollBar().value() > 0  # the tree is scrolled: rows above are out of sight
    before = rows_on_screen(view)
    assert len(before) > 5 and opened[0] not in before and opened[2] in before
    selected_at = view.visualRect(view.currentIndex()).top()

    # All of them in an opened folder above the rows on screen, in one on screen above the selected row,
    # or in the selected row's; or a few above the rows on screen, the rest in a new folder.
    above = 20 if into == "a new folder" else 500
    named = {"a folder on screen": folders[2], "the selected article's folder": folders[3]}
    arrive = named.get(into, folders[0])
    for n in range(above):
        (arrive / f"arrived-{n:03d}.md").write_text(f"# Arrived {n}\n\nText.\n", encoding="utf-8")
    if above < 500:
        (big_home.library_dir / "zz-new").mkdir()
    for n in range(500 - above):
        (big_home.library_dir / "zz-new" / f"new-{n:03d}.md").write_text(f"# New {n}\n", encoding="utf-8")
    first = article_id(big_home, arrive / "arrived-000.md")
    qtbot.waitUntil(lambda: len(window.library.articles) == 67 + 500 and not window.shelf.busy, timeout=30000)
    qtbot.waitUntil(lambda: model.index_of_key("article:" + first).isValid(), timeout=5000)

    # The selected row has not moved (nor, with the new rows out of sight, any row on screen).
    qtbot.waitUntil(lambda: view.visualRect(view.currentIndex()).top() == selected_at, timeout=2000)
    if arrive is folders[0]:
        assert rows_on_screen(view) == before
    assert view.currentIndex().data(ArticleRole) == reading  # still selected
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))  # and in sight
    assert all(view.isExpanded(model.index_of_key(key)) for key in opened)  # the folders stay open
    if above < 500:
        new_folder = model.index_of_key("topic:mine:zz-new/")
        assert new_folder.isValid() and not view.isExpanded(new_folder)  # the new folder shows, closed
    assert model.rowCount(model.index_of_key(f"topic:mine:{arrive.name}/")) == 3 + above  # with them
    window.close()


def test_the_folders_the_tree_opened_to_follow_the_reader_close_past_a_number_of_rows(
    qtbot, big_home: AppPaths, library_dir: Path, prompter, monkeypatch
):
    from mgreader.ui.library import library_pane

    monkeypatch.setattr(library_pane, "AUTO_OPEN_ROWS", 5)  # the generated folders hold 3 articles each
    folders = sorted(p for p in big_home.library_dir.iterdir() if p.is_dir())
    for n in range(40):  # but one: more rows than the tree shows at once
        (folders[2] / f"more-{n:02d}.md").write_text(f"# More {n}\n", encoding="utf-8")
    window = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    model, view = window.library_pane.tree_model, window.topic_tree
    a, b, c = (f"topic:mine:{folders[n].name}/" for n in (2, 5, 8))

    def is_open(key: str) -> bool:
        return view.isExpanded(model.index_of_key(key))

    def read(folder: Path) -> None:
        reading = article_id(big_home, sorted(folder.glob("*.md"))[0])
        window.open_article(reading)
        qtbot.waitUntil(lambda: view.currentIndex().data(ArticleRole) == reading)
        assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))  # in sight

    window.resize(900, 420)
    view.expand(model.index_of_key(c))  # the reader opens one folder by hand
    read(folders[2])
    assert is_open(a) and is_open(c)  # the tree opened the folder of the article read
    read(folders[5])
    assert is_open(b) and not is_open(a) and is_open(c)  # 6 rows opened by the tree: the oldest closes
    read(folders[8])
    assert is_open(c) and is_open(b)  # the folder the reader opened stays open; 3 rows are few
    read(folders[2])
    assert is_open(a) and not is_open(b)
    view.collapse(model.index_of_key(a))
    view.expand(model.index_of_key(a))  # opened again by the reader: theirs now
    read(folders[5])
    assert is_open(a) and is_open(b) and is_open(c)
    window.close()


def test_a_small_folder_the_tree_opened_stays_open(qtbot, big_home: AppPaths, library_dir: Path, prompter):
    window = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    model, view = window.library_pane.tree_model, window.topic_tree
    folders = sorted(p for p in big_home.library_dir.iterdir() if p.is_dir())
    for n in (2, 5):
        reading = article_id(big_home, sorted(folders[n].glob("*.md"))[0])
        window.open_article(reading)
        qtbot.waitUntil(lambda: view.currentIndex().data(ArticleRole) == reading)  # noqa: B023
    assert view.isExpanded(model.index_of_key(f"topic:mine:{folders[2].name}/"))
    window.close()
