"""The index build gives way to the window (issue 15): it waits while the window says it is busy (an article
opened, a search typed) and finishes afterwards; most articles are formatted in a process of its own, and
search is complete once the build is."""

import os
import signal

import pytest

from mgreader.core.search import text_worker
from mgreader.core.search.index import SearchIndex
from mgreader.ui.search import indexer as indexer_module

from .test_search import search, wait_for_index

ZEBRA = "# Zebrafish notes\n\nZebrafish sleep too.\n"


def found(window, text: str) -> list[str]:
    """What the index holds, asked without the window (whose searches hold the build)."""
    with SearchIndex(window.searching.search_index_path) as index:
        return [hit.article_id for hit in index.search(text)]


@pytest.fixture
def held(monkeypatch):
    """The window's hold lasts until the test lets go (hold(0)), not a fraction of a second."""
    monkeypatch.setattr(indexer_module, "QUIET_S", 3600.0)
    monkeypatch.setattr(indexer_module, "HOLD_MAX_S", 3600.0)


def test_the_index_waits_while_an_article_opens_and_finishes_afterwards(make_window, qtbot, held):
    window = make_window()
    wait_for_index(window, qtbot)
    indexer = window.searching.indexer
    assert window.open_article("01-first-topic/02-second")  # the window says it is busy
    (window.library_dir / "zebra.md").write_text(ZEBRA, encoding="utf-8")
    qtbot.waitUntil(indexer.holding.is_set, timeout=10000)  # the watcher saw it; the build waits
    assert indexer.busy and window.searching.indexing()
    assert found(window, "zebrafish") == []
    indexer.hold(0)  # a quiet moment
    qtbot.waitUntil(lambda: not indexer.busy, timeout=10000)
    assert found(window, "zebrafish") == ["mine:zebra"]
    assert not indexer.holding.is_set()


def test_typing_a_search_holds_the_build_and_the_notice_goes_when_it_is_done(make_window, qtbot, held):
    window = make_window()
    wait_for_index(window, qtbot)
    indexer = window.searching.indexer
    (window.library_dir / "zebra.md").write_text(ZEBRA, encoding="utf-8")
    search(window, qtbot, "zebra")  # typed while the watcher reads the new file
    qtbot.waitUntil(indexer.holding.is_set, timeout=10000)
    search(window, qtbot, "zebrafish")
    status = window.searching.search_panel.status
    assert status.text().startswith("Still indexing: results may be incomplete.")
    assert window.searching.search_panel.model.hits == []
    indexer.hold(0)
    qtbot.waitUntil(lambda: "Still indexing" not in status.text(), timeout=10000)
    assert [h.article_id for h in window.searching.search_panel.model.hits] == ["mine:zebra"]


@pytest.fixture
def in_a_process(monkeypatch):
    """Every article is formatted in the index's own process (a build of a few articles is done in the
    thread: starting the process costs more than it saves)."""
    monkeypatch.setattr(text_worker, "PROCESS_AFTER", 0)


def texts_from_process(monkeypatch) -> list[int]:
    counted: list[int] = []
    real = text_worker.ArticleTexts.close

    def close(self):
        counted.append(self.from_process)
        real(self)

    monkeypatch.setattr(text_worker.ArticleTexts, "close", close)
    return counted


def test_a_build_formatted_in_a_process_finds_everything(make_window, qtbot, in_a_process, monkeypatch):
    counted = texts_from_process(monkeypatch)
    window = make_window()
    wait_for_index(window, qtbot)
    report = window.searching.indexer.last_report
    assert not isinstance(report, str), report
    assert report.failed == () and len(report.added) == 7
    assert counted == [7]
    deep = "01-first-topic/03-nested/01-deep"
    assert [h.article_id for h in search(window, qtbot, "deeply nested")] == [deep]
    assert search(window, qtbot, "ANEMIE")  # accents folded: the same text as the thread makes


def test_a_process_that_dies_costs_one_article_and_the_next_build_has_it(
    make_window, qtbot, in_a_process, monkeypatch
):
    real = text_worker.TextWorker.text
    killed: list[str] = []

    def text(self, ref, topic):
        if ref.id.endswith("02-second") and not killed:
            killed.append(ref.id)
            os.kill(self.process.pid, signal.SIGKILL)
        return real(self, ref, topic)

    monkeypatch.setattr(text_worker.TextWorker, "text", text)
    window = make_window()
    wait_for_index(window, qtbot)
    indexer = window.searching.indexer
    report = indexer.last_report
    assert [name for name in report.failed if "02-second" in name]
    assert len(report.added) == 6  # the others, by a new process or the thread
    assert search(window, qtbot, "ANEMIE")
    indexer.sync(window.library)
    qtbot.waitUntil(lambda: indexer.runs >= 2 and not indexer.busy, timeout=10000)
    assert indexer.last_report.added == (killed[0],)
    assert killed[0] in found(window, "second")
