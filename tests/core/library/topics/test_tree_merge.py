"""A rescan's new tree as row edits of the tree on screen (issue 15)."""

from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree, tree_merge


def build(folder: Path) -> tree.Node:
    return tree.build(library.scan([ContentRoot(folder, key="mine:", title="My articles")]))


def keys(node: tree.Node) -> list[str]:
    return [n.key for n in node.walk()[1:] if n.kind is not tree.Kind.HEADING]


def test_added_and_removed_articles_become_edits_that_give_the_new_rows(tmp_path: Path):
    for name in ("a", "b", "c"):
        (tmp_path / "t").mkdir(exist_ok=True)
        (tmp_path / "t" / f"{name}.md").write_text(f"# {name.upper()}\n\n## Part\n", encoding="utf-8")
    old = build(tmp_path)
    (tmp_path / "t" / "b.md").unlink()
    (tmp_path / "t" / "d.md").write_text("# D\n", encoding="utf-8")
    new = build(tmp_path)
    wanted = keys(new)
    new_ref = next(n for n in new.walk() if n.key == "article:mine:t/a").ref
    planned = tree_merge.plan(old, new)
    assert planned is not None
    edits, pairs = planned
    kept = {x.key: x for x, _ in pairs}
    tree_merge.adopt(pairs, {})
    for edit in edits:
        for first, last in reversed(edit.removed):
            tree_merge.remove_rows(edit.parent, first, last)
        for row, nodes in edit.inserted:
            tree_merge.insert_rows(edit.parent, row, nodes)
    assert keys(old) == wanted
    shown_a = next(n for n in old.walk() if n.key == "article:mine:t/a")
    assert shown_a is kept["article:mine:t/a"] and shown_a.ref is new_ref  # the old node, with the new ref
    assert all(child.row == n for node in old.walk() for n, child in enumerate(node._children))


def test_a_retitled_article_is_not_an_edit(tmp_path: Path):
    (tmp_path / "a.md").write_text("# Before\n", encoding="utf-8")
    old = build(tmp_path)
    (tmp_path / "a.md").write_text("# After\n", encoding="utf-8")
    assert tree_merge.plan(old, build(tmp_path)) is None


def test_rows_added_beneath_articles_and_headings_stay_their_own(library_dir: Path):
    """Article and heading rows share one empty list until a row is added beneath them."""
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    articles = [n for n in root.walk() if n.kind is tree.Kind.ARTICLE]
    assert len(articles) > 2 and all(a.children for a in articles[:2])  # their heading rows built
    first, second = articles[0].children, articles[1].children
    assert first is not second and {n.key for n in first}.isdisjoint(n.key for n in second)
    assert tree._LEAF == []
