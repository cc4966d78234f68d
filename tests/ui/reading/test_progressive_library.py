"""A big library in "My articles" is read after the window shows, filling the tree as it goes (issue 15)."""

from pathlib import Path

import pytest

from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.paths import AppPaths
from mgreader.core.settings import Settings
from mgreader.ui.library import library_scanner
from mgreader.ui.library.tree_model import ArticleRole
from tests.ui.conftest import build_window
from tests.ui.reading.test_tree_filter_oracle import generated_library


@pytest.fixture
def big_home(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    generated_library(paths.library_dir, 60)
    return paths


def start(qtbot, paths: AppPaths, library_dir: Path, prompter):
    window = build_window(paths, library_dir, prompter, scan_cache=ScanCache.in_dir(paths.cache_dir))
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    return window


@pytest.mark.parametrize("apart", [False, True], ids=["here", "in a process of its own"])
def test_the_tree_fills_as_the_folder_is_read_and_keeps_the_open_article_selected(
    qtbot, qtmodeltester, big_home: AppPaths, library_dir: Path, prompter, monkeypatch, apart: bool
):
    mine = sorted(big_home.library_dir.rglob("*.md"))[-1]  # the last one the scan reads
    last = "mine:" + mine.relative_to(big_home.library_dir).as_posix()[: -len(".md")]
    settings = Settings.load(big_home.settings_file)
    settings.set("last_article", last)
    settings.save()
    monkeypatch.setattr(library_scanner, "PARTIAL_EVERY_S", 0.0)  # report after every file
    monkeypatch.setattr(library_scanner, "PROGRESS_EVERY_S", 0.0)
    monkeypatch.setattr(library_scanner, "PROGRESS_AFTER_S", 0.0)
    if apart:  # as a folder of 2,000 articles or more is read (core/library/scan_apart)
        monkeypatch.setattr(library_scanner, "APART_FROM", 0)
    window = start(qtbot, big_home, library_dir, prompter)
    # The article the reader had open is shown before the folder is read.
    assert window.article.ref.id == last and len(window.library.articles) == 8
    qtmodeltester.check(window.library_pane.tree_model)  # it goes on checking the model's signals
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    seen: list[tuple[int, str]] = []
    current = window.topic_tree.currentIndex
    window.shelf.scanner.partial.connect(
        lambda _s: seen.append((len(window.library.articles), current().data(ArticleRole)))
    )
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    counts = [n for n, _ in seen]
    assert len(seen) > 5 and counts == sorted(counts) and counts[-1] <= 67
    assert {selected for _, selected in seen} == {last}  # the selection never moved
    assert len(window.library.articles) == 67  # the bundled 7 and the reader's 60
    assert window.topic_tree.currentIndex().data(ArticleRole) == last
    assert any(m.startswith("Reading your library: ") and m.endswith(" of 60") for m in messages)
    window.close()


@pytest.mark.parametrize("apart", [False, True], ids=["here", "in a process of its own"])
def test_a_relaunch_reads_the_folder_from_the_cache_and_shows_all_of_it(
    qtbot, big_home: AppPaths, library_dir: Path, prompter, monkeypatch, apart: bool
):
    if apart:
        monkeypatch.setattr(library_scanner, "APART_FROM", 0)
    first = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: first.shelf.complete and not first.shelf.busy, timeout=20000)
    first.close()
    again = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: again.shelf.complete and not again.shelf.busy, timeout=20000)
    assert len(again.library.articles) == 67
    assert (big_home.cache_dir / "library-mine.json").exists()
    assert bool(again.shelf.scanner._apart._kept) is apart  # read where the test says
    again.close()


def test_a_heading_of_a_big_library_is_found_without_keeping_every_articles_headings(
    qtbot, qtmodeltester, big_home: AppPaths, library_dir: Path, prompter
):
    from mgreader.core.library import headings
    from mgreader.core.library.scan import headings_held

    window = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    path = sorted(big_home.library_dir.rglob("*.md"))[7]
    article_id = "mine:" + path.relative_to(big_home.library_dir).as_posix()[: -len(".md")]
    ref = window.library.get(article_id)
    assert ref is not None and not headings_held(ref)  # let go after the scan
    heading = headings.scan(path.read_text(encoding="utf-8"), levels=(2, 3))[-1].text
    window.topic_filter.setText(heading.upper())
    model = window.library_pane.tree_model
    qtbot.waitUntil(lambda: model.query == heading.lower())
    qtmodeltester.check(model)
    index = model.index_of_key("article:" + article_id)
    assert index.isValid()  # the article shows, found by its heading
    assert heading in beneath(model, index)  # and, opened, so does the heading (read from the file again)
    window.close()


def beneath(model, parent) -> list[str]:
    """The text of every row beneath ``parent``."""
    rows = [model.index(row, 0, parent) for row in range(model.rowCount(parent))]
    return [text for index in rows for text in [index.data(), *beneath(model, index)]]


def test_a_file_changed_in_place_in_a_big_library_is_read_again(
    qtbot, big_home: AppPaths, library_dir: Path, prompter, monkeypatch
):
    """From a few hundred files the watcher lists and compares them in a worker thread (here from one)."""
    from mgreader.ui.library import library_watcher

    monkeypatch.setattr(library_watcher, "IN_WORKER_FROM", 1)
    window = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    watcher = window.following.watcher._watcher
    path = sorted(big_home.library_dir.rglob("*.md"))[3]
    qtbot.waitUntil(lambda: str(path) in watcher.files(), timeout=5000)
    article_id = "mine:" + path.relative_to(big_home.library_dir).as_posix()[: -len(".md")]
    text = path.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as rewritten:  # in place: the folder does not change
        rewritten.write(text.replace("title: ", "title: Rewritten ", 1))
    qtbot.waitUntil(lambda: window.library.get(article_id).title.startswith("Rewritten "), timeout=10000)
    window.close()


def test_files_added_and_removed_are_rows_inserted_and_removed_keeping_what_is_open(
    qtbot, qtmodeltester, big_home: AppPaths, library_dir: Path, prompter
):
    window = start(qtbot, big_home, library_dir, prompter)
    qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy, timeout=20000)
    model, view = window.library_pane.tree_model, window.topic_tree
    qtmodeltester.check(model)  # and it goes on checking the row signals below
    folder = sorted(p for p in big_home.library_dir.iterdir() if p.is_dir())[1]
    topic_key = f"topic:mine:{folder.name}/"
    view.expand(model.index_of_key(topic_key))
    removed = sorted(folder.glob("*.md"))[0]
    removed_id = "mine:" + removed.relative_to(big_home.library_dir).as_posix()[: -len(".md")]
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    removed.unlink()
    (big_home.library_dir / "zz-new").mkdir()
    for n in range(3):
        (big_home.library_dir / "zz-new" / f"new-{n}.md").write_text(f"# New {n}\n", encoding="utf-8")
    qtbot.waitUntil(
        lambda: "mine:zz-new/new-2" in window.library.articles and removed_id not in window.library.articles,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: model.index_of_key("article:mine:zz-new/new-2").isValid(), timeout=5000)
    assert not model.index_of_key("article:" + removed_id).isValid()
    assert view.isExpanded(model.index_of_key(topic_key))  # what the reader opened stays open
    assert resets == []  # rows were inserted and removed, the tree was not replaced
    window.close()
