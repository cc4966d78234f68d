"""A file name that is not UTF-8 opens and is searched; a search worker that fails says so and the next sync
runs (issue 11: such a name did nothing when clicked and killed the indexer thread, so search found nothing
from then on)."""

import os
from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import content_roots
from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.paths import AppPaths

from .test_search import search, wait_for_index

pytestmark = pytest.mark.skipif(os.name != "posix" or os.uname().sysname == "Darwin",
                                reason="needs file names that are bytes")  # fmt: skip

NAME = b"caf\xe9-and-magnesium.md"  # Latin-1, as an old archive or a USB stick may hold it


@pytest.fixture
def odd_name(library_dir: Path) -> Path:
    path = Path(os.fsdecode(os.fsencode(library_dir / "01-first-topic") + b"/" + NAME))
    path.write_bytes(b"# Coffee and magnesium\n\nEspresso holds a little zymurgical magnesium.\n")
    return path


def test_an_article_whose_name_is_not_utf8_opens_and_is_found(odd_name, make_window, qtbot):
    window = make_window()
    (article_id,) = [key for key in window.library.articles if "caf" in key]
    assert article_id == "01-first-topic/caf%E9-and-magnesium"
    assert window.open_article(article_id)
    assert window.article.ref.id == article_id and "zymurgical" in window.article_view.page_text()
    window.notes.bookmark_span(0, 5)  # the notes file takes its id too
    assert window.notes.store.bookmarks_for(article_id)
    window.commands.search_library.trigger()
    qtbot.waitUntil(
        lambda: window.searching.indexer is not None and window.searching.indexer.last_report is not None
    )
    assert not isinstance(window.searching.indexer.last_report, str), window.searching.indexer.last_report
    assert window.searching.indexer.last_report.failed == (), window.searching.indexer.last_report
    assert [hit.article_id for hit in search(window, qtbot, "zymurgical")] == [article_id]
    assert search(window, qtbot, "ANEMIE")  # and the rest of the library as well


def test_a_failing_sync_is_reported_and_the_next_one_runs(make_window, qtbot, monkeypatch):
    window = make_window()
    wait_for_index(window, qtbot)
    indexer = window.searching.indexer
    runs = indexer.runs
    real = type(indexer)._sync_once

    def broken(self, library):
        raise RuntimeError("a bug in the indexer")

    monkeypatch.setattr(type(indexer), "_sync_once", broken)
    with qtbot.waitSignal(indexer.finished) as failed:
        indexer.sync(window.library)
    assert "could not be updated" in failed.args[0] and "a bug in the indexer" in failed.args[0]
    qtbot.waitUntil(lambda: not indexer.busy)
    monkeypatch.setattr(type(indexer), "_sync_once", real)
    indexer.sync(window.library)
    qtbot.waitUntil(lambda: indexer.runs == runs + 1 and not indexer.busy)
    assert search(window, qtbot, "ANEMIE")


def test_one_article_that_fails_to_render_is_left_out_not_the_rest(make_window, qtbot, monkeypatch):
    from mgreader.core.render import reader

    real = reader.ArticleLoader.load

    def load(self, ref, **options):
        if ref.id.endswith("02-second"):
            raise RecursionError("deeply nested")
        return real(self, ref, **options)

    monkeypatch.setattr(reader.ArticleLoader, "load", load)
    window = make_window()
    wait_for_index(window, qtbot)
    report = window.searching.indexer.last_report
    assert [name for name in report.failed if "02-second" in name]
    assert search(window, qtbot, "ANEMIE")


def test_the_scan_cache_keeps_a_name_that_is_not_utf8(odd_name, library_dir: Path, tmp_path: Path):
    roots = content_roots(AppPaths.under(tmp_path / "home"), library_dir)
    cache_file = tmp_path / "library.json"
    first = library.scan(roots, ScanCache(cache_file))
    assert cache_file.exists()
    assert library.scan(roots, ScanCache(cache_file)) == first
    assert "01-first-topic/caf%E9-and-magnesium" in first.articles
