import re

import pytest

from mgreader.core.render import markdown as render
from mgreader.core.render.markdown import Renderer


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def test_markdown_features(renderer: Renderer):
    body = renderer.render(
        "## Table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n] with *emphasis*.\n\n"
        "- one\n- two\n\n> quoted\n\nTerm\n:   definition\n\n[^n]: Note.\n"
    )
    for fragment in (
        "<table",
        "<td>1</td>",
        "<em>emphasis</em>",
        "<li>one</li>",
        "<blockquote>",
        "<dd>definition</dd>",
        'class="footnote"',
    ):
        assert fragment in body.html
    assert body.headings[0].anchor == "table"


def test_raw_html_scripts_never_reach_the_view_and_safe_tags_stay(renderer: Renderer):
    body = renderer.render(
        '<script>alert("x")</script>\n\nHi <img src="http://evil/x.png"> <b onclick="x">b</b>'
        " <script>inline()</script>"
    )
    assert "script" not in body.html and "alert" not in body.html and "inline()" not in body.html
    assert "<img" not in body.html and "onclick" not in body.html
    assert "<b>b</b>" in body.html


def test_attribute_injection_is_dropped(renderer: Renderer):
    body = renderer.render('# Head {: style="background-image: url(http://evil/x)" onclick="y" }\n')
    assert not re.search(r"<[^>]*\sonclick=", body.html)
    # The only style in a tag is the renderer's own transparent heading background (gfm.py).
    assert re.findall(r'<[^>]*\sstyle="([^"]*)"', body.html) == ["background-color: rgba(1, 0, 0, 0)"]


def test_only_images_inside_the_library_are_kept(renderer: Renderer):
    html = renderer.render(
        "![ok](pic.png) ![up](../other/pic.png) ![remote](https://example.org/a.png) "
        "![file](file:///etc/passwd.png) ![abs](/etc/a.png) ![escape](../../../etc/a.png) ![text](notes.txt)",
        article_dir="topic",
    ).html
    assert '<img alt="ok" src="pic.png">' in html
    assert '<img alt="up" src="../other/pic.png">' in html
    assert html.count('class="blocked"') == 5
    assert "example.org" not in html
    assert "passwd" not in html


@pytest.mark.parametrize(
    ("src", "article_dir", "expected"),
    [
        ("pic.png", "a", "a/pic.png"),
        ("../b/pic.png", "a", "b/pic.png"),
        ("../../pic.png", "a", None),
        ("http://x/pic.png", "", None),
        ("//x/pic.png", "", None),
        ("data:image/png;base64,AAAA", "", None),
        ("pic.exe", "", None),
        ("a\\..\\..\\pic.png", "", None),
    ],
)
def test_check_image_src(src, article_dir, expected):
    assert render.check_image_src(src, article_dir) == expected


def test_evidence_notes_become_marked_boxes(renderer: Renderer):
    html = renderer.render(
        "> **Evidence: limited.** One small study.\n\nBetween.\n\n> An ordinary quote.\n"
    ).html
    assert html.count('class="evidence"') == 1
    assert "<blockquote>" in html
    assert "One small study." in html


def test_defuse_takes_bracket_storms_out_and_caps_quote_depth():
    assert "[" not in render.defuse("[" * 5000)  # shown as plain text, see test_hostile.py
    assert render.defuse("a [link](x.md)") == "a [link](x.md)"
    deep = render.defuse(">" * 1000 + " text")
    assert deep.count(">") == render.MAX_QUOTE_DEPTH
    assert deep.endswith("text")


@pytest.mark.parametrize(
    "source",
    ["[" * 20000, ">" * 100000, "![" * 10000, "[a](" * 5000, "a\n: b\n" * 20000],
    ids=["brackets", "quotes", "images", "links", "deflists"],
)
def test_pathological_input_gives_best_effort_output(renderer: Renderer, source: str):
    body = renderer.render(source)
    assert body.html  # something is shown, whether formatted or as plain text
    if body.notice:
        assert "plain text" in body.notice


def test_reading_time():
    assert render.RenderedBody("", (), 1000).minutes == 5
    assert render.RenderedBody("", (), 10).minutes == 1
