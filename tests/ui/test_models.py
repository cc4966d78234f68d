"""Every Qt model the window shows passes pytest-qt's model tester (the tree's are in reading/)."""

from mgreader.core.notes.store import Bookmark
from mgreader.core.search.query import DocKind, Hit
from mgreader.core.theme import LIGHT
from mgreader.ui.notes.bookmark_model import PAGE_SIZE, BookmarkListModel, Row
from mgreader.ui.search.search_panel import HitModel


def bookmark(number: int) -> Bookmark:
    stamp = f"2026-11-24T10:{number // 60:02d}:{number % 60:02d}.000000Z"
    return Bookmark(f"b{number}", "topic/article", f"Passage {number}", "", "", number, "h", "yellow",
                    "", False, stamp, stamp)  # fmt: skip


def test_the_bookmark_list_model_is_consistent_while_it_pages(qtmodeltester):
    model = BookmarkListModel(LIGHT)
    pages = [[Row(bookmark(n), "Article", n % 7 == 0) for n in range(start, start + size)]
             for start, size in ((0, PAGE_SIZE), (PAGE_SIZE, 3))]  # fmt: skip
    model.set_rows(pages[0], lambda offset: pages[1] if offset == PAGE_SIZE else [])
    assert model.canFetchMore()
    qtmodeltester.check(model)  # the tester fetches the next page itself, as a scrolled view would
    assert model.rowCount() == PAGE_SIZE + 3
    assert not model.canFetchMore()


def test_the_search_results_model_is_consistent(qtmodeltester):
    model = HitModel()
    hits = [Hit(DocKind.ARTICLE, f"a{n}", f"a{n}", f"Title {n}", "Topic", f"a [word] {n}", 1.0 - n, "body",
                "word", f"a word {n}") for n in range(5)]  # fmt: skip
    model.set_hits(hits)
    qtmodeltester.check(model)
    model.set_hits([])
    qtmodeltester.check(model)
