from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.render import links


@pytest.fixture
def lib(library_dir: Path) -> library.Library:
    return library.scan([ContentRoot(library_dir)])


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("02-second.md", links.OpenArticle("01-first-topic/02-second")),
        (
            "02-second.md#a-table-of-numbers",
            links.OpenArticle("01-first-topic/02-second", "a-table-of-numbers"),
        ),
        ("03-nested/01-deep.md", links.OpenArticle("01-first-topic/03-nested/01-deep")),
        ("../02-second-topic/plain.md", links.OpenArticle("02-second-topic/plain")),
        ("#a-picture", links.ScrollTo("a-picture")),
        ("https://example.org/page", links.ExternalLink("https://example.org/page")),
    ],
)
def test_allowed_links(lib: library.Library, href: str, expected: links.LinkAction):
    current = lib.get("01-first-topic/01-welcome")
    assert links.resolve(href, current, lib) == expected


@pytest.mark.parametrize(
    ("href", "words"),
    [
        ("mailto:a@example.org", "'mailto:'"),
        ("file:///etc/passwd", "'file:'"),
        ("javascript:alert(1)", "'javascript:'"),
        ("../../../etc/passwd.md", "outside the library"),
        ("/etc/passwd.md", "outside the library"),
        ("nope.md", "not in the library"),
        ("pic.png", "does not point to an article"),
        ("http:no-host", "'http:'"),
        ("", "empty"),
    ],
)
def test_refused_links_say_why(lib: library.Library, href: str, words: str):
    action = links.resolve(href, lib.get("01-first-topic/01-welcome"), lib)
    assert isinstance(action, links.Refused)
    assert words in action.reason
