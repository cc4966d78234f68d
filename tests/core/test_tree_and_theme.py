from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree
from mgreader.core.theme import THEMES, contrast_ratio
from mgreader.core.words import fold


def test_tree_holds_topics_articles_and_headings(library_dir: Path):
    root = tree.build(library.scan([ContentRoot(library_dir)]))
    first = root.children[0]
    assert (first.kind, first.title) == (tree.Kind.TOPIC, "First topic")
    welcome = first.children[0]
    assert welcome.kind is tree.Kind.ARTICLE
    assert welcome.article_id == "01-first-topic/01-welcome"
    assert [h.anchor for h in welcome.children] == ["links-to-follow", "a-picture", "footnotes-and-quotes"]
    assert all(child.parent is welcome for child in welcome.children)


def test_filter_ignores_case_and_accents():
    node = tree.Node(tree.Kind.ARTICLE, "Anémie and Magnesium", "k")
    assert tree.matches(node, fold("ANEMIE magn"))
    assert not tree.matches(node, fold("sleep"))


def test_highlights_and_find_marks_keep_text_readable_in_every_theme():
    for theme in THEMES.values():
        need = 7 if theme.name == "high_contrast" else 4.5
        for name, colour in theme.highlights:  # highlighted text is drawn in highlight_text (palette.py)
            assert contrast_ratio(theme.highlight_text, colour) >= need, (theme.name, name)
        for colour in (theme.find_match, theme.find_current):
            assert contrast_ratio(theme.text, colour) >= need, (theme.name, colour)
        assert contrast_ratio(theme.selection_text, theme.selection) >= need, theme.name


def test_high_contrast_meets_wcag_aaa_everywhere():
    theme = THEMES["high_contrast"]
    for colour in (theme.text, theme.muted, theme.link):
        assert contrast_ratio(colour, theme.background) >= 7
    assert contrast_ratio(theme.text, theme.box) >= 7


def test_every_theme_meets_wcag_aa_for_body_and_secondary_text():
    assert set(THEMES) == {"light", "dark", "sepia", "high_contrast"}
    for theme in THEMES.values():
        assert contrast_ratio(theme.text, theme.background) >= 7, theme.name
        assert contrast_ratio(theme.muted, theme.background) >= 4.5, theme.name
        assert contrast_ratio(theme.link, theme.background) >= 4.5, theme.name
        assert contrast_ratio(theme.text, theme.box) >= 4.5, theme.name
