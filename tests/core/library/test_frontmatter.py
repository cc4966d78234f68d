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
        ("---\ntitle: x\n", 1, "no closing"),
        ("---\ntitle: x\ntitle: y\n---\n", 3, "twice"),
        ("---\n- item\n---\n", 2, "must follow"),
        ("---\njust words\n---\n", 2, "expected 'key: value'"),
        ("---\ntags: [a, b\n---\n", 2, "must end with ']'"),
        ('---\ntitle: "open\n---\n', 2, "not closed"),
    ],
)
def test_malformed_blocks_name_the_line(text, line, words):
    with pytest.raises(FrontMatterError) as caught:
        frontmatter.split(text)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_strip_unreadable_keeps_the_body():
    assert frontmatter.strip_unreadable("---\n: : :\n---\nBody").strip() == "Body"


def test_read_never_raises_a_malformed_block_gives_the_body_and_the_error():
    front, error = frontmatter.read("---\ntitle: [unclosed\n---\n\n# Body\n")
    assert error is not None
    assert front.fields == {}
    assert front.body == "\n# Body\n"
    assert front.body_line == 4
    good, none = frontmatter.read("---\ntitle: Fine\n---\nBody\n")
    assert none is None
    assert good.fields == {"title": "Fine"}
