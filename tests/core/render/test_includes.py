"""Boxes kept in one file and shown in many articles (issue 17): on the page, in the render cache, in the
search index text and on the appointment sheet."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.library import scan as library
from mgreader.core.notes.store import Bookmark
from mgreader.core.paths import bundled_dir
from mgreader.core.render import includes
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search.query import article_text
from mgreader.core.sheet import lookup as sheet_lookup
from mgreader.core.sheet import rules as sheet
from mgreader.core.theme import LIGHT

BOX = "**Safety first**\n\n- Keep to the *tested* limit.\n"
MARKED = """---
title: Marked
includes: [safety]
next-review: 2027-06-01
reviewed-by: "two writers, against the sources"
---

Opening words.

## Key points

- One point.

{{safety}}

## Later section

Closing words.
"""
UNMARKED = "---\ntitle: Unmarked\nincludes: [safety]\n---\n\nOpening words.\n\n## Section\n\nMore.\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    (folder / "topic").mkdir(parents=True)
    (folder / "_includes").mkdir()
    (folder / "_includes" / "safety.md").write_text(BOX, encoding="utf-8")
    (folder / "topic" / "marked.md").write_text(MARKED, encoding="utf-8")
    (folder / "topic" / "unmarked.md").write_text(UNMARKED, encoding="utf-8")
    return folder


@pytest.fixture
def loader(tmp_path: Path) -> ArticleLoader:
    resources = bundled_dir("resources")
    composer = PageComposer(resources, disclaimer_module.load(resources))
    return ArticleLoader(composer, RenderCache(tmp_path / "cache"), Renderer())


def ref_of(root: Path, article_id: str) -> library.ArticleRef:
    ref = library.scan([library.ContentRoot(root)]).get(article_id)
    assert ref is not None
    return ref


def test_the_box_is_shown_where_the_article_asks_for_it(loader: ArticleLoader, root: Path):
    page = loader.page(loader.load(ref_of(root, "topic/marked")), LIGHT, 0)
    box = page.index('class="include safety"')
    assert page.index("One point.") < box < page.index("Later section")
    assert "<strong>Safety first</strong>" in page
    assert "<em>tested</em>" in page
    assert "{{safety}}" not in page


def test_without_a_marker_the_box_leads_the_body(loader: ArticleLoader, root: Path):
    page = loader.page(loader.load(ref_of(root, "topic/unmarked")), LIGHT, 0)
    assert page.index("Safety first") < page.index("Opening words.")


def test_the_box_is_not_an_article_of_its_own(root: Path):
    assert sorted(library.scan([library.ContentRoot(root)]).articles) == ["topic/marked", "topic/unmarked"]


def test_editing_the_box_renders_its_articles_again_through_the_cache(loader: ArticleLoader, root: Path):
    ref = ref_of(root, "topic/marked")
    assert "Safety first" in loader.load(ref).body.html
    (root / "_includes" / "safety.md").write_text("**Changed advice**\n", encoding="utf-8")
    body = loader.load(ref).body.html
    assert "Changed advice" in body
    assert "Safety first" not in body


def test_a_missing_box_is_left_out_and_the_article_still_shows(loader: ArticleLoader, root: Path):
    (root / "_includes" / "safety.md").unlink()
    article = loader.load(ref_of(root, "topic/marked"))
    assert "Closing words." in article.body.html
    assert "include" not in article.body.html
    assert not article.notices


def test_the_header_shows_the_next_review_date_and_who_reviewed(loader: ArticleLoader, root: Path):
    page = loader.page(loader.load(ref_of(root, "topic/marked")), LIGHT, 0)
    assert "Next review due 1 June 2027" in page
    assert "Reviewed by two writers, against the sources" in page


def test_search_indexes_the_box_text(loader: ArticleLoader, root: Path):
    ref = ref_of(root, "topic/marked")
    assert "Keep to the tested limit" in article_text(ref, "Topic", loader.load(ref).body).body


def test_a_passage_quoted_from_the_box_is_found_for_the_appointment_sheet(root: Path):
    lookup = sheet_lookup.LibraryLookup(library.scan([library.ContentRoot(root)]))
    mark = Bookmark("b", "topic/marked", "Keep to the tested limit.", "", "", 0, "", "", "", False, "", "")
    assert lookup.passage(mark) == sheet.PassageInfo("Key points", True)
    assert lookup.passage(replace(mark, quote="Closing words.")) == sheet.PassageInfo("Later section", True)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"includes": ["Safety", "safety", " "]}, ("safety",)),
        ({"includes": "safety"}, ("safety",)),
        ({}, ()),
    ],
)
def test_box_names_are_read_forgivingly(fields: dict, expected: tuple[str, ...]):
    assert includes.names(fields) == expected


def test_a_name_that_could_leave_the_folder_is_refused(root: Path):
    assert includes.path_of(root, "../secrets") is None
    assert includes.load(root, ("../secrets", "safety"))[0].name == "safety"
