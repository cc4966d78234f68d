import dataclasses
from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.headings import Heading
from mgreader.core.library.scan import ContentRoot


def test_topics_and_articles_are_ordered_and_named(library_dir: Path):
    lib = library.scan([ContentRoot(library_dir)])
    assert [t.title for t in lib.topics] == ["First topic", "Second topic"]
    first = lib.topics[0]
    assert [a.title for a in first.articles] == ["Welcome to the fixture library", "The second article"]
    assert [t.title for t in first.topics] == ["Nested"]
    assert first.topics[0].articles[0].id == "01-first-topic/03-nested/01-deep"


def test_article_metadata_and_headings(library_dir: Path):
    lib = library.scan([ContentRoot(library_dir)])
    welcome = lib.get("01-first-topic/01-welcome")
    assert welcome is not None
    assert welcome.summary.startswith("A small article")
    assert welcome.reviewed == "2026-11-01"
    assert welcome.tags == ("fixture", "tests")
    assert [h.anchor for h in welcome.headings] == ["links-to-follow", "a-picture", "footnotes-and-quotes"]


def test_bad_files_are_listed_with_their_problem(library_dir: Path):
    lib = library.scan([ContentRoot(library_dir)])
    plain = lib.get("02-second-topic/plain")
    assert plain is not None
    assert plain.title == "Plain article without front matter"
    latin = lib.get("02-second-topic/latin1")
    assert latin is not None
    assert "not saved as UTF-8" in latin.problem
    bad = lib.get("02-second-topic/bad-front")
    assert bad is not None
    assert "could not be read" in bad.problem
    assert bad.title == "Bad front"
    empty = lib.get("02-second-topic/empty")
    assert empty is not None
    assert empty.title == "Empty"


def test_huge_file_is_not_read_whole(library_dir: Path):
    huge = library_dir / "02-second-topic" / "huge.md"
    huge.write_bytes(b"word " * 2_100_000)
    ref = library.scan([ContentRoot(library_dir)]).get("02-second-topic/huge")
    assert ref is not None
    assert "too large" in ref.problem
    assert "10.5 MB" in ref.problem


def test_readers_library_is_one_topic_with_prefixed_ids(tmp_path: Path, library_dir: Path):
    mine = tmp_path / "mine"
    (mine / "visits").mkdir(parents=True)
    (mine / "visits" / "march.md").write_text("# Questions for March\n", encoding="utf-8")
    lib = library.scan([ContentRoot(library_dir), ContentRoot(mine, key="mine:", title="My articles")])
    assert lib.topics[-1].title == "My articles"
    assert lib.get("mine:visits/march") is not None
    assert lib.find(mine, "visits/march.md").title == "Questions for March"


def test_missing_root_is_empty(tmp_path: Path):
    assert library.scan([ContentRoot(tmp_path / "absent")]).articles == {}


def test_display_name():
    assert library.display_name("01-using-magnesium-safely") == (1, "Using magnesium safely")
    assert library.display_name("notes.md") == (10**6, "Notes")


def test_dot_names_are_skipped_underscore_names_shown_and_the_suffix_ignores_case(tmp_path: Path):
    (tmp_path / "_drafts").mkdir()
    (tmp_path / "_drafts" / "draft.md").write_text("# Draft\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.md").write_text("# Not an article\n", encoding="utf-8")
    (tmp_path / "_template.md").write_text("# Template\n", encoding="utf-8")
    (tmp_path / "LOUD.MD").write_text("# Loud\n", encoding="utf-8")
    (tmp_path / "folder.md").mkdir()  # a folder with an article's name is a topic, not an article
    (tmp_path / "folder.md" / "inside.md").write_text("# Inside\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not Markdown", encoding="utf-8")
    lib = library.scan([ContentRoot(tmp_path)])
    # Jekyll's _posts and an Obsidian _Inbox are the reader's notes: only dot-files are hidden.
    assert sorted(lib.articles) == ["LOUD", "_drafts/draft", "_template", "folder.md/inside"]
    assert lib.get("LOUD").relpath == "LOUD.MD"
    assert [t.id for t in lib.topics] == [".", "_drafts/", "folder.md/"]


def test_article_ref_headings_read_as_a_tuple_however_they_were_given(tmp_path: Path):
    heading = Heading(2, "Doses", "doses")
    given = library.ArticleRef("a", tmp_path / "a.md", tmp_path, "A", (1, "a"), headings=(heading,))
    made = library.ArticleRef("a", tmp_path / "a.md", tmp_path, "A", (1, "a"), headings=lambda: (heading,))
    plain = library.ArticleRef("a", tmp_path / "a.md", tmp_path, "A", (1, "a"))
    assert given.headings == made.headings == (heading,)
    assert plain.headings == ()
    assert given == made
    assert hash(given) == hash(made)
    assert repr(given) == repr(made)
    assert dataclasses.replace(made, title="B").headings == (heading,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.headings = ()  # type: ignore[misc]


def test_a_reference_given_its_path_as_text_and_packed_headings_reads_as_one_given_objects(tmp_path: Path):
    found = (Heading(2, "Doses", "doses"), Heading(3, "Café au lait", "café-au-lait"), Heading(2, "", ""))
    packed = library.Packed.of(found)
    as_text = library.ArticleRef("a", str(tmp_path / "d" / "a.md"), tmp_path, "A", (1, "a"), headings=packed)
    given = library.ArticleRef("a", tmp_path / "d" / "a.md", tmp_path, "A", (1, "a"), headings=found)
    assert as_text.path == tmp_path / "d" / "a.md" and isinstance(as_text.path, Path)
    assert as_text.relpath == given.relpath == "d/a.md"
    assert library.folded_headings(as_text) == library.folded_headings(given) == "doses\ncafe au lait\n\n"
    assert as_text == given and hash(as_text) == hash(given)
    assert library.Packed.of(()).__call__() == ()
    assert not hasattr(as_text, "__dict__")
