"""The topic filter decides from article metadata, building heading rows only where they are looked at."""

import gc
import tracemalloc
from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree, tree_filter


def built_headings(root: tree.Node) -> list[str]:
    """Articles whose heading rows exist."""
    found, pending = [], [root]
    while pending:
        node = pending.pop()
        for child in node._children:
            if child.kind is tree.Kind.ARTICLE and child._pending is None:
                found.append(child.article_id)
            pending.append(child)
    return found


def test_matching_a_heading_builds_no_heading_rows_until_its_article_is_looked_at(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    shown = tree_filter.Shown(root, tree.fold("Table of NUMBERS"), tree_filter.Titles())
    assert built_headings(root) == []
    topic = shown.children(root)[0]
    (article,) = shown.children(topic)
    assert article.article_id == "01-first-topic/02-second" and built_headings(root) == []
    assert [h.title for h in shown.children(article)] == ["A table of numbers"]
    assert built_headings(root) == ["01-first-topic/02-second"]


def test_a_keystroke_decides_only_the_rows_looked_at(library_dir: Path):
    """The match index answers for a whole topic with one search: the rows of a topic that is not opened
    are not decided, and what shows is the same when they are."""
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    tree_filter.Titles().prepare(root)
    shown = tree_filter.Shown(root, "table", tree_filter.Titles())
    topics = shown.children(root)
    assert [t.title for t in topics] == ["First topic"]
    assert set(shown._state) == {root, *topics}  # nothing beneath the topic is decided yet
    (article,) = shown.children(topics[0])
    assert article.article_id == "01-first-topic/02-second" and not shown.wholly(article)
    assert [h.title for h in shown.children(article)] == ["A table of numbers"]


def test_spans_cover_titles_and_headings(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    tree_filter.Titles().prepare(root)
    topic = root.children[0]
    article = topic.children[0]
    text, start, mid, end = article.span  # type: ignore[misc]
    assert text[start:mid] == article.folded + "\n"
    assert text[mid:end].splitlines() == [tree.fold(h.text) for h in article.ref.headings]  # type: ignore[union-attr]
    t_text, t_start, t_mid, t_end = topic.span  # type: ignore[misc]
    assert t_text is text and t_start <= start < end <= t_end


def test_the_filter_opens_rows_within_its_budget(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    shown = tree_filter.Shown(root, "e", tree_filter.Titles())
    everything = list(shown.to_expand())
    assert everything and all(n.kind is not tree.Kind.HEADING for n in everything)
    assert list(shown.to_expand(budget=len(shown.children(root)))) == []


def shown_rows(shown: tree_filter.Shown) -> list[str]:
    rows: list[str] = []

    def visit(node: tree.Node) -> None:
        for child in shown.children(node):
            rows.append(child.key)
            visit(child)

    visit(shown.root)
    return rows


def test_headings_let_go_are_read_from_the_file_again(library_dir: Path):
    scanned = library.scan([ContentRoot(library_dir)])
    before = {ref.id: ref.headings for ref in scanned.articles.values()}
    root = tree.build(scanned)
    tree_filter.Titles().prepare(root)
    library.forget_headings(scanned.articles.values())
    shown = tree_filter.Shown(root, "numbers")  # the index still finds a heading
    found = [a.article_id for t in shown.children(root) for a in shown.children(t)]
    assert found == ["01-first-topic/02-second"]
    assert {ref.id: ref.headings for ref in scanned.articles.values()} == before


def test_a_rescan_index_takes_unchanged_articles_headings_from_the_last_one(
    library_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """A rescan is given the same references, whose headings were let go: the new index takes their
    heading lines from the last tree's, reading no file, and matches as a first index does."""
    scanned = library.scan([ContentRoot(library_dir)])
    last = tree.build(scanned)
    tree_filter.Titles().prepare(last)
    library.forget_headings(scanned.articles.values())
    previous: dict[str, tree.Node] = {}
    for top in last._children:
        previous.update(tree_filter.Titles().keys(top))

    def no_reading(path: Path) -> tuple[()]:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr("mgreader.core.library.refs._headings_in_file", no_reading)
    again = tree.build(scanned)
    tree_filter.Titles().prepare(again, previous)
    fresh = tree.build(library.scan([ContentRoot(library_dir)]))
    tree_filter.Titles().prepare(fresh)
    assert [top.span[0] for top in again._children] == [top.span[0] for top in fresh._children]  # type: ignore[index]


def test_the_match_index_holds_little_beyond_its_text():
    """Each row's place in the index is one number beside the text (issue 15: a tuple and three numbers
    were about 180 bytes an article, 3.5 MB at 20,000, and twice that while a rescan indexes)."""
    where = Path("/library")
    refs = tuple(
        library.ArticleRef(f"a{n:04d}", f"/library/a{n:04d}.md", where, f"A{n:04d}", (n, f"a{n:04d}"))
        for n in range(1000)
    )
    root = tree.build(library.Library((library.Topic("t", "T", (0, "t"), (), refs),)))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        keys = tree_filter.index(root._children[0])
        del keys  # the nodes by key, which the app keeps once for all its indexes
        gc.collect()  # which empties Python's free lists of tuples too
        held = (tracemalloc.get_traced_memory()[0] - before) / len(refs)
    finally:
        tracemalloc.stop()
    top = root._children[0]
    start = len("t\n") + 5 * len("a0000\n")  # the sixth article's line, in the topic's index
    assert top.span is not None and top._children[5].span == (top.span[0], start, start + 6, start + 6)
    assert held < 60, held  # its line (6 characters) and the number (about 40 bytes)
