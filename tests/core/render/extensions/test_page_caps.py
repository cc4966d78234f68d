"""Issue 11: two shapes of page held the window in Qt's ``setHtml``: thousands of headings with ids (their
formats all collided in Qt's format table) and lists hundreds of levels deep (the style sheet matched
against every ancestor). The renderer keeps every word and every anchor, and gives Qt neither shape."""

import re

from mgreader.core.render.extensions.deep_lists import MAX_LIST_DEPTH
from mgreader.core.render.markdown import Renderer


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_every_heading_keeps_its_github_anchor_and_gets_a_background_of_its_own_that_paints_nothing():
    text = "".join(f"## Dose {n % 7}\n\nText {n}.\n\n" for n in range(2_000))
    body = Renderer().render(text)
    ids = re.findall(r'<h2 id="([^"]+)"', body.html)
    assert ids[:3] == ["dose-0", "dose-1", "dose-2"] and ids[7] == "dose-0-1"  # GitHub's ids, repeats too
    assert len(set(ids)) == 2_000 and [h.anchor for h in body.headings] == ids  # the library tree's rows
    backgrounds = re.findall(r'<h2 id="[^"]+" style="background-color: (rgba\([^)]*\))"', body.html)
    assert len(set(backgrounds)) == 2_000  # each one different: Qt hashes colours by value
    assert all(colour.endswith(", 0)") for colour in backgrounds)  # fully transparent: nothing painted
    assert all(f"Text {n}." in body.html for n in range(2_000))


def test_an_article_cannot_bring_its_own_style_to_a_heading():
    text = '<h2 id="x" style="color: red">Raw</h2>\n\n## Written {: style="color: red" }\n'
    html = Renderer().render(text).html
    assert "red" not in html


def _nested(levels: int) -> str:
    return "".join("  " * level + f"- word{level}\n" for level in range(levels)) + "\nAfter the list.\n"


def _depth(html: str) -> int:
    deepest = depth = 0
    for tag in re.findall(r"</?[uo]l>", html):
        depth += -1 if tag.startswith("</") else 1
        deepest = max(deepest, depth)
    return deepest


def test_a_list_170_levels_deep_stops_at_the_last_level_kept_with_every_word_in_order():
    html = Renderer().render(_nested(170)).html  # about the bench's 29 KB of nested lists
    assert _depth(html) == MAX_LIST_DEPTH
    words = re.findall(r"word\d+", _text(html))
    assert words == [f"word{level}" for level in range(170)]
    assert html.index("word169") < html.index("After the list.")


def test_a_list_as_deep_as_the_cap_is_left_as_it_is():
    html = Renderer().render(_nested(MAX_LIST_DEPTH)).html
    assert _depth(html) == MAX_LIST_DEPTH
    assert html.count("<li>") == MAX_LIST_DEPTH


def test_deep_numbered_items_and_their_paragraphs_keep_their_text():
    text = "".join(
        "   " * level + f"1. step{level}\n\n" + "   " * level + f"   more{level}\n\n" for level in range(20)
    )
    html = Renderer().render(text).html
    assert _depth(html) == MAX_LIST_DEPTH
    flat = _text(html)
    assert re.findall(r"(?:step|more)\d+", flat) == [w for n in range(20) for w in (f"step{n}", f"more{n}")]
