from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.render.extensions import links


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


@pytest.fixture
def notes(tmp_path: Path) -> library.Library:
    """A reader's notes as a wiki or vault has them: folder pages, names with spaces, '_' folders."""
    for relpath, text in {
        "zinc/README.md": "# Zinc\n",
        "iron/index.md": "# Iron\n",
        "home.md": "# Home\n",
        "_Inbox/Daily note.md": "# Today\n",
        "minerals/Magnesium glycinate.md": "# Glycinate\n\n## Food & drink\n",
        "other/Magnesium glycinate.md": "# Another\n",
    }.items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_text(text, encoding="utf-8")
    return library.scan([ContentRoot(tmp_path)])


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("zinc/", links.OpenArticle("zinc/README")),  # GitHub opens a folder's README
        ("zinc", links.OpenArticle("zinc/README")),
        ("iron/#dose", links.OpenArticle("iron/index", "dose")),
        ("_Inbox/Daily%20note", links.OpenArticle("_Inbox/Daily note")),  # no '.md', as on GitHub
        ("wikilink:Daily note", links.OpenArticle("_Inbox/Daily note")),
        (
            "wikilink:magnesium glycinate#Food & drink",
            links.OpenArticle("minerals/Magnesium glycinate", "food--drink"),
        ),  # fmt: skip
        ("wikilink:other/Magnesium glycinate", links.OpenArticle("other/Magnesium glycinate")),
        ("wikilink:#Food & drink", links.ScrollTo("food--drink")),
    ],
)
def test_links_between_notes_resolve_as_github_and_obsidian_do(notes, href, expected):
    assert links.resolve(href, notes.get("home"), notes) == expected


def test_a_wikilink_to_a_missing_note_says_so(notes):
    action = links.resolve("wikilink:Calcium", notes.get("home"), notes)
    assert action == links.Refused("There is no note called 'Calcium' in this library.")


def test_a_wikilink_prefers_the_note_in_the_same_folder(notes):
    current = notes.get("other/Magnesium glycinate")
    assert (
        links.resolve("wikilink:Magnesium glycinate", current, notes).article_id
        == "other/Magnesium glycinate"
    )
