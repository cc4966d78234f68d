"""Each GitHub Markdown construct, rendered by the app and by cmark-gfm (GitHub's renderer): the app shows
every structure cmark-gfm shows. The structures are counted by bench/gfm_compare.py's counter, the one the
corpus figures in docs/benchmarks.md come from."""

import importlib.util
import re
from pathlib import Path

import pytest

from mgreader.core.render.markdown import Renderer

_BENCH = Path(__file__).parents[4] / "bench" / "gfm_compare.py"
_spec = importlib.util.spec_from_file_location("gfm_compare", _BENCH)
compare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


CONSTRUCTS = {
    "list right after text": ("Key points:\n- one\n- two\n", {"list": 1}),
    "numbered list after text": ("Steps:\n1. one\n2. two\n", {"list": 1}),
    "2-space nesting": ("- a\n  - b\n    - c\n- d\n", {"list": 3, "nesting": 2}),
    "3-space nesting under a number": ("1. a\n   - b\n2. c\n", {"list": 2, "nesting": 1}),
    "tab nesting (Obsidian)": ("- a\n\t- b\n\t- c\n- d\n", {"list": 2, "nesting": 1}),
    "list indented by 2 spaces": ("text\n\n  - a\n    - b\n", {"list": 2, "nesting": 1}),
    "1) markers": ("1) one\n2) two\n", {"list": 1}),
    "fenced code in a list item": ("- item\n\n  ```\n  code\n  ```\n- next\n", {"list": 1, "code block": 1}),
    "fenced code in a block quote": ("> ```\n> code\n> ```\n", {"block quote": 1, "code block": 1}),
    "fence never closed": ("text\n\n```\ncode to the end\n", {"code block": 1}),
    "fence right after text": ("text\n```\ncode\n```\n", {"code block": 1}),
    "heading right after a list": ("- a\n## Next\n", {"list": 1, "heading": 1}),
    "table right after text": ("Numbers:\n| a | b |\n|---|---|\n| 1 | 2 |\n", {"table": 1}),
    "task list": ("- [ ] to do\n- [x] done\n", {"task list": 2, "list": 1}),
    "strikethrough": ("~~gone~~ and ~~also~~\n", {"strikethrough": 2}),
    "bare link": ("See https://example.org/page for more.\n", {"link": 1}),
    "two quotes, one blank line apart": ("> one\n\n> two\n", {"block quote": 2}),
    "reference link with a code label": ("See [`cmd`].\n\n[`cmd`]: https://example.org\n", {"link": 1}),
}


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_each_construct_shows_what_github_shows(renderer: Renderer, name: str):
    text, expected = CONSTRUCTS[name]
    github = compare.structures(compare.gfm(text))
    ours = compare.structures(renderer.render(text).html)
    for kind, count in expected.items():
        assert github[kind] == count, f"the GFM expectation for {kind} in {name!r}"
        assert ours[kind] == count, f"{kind} in {name!r}: {renderer.render(text).html}"


def test_backslash_at_the_end_of_a_line_is_a_line_break(renderer: Renderer):
    assert "<br" in compare.gfm("one\\\ntwo\n") and "one<br>" in renderer.render("one\\\ntwo\n").html


def test_hashtags_and_snake_case_stay_text(renderer: Renderer):
    html = renderer.render("#tag is not a heading, pg_dump_all is a word\n").html
    assert "<h1" not in html and "pg_dump_all" in html and "<em>" not in html


def test_heading_ids_follow_github(renderer: Renderer):
    body = renderer.render("## Food & drink\n\n## Usage\n\n## Usage\n\n## Café 😀 menu\n")
    assert [h.anchor for h in body.headings] == ["food--drink", "usage", "usage-1", "café--menu"]
    assert 'id="food--drink"' in body.html


def test_comments_hidden_and_the_safe_subset_kept(renderer: Renderer):
    html = renderer.render(
        "<!-- source: a wiki -->\n\nPress <kbd>Ctrl</kbd>, x<sup>2</sup>, H<sub>2</sub>O,<br>"
        ' <abbr title="magnesium">Mg</abbr> <span>wrapped</span>\n\n'
        "<details>\n<summary>More</summary>\n\nHidden *text*\n\n</details>\n\n"
        '<div markdown="1">\n**inside**\n</div>\n'
    ).html
    assert "source" not in html and "&lt;" not in html
    for kept in ("<kbd>Ctrl</kbd>", "<sup>2</sup>", "<sub>2</sub>", "<br>", '<abbr title="magnesium">'):
        assert kept in html
    assert "<span>wrapped</span>" in html and "<summary>More</summary>" in html
    assert "<em>text</em>" in html and "<strong>inside</strong>" in html


def test_other_html_is_dropped_with_its_text_kept(renderer: Renderer):
    html = renderer.render(
        '<font color="red">red words</font> <center>centred</center> <marquee>moving</marquee>\n\n'
        '<iframe src="https://evil.example"></iframe>\n\n<style>body { display: none }</style>\n\n'
        '<p onclick="steal()" style="color: red">para</p>\n\n<img src="pic.png" onerror="x()">\n'
    ).html
    assert "red words" in html and "centred" in html and "moving" in html
    assert not re.search(r"<(font|center|marquee|iframe|style)", html)
    assert "evil" not in html and "display" not in html
    assert not re.search(r"\s(onclick|onerror|style)=", html)
    assert "<p>para</p>" in html and '<img src="pic.png">' in html


def test_task_list_items_show_a_box(renderer: Renderer):
    html = renderer.render("- [ ] to do\n- [x] done\n").html
    assert "\u2610" in html and "\u2611" in html and "<input" not in html


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("> [!NOTE]\n> Useful information.\n", "Note"),  # GitHub's alert
        ("> [!warning] Careful here\n> Body text.\n", "Careful here"),  # Obsidian's callout with a title
        ("> [!tip]-\n> Folded.\n", "Tip"),
    ],
)
def test_callouts_and_alerts_are_the_evidence_box(renderer: Renderer, text: str, title: str):
    html = renderer.render(text).html
    assert html.startswith('<table cellpadding="10" cellspacing="0" class="evidence"')
    assert f"<strong>{title}</strong>" in html and "[!" not in html


def test_wikilinks_become_links(renderer: Renderer):
    html = renderer.render("See [[Zinc]], [[Zinc#Food sources|where to find it]] and [[#Dose]].\n").html
    assert '<a class="wikilink" href="wikilink:Zinc">Zinc</a>' in html
    assert '<a class="wikilink" href="wikilink:Zinc#Food sources">where to find it</a>' in html
    assert 'href="wikilink:#Dose"' in html and "[[" not in html


def test_wikilinks_in_code_stay_text(renderer: Renderer):
    assert "[[Zinc]]" in renderer.render("`[[Zinc]]`\n").html
