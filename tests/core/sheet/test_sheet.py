"""The appointment sheet (issue 7): what goes on it, in what order, and how it reads in every format."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.library import scan as library
from mgreader.core.notes.anchoring import make_anchor
from mgreader.core.notes.store import Bookmark, Note, QuestionState, Store
from mgreader.core.paths import bundled_dir
from mgreader.core.sheet import formats
from mgreader.core.sheet import lookup as sheet_lookup
from mgreader.core.sheet import rules as sheet
from mgreader.core.sheet.rules import ArticleInfo, PassageInfo, SheetContent, SheetOptions

TODAY = date(2026, 3, 3)
DISCLAIMER = disclaimer_module.load(bundled_dir("resources"))
RENDERERS = {"md": formats.to_markdown, "html": formats.to_html, "txt": formats.to_text}


def stamp(day: str) -> str:
    """Midday UTC, so that the local calendar day is the same in every time zone the tests run in."""
    return f"{day}T12:00:00.000000Z"


def bookmark(
    ident: str,
    quote: str = "Magnesium helps muscles relax.",
    *,
    flagged: bool = False,
    article: str = "a",
    start: int = 0,
    day: str = "2026-02-01",
    changed: str = "",
    note: str = "",
) -> Bookmark:
    created, updated = stamp(day), stamp(changed or day)
    return Bookmark(ident, article, quote, "", "", start, "h", "yellow", note, flagged, created, updated)


def note(
    ident: str,
    body: str,
    *,
    state: QuestionState | None = None,
    title: str = "",
    day: str = "2026-02-01",
    changed: str = "",
    article: str | None = None,
    on: str | None = None,
    answer: str = "",
) -> Note:
    created, updated = stamp(day), stamp(changed or day)
    return Note(ident, title, body, article, on, state is not None, state, answer, created, updated)


class FakeLookup:
    """Two articles, 'a' before 'b' in the library; passages listed in ``gone`` are not found."""

    def __init__(self, gone: tuple[str, ...] = ()) -> None:
        self.articles = {
            "a": ArticleInfo("Muscles and cramps", "2026-11-24", order=1),
            "b": ArticleInfo("Sleep", "", order=0),
        }
        self.gone = gone

    def article(self, article_id: str) -> ArticleInfo | None:
        return self.articles.get(article_id)

    def passage(self, bookmark: Bookmark) -> PassageInfo:
        if bookmark.quote in self.gone or bookmark.article_id not in self.articles:
            return PassageInfo(found=False)
        return PassageInfo(heading=f"Section of {bookmark.article_id}")


def content(bookmarks: list[Bookmark], notes: list[Note], lookup: FakeLookup | None = None,
            **options: object) -> SheetContent:  # fmt: skip
    chosen = SheetOptions(TODAY, **options)  # type: ignore[arg-type]
    return sheet.compose(sheet.select(bookmarks, notes, chosen), chosen, lookup or FakeLookup(), DISCLAIMER)


def ids(selection: sheet.Selection) -> tuple[set[str], set[str], set[str]]:
    return ({b.id for b in selection.bookmarks}, {n.id for n in selection.questions},
            {n.id for n in selection.notes})  # fmt: skip


# What goes on the sheet

RECORDS = (
    [bookmark("flagged", flagged=True), bookmark("plain")],
    [
        note("to-ask", "Could low magnesium explain my cramps?", state="to_ask"),
        note("asked", "Is 300 mg a day safe?", state="asked"),
        note("answered", "Should I test my blood?", state="answered", answer="Not yet"),
        note("on-flagged", "This matches my night cramps.", on="flagged", article="a"),
        note("on-plain", "Not this one.", on="plain", article="a"),
        note("standalone", "Slept badly all week."),
    ],
)


def test_by_default_flagged_bookmarks_their_notes_and_questions_still_to_ask():
    chosen = sheet.select(*RECORDS, SheetOptions(TODAY))
    assert ids(chosen) == ({"flagged"}, {"to-ask"}, {"on-flagged"})
    assert chosen.ids == {"flagged", "to-ask", "on-flagged"}


def test_all_takes_every_bookmark_note_and_question():
    chosen = sheet.select(*RECORDS, SheetOptions(TODAY, include_all=True))
    assert ids(chosen) == (
        {"flagged", "plain"},
        {"to-ask", "asked", "answered"},
        {"on-flagged", "on-plain", "standalone"},
    )


def test_ticks_add_and_remove_anything_and_removing_wins():
    options = SheetOptions(
        TODAY,
        include=frozenset({"plain", "answered", "standalone", "to-ask"}),
        exclude=frozenset({"flagged", "to-ask"}),
    )
    assert ids(sheet.select(*RECORDS, options)) == ({"plain"}, {"answered"}, {"standalone", "on-plain"})


def test_since_keeps_what_changed_since_and_questions_to_ask_always_carry_forward():
    bookmarks = [
        bookmark("old", flagged=True, day="2026-01-10"),
        bookmark("old-but-flagged-yesterday", flagged=True, day="2026-01-10", changed="2026-03-02"),
        bookmark("new", flagged=True, day="2026-02-20"),
        bookmark("new-unflagged", day="2026-02-20"),
    ]
    notes = [
        note("old-question", "Asked in January, still open", state="to_ask", day="2025-12-01"),
        note("old-answered", "Done", state="answered", day="2026-01-05"),
        note("new-answered", "Done lately", state="answered", day="2026-02-25"),
        note("old-note", "Before the last visit", day="2026-01-05"),
        note("new-note", "After the last visit", day="2026-02-25"),
    ]
    since = date(2026, 2, 15)
    assert ids(sheet.select(bookmarks, notes, SheetOptions(TODAY, since=since))) == (
        {"old-but-flagged-yesterday", "new"},
        {"old-question"},
        set(),
    )
    assert ids(sheet.select(bookmarks, notes, SheetOptions(TODAY, since=since, include_all=True))) == (
        {"old-but-flagged-yesterday", "new", "new-unflagged"},
        {"old-question", "new-answered"},
        {"new-note"},
    )
    # A tick wins over the date range too.
    ticked = SheetOptions(TODAY, since=since, include=frozenset({"old", "old-note"}))
    assert ids(sheet.select(bookmarks, notes, ticked))[0] == {"old", "old-but-flagged-yesterday", "new"}
    assert "old-note" in ids(sheet.select(bookmarks, notes, ticked))[2]


def test_after_the_visit_the_next_sheet_carries_only_the_unanswered_questions(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        first = store.add_note("Could it be my thyroid?", "Could it be my thyroid?", is_question=True)
        second = store.add_note("Which magnesium form?", "Which magnesium form?", is_question=True)
        third = store.add_note("Blood test?", "Blood test?", is_question=True)
        visit = sheet.gather(store, SheetOptions(TODAY), FakeLookup(), DISCLAIMER)
        assert [q.text for q in visit.questions] == [
            "Could it be my thyroid?",
            "Which magnesium form?",
            "Blood test?",
        ]
        # At the visit: one answered, one asked without an answer, one not reached.
        store.update_note(first.id, question_state="answered", answer="Tests were normal")
        store.update_note(third.id, question_state="asked")
        next_visit = sheet.gather(store, SheetOptions(date(2026, 4, 1)), FakeLookup(), DISCLAIMER)
        assert [q.text for q in next_visit.questions] == ["Which magnesium form?"]
        assert next_visit.questions[0].state == "to_ask"
        assert second.id
        everything = sheet.gather(store, SheetOptions(TODAY, include_all=True), FakeLookup(), DISCLAIMER)
        answered = next(q for q in everything.questions if q.state == "answered")
        assert "Answer: Tests were normal" in formats.to_text(everything)
        assert answered.answer


# Content and order


def full_sheet() -> SheetContent:
    bookmarks = [
        bookmark("a2", "Second passage in the cramps article.", flagged=True, start=900, day="2026-02-02",
                 note="Ask if this applies to me."),
        bookmark("a1", "First passage in the cramps article.", flagged=True, start=10, day="2026-02-03"),
        bookmark("b1", "A passage about sleep.", flagged=True, article="b", day="2026-02-04"),
    ]  # fmt: skip
    notes = [
        note("q2", "Which form is gentle on the stomach?", state="to_ask", day="2026-02-10"),
        note(
            "q1", "Could my cramps be low magnesium?\nThey started in May.", state="to_ask", day="2026-02-01"
        ),
        note("n1", "Slept badly all week.\nWoke up at 4.", day="2026-02-05"),
        note("n2", "My own thoughts on this article", article="b", day="2026-02-06"),
        note("bn", "A second note on the passage.", on="a2", article="a", day="2026-02-07"),
    ]
    return content(bookmarks, notes, title="Appointment with Dr. K, 3 March", about_me="Anna, 44",
                   include=frozenset({"n1", "n2"}))  # fmt: skip


def test_content_holds_questions_passages_and_notes_in_reading_order():
    sheet_content = full_sheet()
    assert sheet_content.title == "Appointment with Dr. K, 3 March"
    assert sheet_content.day == TODAY
    questions = sheet_content.questions
    assert [(q.text, q.details) for q in questions] == [
        ("Could my cramps be low magnesium?", "They started in May."),
        ("Which form is gentle on the stomach?", ""),
    ]
    # Passages follow the library's order of articles ('b' comes first), then their place in the article.
    passages = sheet_content.passages
    assert [p.quote for p in passages] == [
        "A passage about sleep.",
        "First passage in the cramps article.",
        "Second passage in the cramps article.",
    ]
    assert passages[1].article == "Muscles and cramps"
    assert passages[1].heading == "Section of a"
    assert passages[1].reviewed == "2026-11-24"
    assert passages[2].notes == ("Ask if this applies to me.", "A second note on the passage.")
    assert [(n.title, n.body, n.about) for n in sheet_content.notes] == [
        ("Slept badly all week.", "Woke up at 4.", ""),
        ("My own thoughts on this article", "", "Sleep"),
    ]


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_format_has_title_date_questions_passages_notes_then_the_disclaimer(kind: str):
    text = RENDERERS[kind](full_sheet())
    if kind == "html":
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    order = [
        "Appointment with Dr. K, 3 March", "3 March 2026", "Anna, 44",
        "My questions", "1. ", "Could my cramps be low magnesium?",
        "They started in May.", "Which form is gentle on the stomach?",
        "What I read", "A passage about sleep.", "First passage in the cramps article.",
        "Muscles and cramps, section \u201cSection of a\u201d, reviewed 24 November 2026",
        "Second passage in the cramps article.", "Ask if this applies to me.",
        "A second note on the passage.", "Other notes", "Slept badly all week.", "Woke up at 4.",
        "My own thoughts on this article", DISCLAIMER.title,
        "general information for learning about magnesium", "get medical help straight away",
    ]  # fmt: skip
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [part for part, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert ("2. " if kind != "html" else '<p id="question-2"') in text[positions[7] - 60 : positions[7]]


def test_markdown_sheet_has_its_own_structure():
    rendered = markdown.markdown(formats.to_markdown(full_sheet()))
    assert re.findall(r"<h(\d)>(.*?)</h\1>", rendered) == [
        ("1", "Appointment with Dr. K, 3 March"), ("2", "My questions"), ("2", "What I read"),
        ("2", "Other notes"),
    ]  # fmt: skip
    assert rendered.count("<blockquote>") == 3
    assert "<ol>" in rendered


def test_html_is_self_contained_large_print_with_the_disclaimer_in_a_footer():
    page = formats.to_html(full_sheet())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert not re.search(r"<(script|link|img|iframe)\b|\b(src|href)=|url\(|https?:", page)
    sizes = [float(s) for s in re.findall(r"body \{[^}]*font-size: ([\d.]+)pt", page)]
    assert sizes
    assert sizes[0] >= 14
    small = formats.to_html(full_sheet(), large_print=False)
    assert float(re.findall(r"body \{[^}]*font-size: ([\d.]+)pt", small)[0]) < sizes[0]
    footer = page[page.index("<footer>") : page.index("</footer>")]
    assert DISCLAIMER.title in footer
    assert "<b>not medical advice</b>" in footer


def test_text_is_plain_for_an_email():
    text = formats.to_text(full_sheet())
    assert "<" not in text
    assert "**" not in text
    assert "#" not in text
    assert "1. Could my cramps be low magnesium?\n   They started in May.\n2. Which form" in text
    assert "\u201cA passage about sleep.\u201d" in text
    assert "My note: Ask if this applies to me." in text


def test_empty_selection_still_makes_a_sheet_that_says_so():
    empty = content([bookmark("plain")], [note("answered", "Done?", state="answered")])
    assert empty.is_empty
    for render in RENDERERS.values():
        out = render(empty)
        assert sheet.EMPTY_SHEET in out
        assert DISCLAIMER.title in out
        assert sheet.DEFAULT_TITLE in out
        assert "My questions" not in out
        assert "What I read" not in out
        assert "Other notes" not in out


# Odd input


def test_orphaned_bookmarks_are_exported_with_their_quote():
    lost = "A sentence the author later removed."
    sheet_content = content(
        [bookmark("lost", lost, flagged=True), bookmark("gone", "From a deleted article.", flagged=True,
                                                        article="mine:notes/old-article")],
        [],
        FakeLookup(gone=(lost,)),
    )  # fmt: skip
    first, second = sheet_content.passages
    assert (first.quote, first.found, first.heading) == (lost, False, "")
    assert second.article == "Old article (no longer in the library)"
    assert not second.found
    for render in RENDERERS.values():
        out = render(sheet_content)
        assert lost in out
        assert "From a deleted article." in out
        assert out.count(sheet.NOT_FOUND) == 2


def test_a_very_long_quote_keeps_its_start_and_end_and_says_where_it_was_cut():
    sentences = [f"Sentence number {i} of a very long bookmarked passage." for i in range(200)]
    long_quote = " ".join(sentences)
    passage = content([bookmark("long", long_quote, flagged=True)], []).passages[0]
    assert passage.shortened
    assert len(passage.quote) <= sheet.MAX_QUOTE_CHARS + 10
    head, tail = passage.quote.split(f" {sheet.ELLIPSIS} ")
    assert head.startswith(sentences[0])
    assert head.endswith(".")  # cut after a sentence
    assert tail.endswith(sentences[-1])
    assert tail.startswith("Sentence number")
    short = content([bookmark("short", "Short.", flagged=True)], []).passages[0]
    assert (short.quote, short.shortened) == ("Short.", False)
    for render in RENDERERS.values():
        out = render(content([bookmark("long", long_quote, flagged=True)], []))
        assert sheet.ELLIPSIS in out
        assert sheet.SHORTENED in out
        assert sentences[-1] in out


def test_a_quote_without_spaces_is_shortened_too():
    passage = content([bookmark("x", "x" * 5000, flagged=True)], []).passages[0]
    assert passage.shortened
    assert len(passage.quote) < 700


TRICKY_NOTE = (
    "# Not a heading\n<script>alert('x')</script>\n![tracker](https://example.org/pixel.png)\n"
    "**really** tired\n---\n- a list item\nA & B < C"
)


def test_notes_with_markdown_and_html_are_shown_safely():
    sheet_content = content(
        [bookmark("b", "Quote.", flagged=True, note=TRICKY_NOTE)], [note("n", TRICKY_NOTE)],
        include=frozenset({"n"}),
    )  # fmt: skip
    page = formats.to_html(sheet_content)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    assert "<img" not in page
    assert "<b>really</b> tired" in page
    assert "A &amp; B &lt; C" in page
    rendered = markdown.markdown(formats.to_markdown(sheet_content))
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert re.findall(r"<h\d>(.*?)</h\d>", rendered) == [sheet.DEFAULT_TITLE, "What I read", "Other notes"]
    assert rendered.count("<hr") == 1  # the sheet's own, above the disclaimer; "---" in a note is text
    text = formats.to_text(sheet_content)
    assert "# Not a heading\n<script>alert('x')</script>" in text  # plain text is shown as written


def test_non_latin_text_comes_through_in_every_format():
    words = {
        "quote": "Магний помогает мышцам расслабиться. 镁有助于肌肉放松。",
        "note": "Ερώτηση: πόσο; — مرحبا",
        "title": "Приём у врача, 3 марта",
        "question": "マグネシウムは安全ですか？",
    }
    sheet_content = content(
        [bookmark("b", words["quote"], flagged=True, note=words["note"])],
        [note("q", words["question"], state="to_ask")],
        title=words["title"],
    )
    for render in RENDERERS.values():
        out = render(sheet_content)
        assert all(word in out for word in words.values())


def test_control_characters_are_dropped():
    sheet_content = content([bookmark("b", "Bad\x00 byte\x1b[31m here", flagged=True, note="bell\x07")], [])
    assert sheet_content.passages[0].quote == "Bad byte[31m here" and sheet_content.passages[0].notes == (
        "bell",
    )


def test_empty_notes_and_questions_are_left_out_and_titles_are_not_repeated():
    sheet_content = content(
        [], [note("q", "", state="to_ask"), note("e", "  "), note("t", "Body only", title="Body only"),
             note("qt", "I read that it helps sleep.", title="Does it help sleep?", state="to_ask")],
        include=frozenset({"e", "t"}),
    )  # fmt: skip
    assert [(q.text, q.details) for q in sheet_content.questions] == [
        ("Does it help sleep?", "I read that it helps sleep.")
    ]
    assert [(n.title, n.body) for n in sheet_content.notes] == [("Body only", "")]


def test_footer_line_is_the_disclaimers_title_pointing_to_the_full_text():
    assert formats.footer_text(DISCLAIMER) == f"{DISCLAIMER.title}. The full text is at the end of the sheet."


# Section headings and orphans, found in the article files


ARTICLE = """---
title: Cramps and recovery
summary: A short summary that the page shows first.
reviewed: 2026-11-24
---

# Cramps and recovery

Opening words before any section.

## How muscles *relax*

To relax, the cell pumps calcium back. See [what magnesium does](../basics.md) for more.

- numbness and tingling
- muscle **contractions** and cramps

```
# not a heading, just code
```

### Night cramps

| Group | Amount |
|---|---|
| Women | 310 |

Repeated sentence.

## Another section

Repeated sentence.
"""


@pytest.fixture
def lookup(tmp_path: Path) -> sheet_lookup.LibraryLookup:
    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / "cramps.md").write_text(ARTICLE, encoding="utf-8")
    return sheet_lookup.LibraryLookup(library.scan([library.ContentRoot(tmp_path)]))


def on_page(quote: str, prefix: str = "", suffix: str = "") -> Bookmark:
    return replace(bookmark("x", quote, article="topic/cramps"), prefix=prefix, suffix=suffix)


@pytest.mark.parametrize(
    ("quote", "heading"),
    [
        ("Opening words before any section.", ""),
        ("A short summary that the page shows first.", ""),
        ("To relax, the cell pumps calcium back. See what magnesium does for more.", "How muscles relax"),
        ("numbness and tingling\nmuscle contractions and cramps", "How muscles relax"),
        ("# not a heading, just code", "How muscles relax"),
        ("Women\n310", "Night cramps"),
        ("To relax, the cel pumps calcium back. See what magnesium does for more!", "How muscles relax"),
    ],
)
def test_a_passage_gets_the_heading_before_it(lookup: sheet_lookup.LibraryLookup, quote: str, heading: str):
    assert lookup.passage(on_page(quote)) == PassageInfo(heading, True)


def test_the_bookmarks_context_tells_repeated_passages_apart(lookup: sheet_lookup.LibraryLookup):
    assert lookup.passage(on_page("Repeated sentence.")).heading == "Night cramps"
    second = on_page("Repeated sentence.", prefix="Another section\n", suffix="\n\nNot medical advice")
    assert lookup.passage(second).heading == "Another section"


def test_a_passage_no_longer_in_the_article_or_a_missing_article_is_not_found(
    lookup: sheet_lookup.LibraryLookup,
):
    assert lookup.passage(on_page("Something the article never said at all.")) == PassageInfo("", False)
    assert lookup.passage(replace(on_page("Opening words"), article_id="gone")) == PassageInfo("", False)
    assert lookup.article("gone") is None
    assert lookup.article("topic/cramps") == ArticleInfo("Cramps and recovery", "2026-11-24", 0)


def test_gather_reads_the_store_and_the_library(lookup: sheet_lookup.LibraryLookup, tmp_path: Path):
    text = "Opening words before any section. Repeated sentence."
    with Store.open(tmp_path / "notes.sqlite3") as store:
        found = store.add_bookmark("topic/cramps", make_anchor(text, 0, 33, "h"))
        store.update_bookmark(found.id, include_in_sheet=True, note="Mine")
        store.add_note("Ask?", "Ask?", is_question=True)
        gathered = sheet.gather(store, SheetOptions(TODAY), lookup, DISCLAIMER)
    assert [q.text for q in gathered.questions] == ["Ask?"]
    (passage,) = gathered.passages
    assert (passage.article, passage.reviewed, passage.notes, passage.found) == (
        "Cramps and recovery",
        "2026-11-24",
        ("Mine",),
        True,
    )


def test_headings_after_a_tilde_fence_holding_a_backtick_line_are_still_sections():
    # The sheet had its own fence tracker: a ``` line inside a ~~~ block flipped it, and every later
    # heading was taken for code, so passages after it were put under the wrong section.
    text = "## Before\n\nWords.\n\n~~~\n```\ncode\n~~~\n\n## After\n\nLater words.\n"
    outline, marks = sheet_lookup.plain_outline(text)
    assert [heading for _at, heading in marks] == ["Before", "After"]
    assert outline.index("Later words") > marks[1][0]


def test_passages_of_articles_the_library_does_not_order_go_by_title_numbers_by_value():
    lookup = FakeLookup()
    lookup.articles = {  # articles gone from the library all come last, each at the same place
        "a": ArticleInfo("Day 10", "", order=9), "b": ArticleInfo("Day 2", "", order=9),
        "c": ArticleInfo("écho of a flare", "", order=9),
    }  # fmt: skip
    marks = [bookmark(f"{a}1", f"In {a}.", flagged=True, article=a) for a in "abc"]
    assert [p.article for p in content(marks, [], lookup).passages] == ["Day 2", "Day 10", "écho of a flare"]
