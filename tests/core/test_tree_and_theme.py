from pathlib import Path

from mgreader.core import library, tree
from mgreader.core.library import ContentRoot
from mgreader.core.theme import THEMES, contrast_ratio


def test_tree_holds_topics_articles_and_headings(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    first = root.children[0]
    assert (first.kind, first.title) == (tree.Kind.TOPIC, "First topic")
    welcome = first.children[0]
    assert welcome.kind is tree.Kind.ARTICLE and welcome.article_id == "01-first-topic/01-welcome"
    assert [h.anchor for h in welcome.children] == ["links-to-follow", "a-picture", "footnotes-and-quotes"]
    assert all(child.parent is welcome for child in welcome.children)


def test_filter_ignores_case_and_accents():
    node = tree.Node(tree.Kind.ARTICLE, "Anémie and Magnesium", "k")
    assert tree.matches(node, tree.fold("ANEMIE magn"))
    assert not tree.matches(node, tree.fold("sleep"))


def test_every_theme_meets_wcag_aa_for_body_and_secondary_text():
    for theme in THEMES.values():
        assert contrast_ratio(theme.text, theme.background) >= 7, theme.name
        assert contrast_ratio(theme.muted, theme.background) >= 4.5, theme.name
        assert contrast_ratio(theme.link, theme.background) >= 4.5, theme.name
        assert contrast_ratio(theme.text, theme.box) >= 4.5, theme.name
