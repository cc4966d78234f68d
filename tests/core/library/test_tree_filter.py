"""The topic filter decides from article metadata, building heading rows only where they are looked at."""

from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library import tree, tree_filter
from mgreader.core.library.scan import ContentRoot


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


def test_typing_on_narrows_and_going_back_widens(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    titles = tree_filter.Titles()
    wide = tree_filter.Shown(root, "t", titles)
    narrow = tree_filter.Shown(root, "tab", titles, wide)
    back = tree_filter.Shown(root, "ta", titles, narrow)  # not narrower: decided afresh
    fresh = tree_filter.Shown(root, "ta", titles)
    assert shown_rows(narrow) == shown_rows(tree_filter.Shown(root, "tab", titles))
    assert set(shown_rows(narrow)) <= set(shown_rows(back)) < set(shown_rows(wide))
    assert shown_rows(back) == shown_rows(fresh)


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
