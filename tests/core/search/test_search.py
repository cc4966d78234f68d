"""The library search core (issue 5): what readers find, in what order, which snippets, from which files."""

import itertools
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ArticleRef, ContentRoot
from mgreader.core.paths import bundled_dir
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search import index as search_module
from mgreader.core.search.index import (
    MARK_END,
    MARK_START,
    ArticleText,
    BookmarkText,
    DocKind,
    NoteText,
    SearchIndex,
    SearchIndexError,
    SyncReport,
    article_text,
    plain_text,
    topics_by_article,
)

# Each file written gets its own modification time, a day ago or so, as when a reader saves it again.
SAVED = itertools.count(int(time.time()) - 86_400)


class Texts:
    """``text_of`` as the app makes it (ArticleLoader, then article_text), remembering what it was asked."""

    def __init__(self, cache: Path) -> None:
        resources = bundled_dir("resources")
        composer = PageComposer(resources, disclaimer_module.load(resources))
        self.loader = ArticleLoader(composer, RenderCache(cache), Renderer())
        self.topics: dict[str, str] = {}
        self.asked: list[str] = []

    def __call__(self, ref: ArticleRef) -> ArticleText:
        self.asked.append(ref.id)
        return article_text(ref, self.topics.get(ref.id, ""), self.loader.load(ref).body)


@pytest.fixture
def texts(tmp_path: Path) -> Texts:
    return Texts(tmp_path / "render-cache")


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    with SearchIndex(tmp_path / "cache" / "search.sqlite3") as opened:
        yield opened


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = tmp_path / "library"
    path.mkdir()
    return path


def sync(index: SearchIndex, root: Path, texts: Texts) -> SyncReport:
    lib = library.scan([ContentRoot(root)])
    texts.topics = topics_by_article(lib)
    texts.asked.clear()
    return index.sync_articles(lib.in_order(), texts)


def write(root: Path, relpath: str, title: str, body: str, *, old: bool = True) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
    if old:  # not just now (see RACY_SECONDS)
        saved = next(SAVED)
        os.utime(path, (saved, saved))
    return path


def ids(hits: list) -> list[str]:
    return [hit.id for hit in hits]


FILLER = "Rest, water and a regular routine help many people with their energy through the day. " * 6


# Plain text


def test_plain_text_is_what_the_page_shows():
    html = (
        "<h2 id='a'>Doses &amp; forms</h2><p>Take <em>mag</em>nesium\nwith food.<sup>1</sup></p>"
        "<ul><li>one</li><li>two&nbsp;three</li></ul><pre><code>line 1\nline 2</code></pre>"
        "<table><tr><td>310</td><td>mg</td></tr></table>"
        '<p>Note.&#160;<a class="footnote-backref" href="#fnref:1">&#8617;</a></p>'
    )
    assert plain_text(html).split("\n") == [
        "Doses & forms", "Take magnesium with food.1", "one", "two three", "line 1", "line 2", "310 mg",
        "Note.",
    ]  # fmt: skip


def test_article_text_comes_from_the_rendered_article(library_dir: Path, texts: Texts):
    lib = library.scan([ContentRoot(library_dir)])
    texts.topics = topics_by_article(lib)
    ref = lib.get("01-first-topic/03-nested/01-deep")
    assert ref is not None
    text = texts(ref)
    assert (text.title, text.topic, text.headings) == (
        "A deeply nested article",
        "First topic › Nested",
        "Only section",
    )
    assert "[Up to the welcome](../01-welcome.md)" not in text.body
    assert "This article sits in a sub-topic. Up to the welcome." in text.body


# Queries over the fixture library


@pytest.fixture
def fixture_index(library_dir: Path, index: SearchIndex, texts: Texts) -> SearchIndex:
    report = sync(index, library_dir, texts)
    assert len(report.added) == 7
    assert not report.failed
    return index


def test_accents_and_case_do_not_matter(fixture_index: SearchIndex):
    for query in ("anemie", "ANÉMIE", "Ane\u0301mie", "anémie"):
        assert "01-first-topic/01-welcome" in ids(fixture_index.search(query)), query
    hit = fixture_index.search("anemie")[0]
    assert hit.match == "Anémie"
    assert f"{MARK_START}Anémie{MARK_END}" in hit.snippet


def test_results_show_title_topic_and_where_the_match_is(fixture_index: SearchIndex):
    [hit] = fixture_index.search("sub-topic")
    assert hit.kind is DocKind.ARTICLE
    assert hit.id == hit.article_id == "01-first-topic/03-nested/01-deep"
    assert (hit.title, hit.topic, hit.field) == ("A deeply nested article", "First topic › Nested", "body")
    assert hit.match == "sub-topic"
    assert "This article sits in a sub-topic" in hit.context


def test_summary_non_latin_text_and_bad_files_are_searchable(fixture_index: SearchIndex):
    assert ids(fixture_index.search("scrolling matters")) == ["01-first-topic/02-second"]  # the summary
    assert ids(fixture_index.search("日本")) == ["01-first-topic/01-welcome"]
    assert ids(fixture_index.search("Café crème")) == []  # not UTF-8: shown as "Caf� cr�me", found as such
    assert ids(fixture_index.search("body is still shown")) == ["02-second-topic/bad-front"]


# Ranking, snippets, prefixes, phrases


def test_a_title_match_outranks_a_heading_match_outranks_a_body_match(root: Path, index: SearchIndex, texts):
    write(root, "a/body.md", "Everyday energy", f"{FILLER}\n\nThe kidneys keep magnesium.\n\n{FILLER}")
    write(root, "a/title.md", "Your kidneys", f"{FILLER}\n\nThey filter blood.\n\n{FILLER}")
    write(root, "a/heading.md", "Filtering", f"{FILLER}\n\n## Kidneys\n\nThey filter blood.\n\n{FILLER}")
    sync(index, root, texts)
    hits = index.search("kidney")
    assert ids(hits) == ["a/title", "a/heading", "a/body"]
    assert hits[0].score > hits[1].score > hits[2].score
    assert hits[0].field == "title"
    assert MARK_START not in hits[0].snippet  # the start of the body instead
    assert hits[0].snippet.startswith("Rest, water")


def test_snippet_is_short_one_line_and_marks_the_matched_words(root: Path, index: SearchIndex, texts):
    body = f"{FILLER}\n\nMagnesium **citrate** is\ngentle on the stomach.\n\n{FILLER}"
    write(root, "forms.md", "Forms", body)
    sync(index, root, texts)
    [hit] = index.search("citrate magnesium")
    assert f"{MARK_START}Magnesium{MARK_END} {MARK_START}citrate{MARK_END} is gentle" in hit.snippet
    assert "\n" not in hit.snippet
    assert hit.snippet.startswith("…")
    assert hit.snippet.endswith("…")
    assert 12 <= len(hit.context.split()) <= 20
    assert hit.match == "Magnesium citrate"
    page_text = " ".join(plain_text(texts.loader.load(_ref(root, "forms")).body.html).split())
    assert hit.context in page_text


def _ref(root: Path, article_id: str) -> ArticleRef:
    ref = library.scan([ContentRoot(root)]).get(article_id)
    assert ref is not None
    return ref


def test_every_word_is_a_prefix_while_typing(root: Path, index: SearchIndex, texts):
    write(root, "a.md", "Magnesium citrate", "A form of magnesium that dissolves well.")
    write(root, "b.md", "Vitamin D", "Made in the skin in sunlight.")
    write(root, "c.md", "Type 2 diabetes", "Can lower magnesium.")
    write(root, "d.md", "Diabetes in 2024", "New figures.")
    sync(index, root, texts)
    assert ids(index.search("magn")) == ["a", "c"]
    assert ids(index.search("magn cit")) == ["a"]
    assert ids(index.search("vit d")) == ["b"]
    assert ids(index.search("agnes")) == []  # a prefix, not any part of a word
    # One letter or digit before the last word is a finished word, not a prefix.
    assert ids(index.search("2 diab")) == ["c"]
    assert sorted(ids(index.search("diab 2"))) == ["c", "d"]


def test_a_quoted_phrase_matches_exactly(root: Path, index: SearchIndex, texts):
    write(root, "together.md", "One", "Magnesium citrate is gentle on the stomach.")
    write(root, "apart.md", "Two", "Citrate is in lemons; magnesium is in nuts.")
    write(root, "accents.md", "Three", "L'anémie ferriprive est fréquente.")
    sync(index, root, texts)
    assert sorted(ids(index.search("magnesium citrate"))) == ["apart", "together"]
    assert ids(index.search('"magnesium citrate"')) == ["together"]
    assert ids(index.search('"magnesium cit"')) == []  # a closed phrase is whole words
    assert sorted(ids(index.search('"magnesium cit'))) == ["apart", "together"]  # still typing: words
    assert ids(index.search('"anemie ferriprive"')) == ["accents"]
    assert index.search('"magnesium citrate"')[0].match == "Magnesium citrate"


HOSTILE = [
    '"', '""', '"""', "AND", "OR", "NOT", "NEAR", "*", "^", ":", "(", ")", "-", "+", "NEAR(", "NEAR(a b, 2)",
    "a:b", "-x", "title:magnesium", "{title body}: x", "magnesium AND", "AND magnesium", "magnesium OR",
    "NOT magnesium", "magnesium*", "*magnesium", "^magnesium", "-magnesium", "(magnesium", "magnesium)",
    '"magnesium', 'magnesium"', 'mag"nesium', "'", "'; DROP TABLE docs; --", "\x00", "\x02\x03", "\\",
    "%", "_", "🙂", "ﷺ", "\u0301", "\ue000", "a" * 10_000, " ".join(["magnesium"] * 2_000), "😀" * 500,
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_are_plain_words_and_never_raise(fixture_index: SearchIndex, query: str):
    hits = fixture_index.search(query)
    assert isinstance(hits, list)
    assert len(hits) <= 50


@pytest.mark.parametrize(
    "query",
    ["magnesium*", "*magnesium", "^magnesium", "-magnesium", "(magnesium", "magnesium)", '"magnesium'],
)
def test_operators_around_a_word_do_not_change_what_it_finds(fixture_index: SearchIndex, query: str):
    assert ids(fixture_index.search(query)) == ids(fixture_index.search("magnesium")) != []


def test_operator_words_are_words(root: Path, index: SearchIndex, texts):
    write(root, "or.md", "One", "Salt and sugar: one or the other, not both.")
    write(root, "salt.md", "Two", "Salt helps some people with low blood pressure.")
    sync(index, root, texts)
    assert ids(index.search("salt OR sugar")) == ["or"]
    assert ids(index.search("salt NOT sugar")) == ["or"]
    assert ids(index.search("salt AND")) == ["or"]


@pytest.mark.parametrize("query", ["", "   ", '""', '" "', "*", "-", "()", "\x00", ":"])
def test_empty_queries_find_nothing(fixture_index: SearchIndex, query: str):
    assert fixture_index.search(query) == []


def test_limit(fixture_index: SearchIndex):
    assert len(fixture_index.search("the", limit=2)) == 2
    assert fixture_index.search("the", limit=0) == []


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("fuzz")
    with SearchIndex(folder / "search.sqlite3") as opened:
        opened.put(
            NoteText("n1", "Magnesium and sleep", "Anémie, « guillemets », 日本語 and (brackets) AND OR NOT")
        )
        yield opened


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_no_text_makes_search_raise(shared_index: SearchIndex, query: str):
    shared_index.search(query)


# Incremental updates


def test_sync_adds_changes_and_removes_files(root: Path, index: SearchIndex, texts):
    write(root, "t/one.md", "One", "Magnesium in nuts.")
    write(root, "t/two.md", "Two", "Iron in lentils.")
    assert sync(index, root, texts) == SyncReport(added=("t/one", "t/two"))
    assert texts.asked == ["t/one", "t/two"]

    write(root, "t/two.md", "Two", "Iron in spinach.")  # same size, new time, new text
    write(root, "t/three.md", "Three", "Zinc in seeds.")
    (root / "t/one.md").unlink()
    report = sync(index, root, texts)
    assert report == SyncReport(added=("t/three",), updated=("t/two",), removed=("t/one",))
    assert sorted(texts.asked) == ["t/three", "t/two"]
    assert ids(index.search("magnesium")) == []
    assert ids(index.search("lentils")) == []
    assert ids(index.search("spinach")) == ["t/two"]
    assert ids(index.search("zinc")) == ["t/three"]


def test_unchanged_files_are_not_read_again(root: Path, index: SearchIndex, texts, monkeypatch):
    for n in range(20):
        write(root, f"t/{n:02d}.md", f"Article {n}", f"Text number {n}.")
    sync(index, root, texts)
    reads: list[Path] = []
    digest = search_module.file_digest
    monkeypatch.setattr(search_module, "file_digest", lambda path: reads.append(path) or digest(path))

    assert sync(index, root, texts) == SyncReport(unchanged=20)
    assert texts.asked == []
    assert reads == []

    later = next(SAVED)  # saved again, unchanged: hashed once, not rendered
    os.utime(root / "t/03.md", (later, later))
    assert sync(index, root, texts) == SyncReport(unchanged=20)
    assert texts.asked == []
    assert reads == [root / "t/03.md"]
    reads.clear()
    assert sync(index, root, texts) == SyncReport(unchanged=20)
    assert reads == []


def test_a_file_saved_just_now_is_checked_again_next_time(root: Path, index: SearchIndex, texts, monkeypatch):
    path = write(root, "new.md", "New", "Written a moment ago.", old=False)
    sync(index, root, texts)
    # Within the same mtime tick it could be saved again with the same size: its stamp is not trusted yet.
    size, mtime = path.stat().st_size, path.stat().st_mtime_ns
    path.write_text(path.read_text().replace("moment", "minute"), encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))
    assert path.stat().st_size == size
    assert sync(index, root, texts).updated == ("new",)
    assert ids(index.search("minute")) == ["new"]


def test_the_index_persists_and_is_reused(tmp_path: Path, root: Path, texts):
    write(root, "a.md", "Sleep", "Magnesium before bed.")
    with SearchIndex(tmp_path / "search.sqlite3") as first:
        sync(first, root, texts)
    with SearchIndex(tmp_path / "search.sqlite3") as again:
        assert sync(again, root, texts) == SyncReport(unchanged=1)
        assert texts.asked == []
        assert ids(again.search("bed")) == ["a"]


def test_a_new_text_version_indexes_every_article_again(tmp_path: Path, root: Path, texts):
    write(root, "a.md", "Sleep", "Magnesium before bed.")
    with SearchIndex(tmp_path / "search.sqlite3") as first:
        sync(first, root, texts)
        first.put(NoteText("n1", "Kept", "Notes are not made from files."))
    with SearchIndex(tmp_path / "search.sqlite3", text_version="renderer changed") as again:
        assert again.search("bed") == []
        assert ids(again.search("kept")) == ["n1"]
        assert sync(again, root, texts) == SyncReport(added=("a",))


def test_unreadable_articles_are_reported_and_left_out(root: Path, index: SearchIndex, texts):
    write(root, "a.md", "Sleep", "Magnesium before bed.")
    write(root, "b.md", "Iron", "Iron and lentils.")
    sync(index, root, texts)

    def refuse(ref: ArticleRef) -> ArticleText:
        if ref.id == "b":
            raise PermissionError(13, "Permission denied")
        return texts(ref)

    write(root, "b.md", "Iron", "Iron and spinach.")
    lib = library.scan([ContentRoot(root)])
    report = index.sync_articles(lib.in_order(), refuse)
    assert report.failed == ("b",)
    assert report.unchanged == 1
    assert index.search("iron") == []


def test_a_sync_can_be_cancelled_and_resumed(root: Path, index: SearchIndex, texts):
    for n in range(5):
        write(root, f"{n}.md", f"Article {n}", "Some text.")
    lib = library.scan([ContentRoot(root)])
    report = index.sync_articles(lib.in_order(), texts, cancel=lambda: len(texts.asked) >= 2)
    assert report.cancelled
    assert len(report.added) == 2
    assert len(index.search("some text")) == 2
    assert len(sync(index, root, texts).added) == 3


def test_a_background_sync_does_not_stop_searches(tmp_path: Path, root: Path, texts):
    for n in range(150):
        write(root, f"t/{n:03d}.md", f"Article {n}", f"Magnesium text {n}. {FILLER}")
    path = tmp_path / "search.sqlite3"
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with SearchIndex(path) as background:  # its own instance, opened in its own thread
                sync(background, root, texts)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    with SearchIndex(path) as foreground:
        worker = threading.Thread(target=work)
        worker.start()
        seen = []
        while worker.is_alive():
            seen.append(len(foreground.search("magnesium", limit=500)))
            foreground.put(NoteText("n", "While indexing", f"Saved {len(seen)} times."))
        worker.join()
        assert not errors
        assert seen == sorted(seen)  # results grow as batches are committed, never an error
        assert len(foreground.search("magnesium", limit=500)) == 150


# Bookmarks and notes


def test_bookmarks_and_notes_are_found_and_removed(fixture_index: SearchIndex):
    index = fixture_index
    index.put(BookmarkText("b1", "01-first-topic/01-welcome", "Magnesium is a mineral.", "Ask about kidneys"))
    index.put(
        NoteText("n1", "Questions for Dr K", "Does magnesium help my sleep?", "01-first-topic/02-second")
    )
    index.put(NoteText("n2", "Shopping", "Pumpkin seeds, almonds."))

    [bookmark] = index.search("kidneys")
    assert (bookmark.kind, bookmark.id, bookmark.article_id) == (
        DocKind.BOOKMARK, "b1", "01-first-topic/01-welcome",
    )  # fmt: skip
    assert (bookmark.title, bookmark.topic, bookmark.field) == (
        "Welcome to the fixture library",
        "First topic",
        "note",
    )
    assert bookmark.snippet == f"Ask about {MARK_START}kidneys{MARK_END}"
    quote = next(hit for hit in index.search("mineral") if hit.kind is DocKind.BOOKMARK)
    assert (quote.field, quote.match) == ("quote", "mineral")

    [note] = index.search("dr k")
    assert (note.kind, note.id, note.title, note.topic) == (
        DocKind.NOTE, "n1", "Questions for Dr K", "The second article",
    )  # fmt: skip
    [alone] = index.search("almonds")
    assert (alone.article_id, alone.topic, alone.field) == (None, "", "body")

    index.put(NoteText("n2", "Shopping", "Pumpkin seeds, walnuts."))  # edited
    assert index.search("almonds") == []
    assert ids(index.search("walnut")) == ["n2"]
    assert index.remove(DocKind.NOTE, "n2")
    assert not index.remove(DocKind.NOTE, "n2")
    assert index.remove(DocKind.BOOKMARK, "b1")
    assert index.search("walnut") == []
    assert index.search("kidneys") == []


def test_records_are_reconciled_with_the_store(index: SearchIndex):
    index.put(BookmarkText("b1", "a", "Old quote."))
    index.put(BookmarkText("b2", "a", "Unchanged quote."))
    report = index.sync_bookmarks(
        [BookmarkText("b2", "a", "Unchanged quote."), BookmarkText("b3", "a", "New quote.", "with a note")]
    )
    assert report == SyncReport(added=("b3",), removed=("b1",), unchanged=1)
    assert ids(index.search("quote")) != []
    assert sorted(ids(index.search("quote"))) == ["b2", "b3"]
    assert index.sync_notes([NoteText("n1", "Title", "Body")]) == SyncReport(added=("n1",))
    assert index.sync_notes([NoteText("n1", "Title", "New body")]) == SyncReport(updated=("n1",))


# A damaged index is rebuilt


def _built(path: Path) -> None:
    with SearchIndex(path) as index:
        for n in range(300):
            index.put(NoteText(f"n{n}", f"Note {n}", f"Magnesium note number {n}. " * 30))


@pytest.mark.parametrize("damage", ["garbage", "middle", "version", "other database", "empty"])
def test_a_damaged_or_foreign_index_is_rebuilt(tmp_path: Path, damage: str):
    path = tmp_path / "search.sqlite3"
    _built(path)
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 1000)
    elif damage == "middle":
        data = bytearray(path.read_bytes())
        data[len(data) // 3 : len(data) // 3 * 2] = os.urandom(len(data) // 3)
        path.write_bytes(bytes(data))
    elif damage == "version":
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA user_version = 99")
    elif damage == "other database":
        path.unlink()
        with closing(sqlite3.connect(path)) as db, db:
            db.execute("CREATE TABLE notes (id TEXT)")
    else:
        path.write_bytes(b"")
    with SearchIndex(path) as index:
        assert index.search("magnesium") == []
        index.put(NoteText("n", "After", "Magnesium again."))
        assert ids(index.search("magnesium")) == ["n"]


def test_reset_starts_an_empty_index(tmp_path: Path):
    path = tmp_path / "search.sqlite3"
    _built(path)
    with SearchIndex(path) as index:
        index.reset()
        assert index.search("magnesium") == []


def test_results_that_score_the_same_go_by_title_numbers_by_value(index: SearchIndex):
    for n, title in enumerate(["Day 10", "Day 2", "day 1", "Day 9"]):  # a diary of notes alike but the day
        index.put(NoteText(f"n{n}", title, "Tired after the short walk."))
    hits = index.search("tired walk")
    assert len({hit.score for hit in hits}) == 1
    assert [hit.title for hit in hits] == ["day 1", "Day 2", "Day 9", "Day 10"]


def test_the_index_is_private_like_the_notes(tmp_path: Path):
    path = tmp_path / "search.sqlite3"
    path.write_bytes(b"")
    path.chmod(0o644)
    with SearchIndex(path) as index:
        index.put(NoteText("n", "Private", "Only for me."))
        for name in ("search.sqlite3", "search.sqlite3-wal", "search.sqlite3-shm"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


def test_an_index_that_cannot_be_made_is_a_clear_error(tmp_path: Path):
    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(SearchIndexError, match="could not be made"):
        SearchIndex(tmp_path / "file" / "search.sqlite3")


def test_a_check_in_is_found_by_its_words_and_leaves_when_removed(tmp_path: Path):
    """Issue 18: "dizzy" finds the day the reader wrote it."""
    from datetime import date

    from mgreader.core.journal.model import CheckIn, Symptom
    from mgreader.core.search.documents import checkin_text
    from mgreader.core.search.index import DocKind, SearchIndex

    day = CheckIn(date(2026, 11, 28), 3, (Symptom("Pain", 2),), True, "dizzy after the shower", "", "")
    with SearchIndex(tmp_path / "index.sqlite3") as index:
        index.sync_checkins([checkin_text(day)])
        (hit,) = index.search("dizzy")
        assert (hit.kind, hit.id) == (DocKind.CHECKIN, "2026-11-28")
        assert hit.title == "Check-in, 28 November 2026"
        assert [h.id for h in index.search("crashed")] == ["2026-11-28"]
        index.sync_checkins([])
        assert index.search("dizzy") == []


def test_long_text_is_cleaned_in_pieces_exactly_as_a_short_one():
    """Issue 11: long text is cleaned and hashed in pieces (one C call over megabytes held the interpreter
    lock, and the window, for 100 ms); the pieces join into what the whole text gives."""
    from mgreader.core.search.documents import NoteText, digest
    from mgreader.core.search.query import PIECE_CHARS, strip_controls

    # e + combining acute accent on both sides of every cut, a control, a tab, a line break.
    line = "e\u0301 Magnesium\x07\tfatigue e\u0301\n"
    text = line * (3 * PIECE_CHARS // len(line))
    assert len(text) > 2 * PIECE_CHARS
    assert strip_controls(text) == strip_controls(line) * (3 * PIECE_CHARS // len(line))
    cleaned = strip_controls(text)
    assert "\x07" not in cleaned and "\u00e9 Magnesium \tfatigue \u00e9\n" in cleaned
    assert digest(NoteText("n", "t", text)) != digest(NoteText("n", "t", text + "!"))
