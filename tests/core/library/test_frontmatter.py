import pytest

from mgreader.core.errors import FrontMatterError
from mgreader.core.library import frontmatter


def test_fields_lists_and_body():
    text = (
        '---\ntitle: Magnesium: the basics\norder: 2\ntags: [a, "b, c", d]\nsources:\n'
        '  - "One, 2020. https://example.org/#part"\n  - Two\n# a comment\n---\n\n## Body\n'
    )
    front = frontmatter.split(text)
    assert front.fields == {
        "title": "Magnesium: the basics",
        "order": "2",
        "tags": ["a", "b, c", "d"],
        "sources": ["One, 2020. https://example.org/#part", "Two"],
    }
    assert front.body.strip() == "## Body"
    assert front.body_line == 10


def test_no_front_matter_is_all_body():
    front = frontmatter.split("# Title\n\ntext")
    assert front.fields == {}
    assert front.body == "# Title\n\ntext"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntags: [a, b\n---\n", 2, "near 'tags: [a, b'"),
        ('---\ntitle: "open\n---\n', 2, "not valid YAML"),
        ("---\ntitle: x\nthis line has no colon\n---\n", 3, "near 'this line has no colon'"),
    ],
)
def test_malformed_blocks_name_the_line(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.split(text)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_strip_unreadable_keeps_the_body():
    assert frontmatter.strip_unreadable("---\ntitle: [\n---\nBody").strip() == "Body"


def test_real_yaml_nested_maps_folded_text_and_spaces_in_names():
    text = (
        "---\ntitle: No\nreviewed: 2024-03-01\nversion: 1.10\nparams:\n  a: 1\n"
        "summary: >\n  folded\n  text\nCreated at: today\n---\nBody"
    )
    fields = frontmatter.split(text).fields
    # Text stays text: not false, not a date object, not 1.1.
    assert fields["title"] == "No" and fields["reviewed"] == "2024-03-01" and fields["version"] == "1.10"
    assert fields["summary"] == "folded text" and fields["created at"] == "today"


def test_aliases_are_refused_so_a_billion_laughs_cannot_expand():
    laughs = "---\na: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n---\nBody"
    with pytest.raises(FrontMatterError, match="aliases"):
        frontmatter.split(laughs)


def test_a_huge_block_is_refused_unread():
    with pytest.raises(FrontMatterError, match="larger than"):
        frontmatter.split("---\n" + "k: v\n" * 20_000 + "---\nBody")


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nA note that starts with a rule.\n\nMore text.\n",  # no closing line
        "---\nJust a paragraph\n---\n\nText\n",  # a rule, then a heading underlined with dashes
    ],
)
def test_a_leading_horizontal_rule_keeps_all_the_text(text):
    front = frontmatter.split(text)
    assert front.fields == {} and front.body == text


def test_toml_front_matter_is_read():
    front = frontmatter.split('+++\ntitle = "Hugo page"\ndate = 2024-01-02\ntags = ["a", "b"]\n+++\nBody')
    assert front.fields == {"title": "Hugo page", "date": "2024-01-02", "tags": ["a", "b"]}
    assert front.body == "Body"


def test_a_title_with_a_colon_is_read_as_people_mean_it():
    assert frontmatter.split("---\ntitle: Magnesium: the basics\n---\n").fields["title"] == (
        "Magnesium: the basics"
    )


def test_other_tools_fields_are_mapped_to_the_apps():
    fields = frontmatter.app_fields(
        {"description": "About it", "lastmod": "2024-03-01T10:00:00+01:00", "tags": "zinc magnesium"}
    )
    assert fields["summary"] == "About it" and fields["reviewed"] == "2024-03-01"
    assert fields["tags"] == ["zinc", "magnesium"]
