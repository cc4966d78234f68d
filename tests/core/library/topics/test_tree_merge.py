"""A rescan as row edits of the tree on screen (issue 15)."""

from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree, tree_filter, tree_merge


def read(folder: Path) -> library.Library:
    return library.scan([ContentRoot(folder, key="mine:", title="My articles")])


def build(folder: Path) -> tree.Node:
    return tree.build(read(folder))


def keys(node: tree.Node) -> list[str]:
    return [n.key for n in node.walk()[1:] if n.kind is not tree.Kind.HEADING]


def test_added_and_removed_articles_become_edits_that_give_the_new_rows(tmp_path: Path):
    for name in ("a", "b", "c"):
        (tmp_path / "t").mkdir(exist_ok=True)
        (tmp_path / "t" / f"{name}.md").write_text(f"# {name.upper()}\n\n## Part\n", encoding="utf-8")
    old = build(tmp_path)
    before = {n.key: n for n in old.walk()}
    (tmp_path / "t" / "b.md").unlink()
    (tmp_path / "t" / "d.md").write_text("# D\n", encoding="utf-8")
    again = read(tmp_path)
    wanted = keys(tree.build(again))
    merged = tree_merge.edits_to(old, again)
    assert merged is not None
    assert [n.key for n in merged.children[before["topic:mine:t/"]]] == [
        "article:mine:t/a", "article:mine:t/c", "article:mine:t/d"
    ]
    keys_after = tree_filter.index_edited(old, merged)
    for edit in merged.edits:
        for first, last in reversed(edit.removed):
            tree_merge.remove_rows(edit.parent, first, last)
        for row, nodes in edit.inserted:
            tree_merge.insert_rows(edit.parent, row, nodes)
    assert keys(old) == wanted
    assert set(keys_after) == set(wanted)
    shown_a = next(n for n in old.walk() if n.key == "article:mine:t/a")
    assert shown_a is before["article:mine:t/a"] and shown_a.ref is again.get("mine:t/a")  # the new ref
    assert all(child.row == n for node in old.walk() for n, child in enumerate(node._children))
    # The filter's index is of the tree as edited: the new row is found, the removed one is not.
    rows = {n.key: n for n in old.walk()}
    shown = tree_filter.Shown(old, "d")
    assert shown.shows(rows["article:mine:t/d"]) and not shown.shows(rows["article:mine:t/a"])
    assert tree_filter.Shown(old, "b").children(old) == []


def test_a_rescan_that_finds_nothing_new_makes_no_node(tmp_path: Path, monkeypatch):
    (tmp_path / "t").mkdir()
    for name in ("a", "b"):
        (tmp_path / "t" / f"{name}.md").write_text(f"# {name.upper()}\n\n## Part\n", encoding="utf-8")
    first = read(tmp_path)
    old = tree.build(first)
    made: list[tree.Node] = []
    real_init = tree.Node.__init__

    def counting(self: tree.Node, *args: object, **kwargs: object) -> None:
        made.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tree.Node, "__init__", counting)
    merged = tree_merge.edits_to(old, first)
    assert merged is not None and not merged.edits and not merged.refs and made == []


def test_a_retitled_article_is_not_an_edit(tmp_path: Path):
    (tmp_path / "a.md").write_text("# Before\n", encoding="utf-8")
    old = build(tmp_path)
    (tmp_path / "a.md").write_text("# After\n", encoding="utf-8")
    assert tree_merge.edits_to(old, read(tmp_path)) is None


def test_rows_added_beneath_articles_and_headings_stay_their_own(library_dir: Path):
    """Article and heading rows share one empty list until a row is added beneath them."""
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    articles = [n for n in root.walk() if n.kind is tree.Kind.ARTICLE]
    assert len(articles) > 2 and all(a.children for a in articles[:2])  # their heading rows built
    first, second = articles[0].children, articles[1].children
    assert first is not second and {n.key for n in first}.isdisjoint(n.key for n in second)
    assert tree._LEAF == []
