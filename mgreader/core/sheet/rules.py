"""The appointment sheet (issue 7): what goes on it, gathered into a ``SheetContent``.

Three steps, so that the rules can be tested without a store or Qt: ``select`` picks records by the rules
below, ``compose`` turns them into a ``SheetContent`` (looking up article titles, section headings and
reviewed dates through a ``Lookup``), and ``formats.to_markdown`` / ``to_html`` / ``to_text`` render it.
``gather`` does the first two from a ``Store``. The PDF is drawn from the same HTML by
``mgreader.ui.sheet.sheet_pdf``.

What goes on the sheet by default:
- every bookmark flagged "include in appointment sheet";
- every question still "to ask", however old: this is how unanswered questions carry forward. A question
  marked "asked" (asked at a visit, whether or not an answer was written down) or "answered" is done and
  stays off unless ticked, or with ``include_all``; asking again is one click back to "to ask";
- the notes on a chosen bookmark (under its passage).
``include_all`` adds every bookmark, note and question. ``since`` keeps only records changed on or after
that day ("since my last appointment"), except questions still to ask, which always carry forward.
A tick wins over all of that: ids in ``include`` are added, ids in ``exclude`` are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from mgreader.core.disclaimer import Disclaimer
from mgreader.core.library.scan import MINE_PREFIX, display_name
from mgreader.core.notes.placement import shorten
from mgreader.core.notes.records import QUESTION_STATE_LABELS
from mgreader.core.settings import ABOUT_ME_SETTING as ABOUT_ME_SETTING  # the sheet's name for it
from mgreader.core.sort_key import NameKey, name_key

if TYPE_CHECKING:
    from mgreader.core.notes.store import Bookmark, Note, QuestionState, Store
    from mgreader.core.sheet.parts import Medicines, SinceVisit

DEFAULT_TITLE = "For my appointment"
# A passage longer than this keeps its beginning and end, with "[…]" where the middle was left out: a
# sheet is for scanning, and the whole passage is in the article.
MAX_QUOTE_CHARS = 600
ELLIPSIS = "[\u2026]"
EMPTY_SHEET = "Nothing is chosen for this sheet yet."
NOT_FOUND = "This passage is no longer in the current version of the article."
SHORTENED = "Shortened: the middle of this passage is left out."
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class SheetOptions:
    today: date = field(default_factory=date.today)
    title: str = ""
    about_me: str = ""
    since: date | None = None
    include_all: bool = False
    include: frozenset[str] = frozenset()  # ids of bookmarks or notes ticked on (uuid4: never shared)
    exclude: frozenset[str] = frozenset()  # ... and ticked off; wins over everything
    since_last_visit: bool = False  # add "Since my last visit" (see core.sheet.since)


@dataclass(frozen=True)
class Selection:
    bookmarks: tuple[Bookmark, ...]
    questions: tuple[Note, ...]
    notes: tuple[Note, ...]

    @property
    def ids(self) -> frozenset[str]:
        """What the sheet dialog shows ticked."""
        return frozenset(b.id for b in self.bookmarks) | {n.id for n in (*self.questions, *self.notes)}


@dataclass(frozen=True)
class ArticleInfo:
    title: str
    reviewed: str = ""  # ISO date as written in the article, or ""
    order: int = 0  # position in the library, for the order of passages


@dataclass(frozen=True)
class PassageInfo:
    heading: str = ""  # the nearest heading before the passage, "" when none or not found
    found: bool = True


class Lookup(Protocol):
    """What the sheet needs to know about articles; ``LibraryLookup`` reads it from the library files."""

    def article(self, article_id: str) -> ArticleInfo | None: ...  # None: no longer in the library

    def passage(self, bookmark: Bookmark) -> PassageInfo: ...


@dataclass(frozen=True)
class Question:
    text: str
    details: str
    state: QuestionState
    answer: str
    about: str  # the article it is attached to, or ""
    starred: bool = False  # one of the reader's top questions (the first three go first, on page 1)


@dataclass(frozen=True)
class Passage:
    quote: str  # lines separated by "\n"
    shortened: bool
    article: str
    heading: str
    reviewed: str
    notes: tuple[str, ...]
    found: bool


@dataclass(frozen=True)
class OtherNote:
    title: str
    body: str
    about: str


@dataclass(frozen=True)
class SheetContent:
    title: str
    about_me: str
    day: date
    questions: tuple[Question, ...]
    passages: tuple[Passage, ...]
    notes: tuple[OtherNote, ...]
    disclaimer: Disclaimer
    since: SinceVisit | None = None
    no_visit: bool = False  # "Since my last visit" was asked for, and no visit is recorded
    medicines: Medicines | None = None
    brief: tuple[tuple[str, str], ...] = ()  # "My illness in brief": (label, text), first on page 1

    @property
    def is_empty(self) -> bool:
        medicines = self.medicines is not None and bool(self.medicines.lines)
        parts = (self.questions, self.passages, self.notes, self.since, self.no_visit, medicines, self.brief)
        return not any(parts)


# Selection


def select(bookmarks: Iterable[Bookmark], notes: Iterable[Note], options: SheetOptions) -> Selection:
    """The records on the sheet, by the rules in this module's docstring; oldest first."""

    def chosen(record_id: str, default: bool) -> bool:
        if record_id in options.exclude:
            return False
        return record_id in options.include or default

    def recent(stamp: str) -> bool:
        return options.since is None or _local_day(stamp) >= options.since

    picked = [
        b
        for b in bookmarks
        if chosen(b.id, (options.include_all or b.include_in_sheet) and recent(b.updated))
    ]
    on_picked = {b.id for b in picked}
    questions, others = [], []
    for note in notes:
        if note.is_question:
            carried = note.question_state == "to_ask"
            if chosen(note.id, carried or (options.include_all and recent(note.updated))):
                questions.append(note)
        elif chosen(note.id, note.bookmark_id in on_picked or (options.include_all and recent(note.updated))):
            others.append(note)
    return Selection(
        tuple(sorted(picked, key=lambda b: b.created)),
        tuple(sorted(questions, key=lambda n: n.created)),
        tuple(sorted(others, key=lambda n: n.created)),
    )


def _local_day(stamp: str) -> date:
    try:
        return datetime.fromisoformat(stamp).astimezone().date()
    except ValueError:
        return date.min


# The tick list: every record the reader may put on the sheet or take off it


def tick_labels(
    bookmarks: Iterable[Bookmark], notes: Iterable[Note], width: int = 90
) -> list[tuple[str, str]]:
    """(id, label) for the dialog's tick list, in its order: questions with their state ("Question (to
    ask): ..."), passages in quotes, then notes of their own. A note on a passage is not listed: it goes on
    the sheet with its passage. Labels are shortened to about ``width`` characters, at a word."""
    notes = list(notes)
    rows: list[tuple[str, str]] = []
    for one in notes:
        if one.is_question:
            state = QUESTION_STATE_LABELS[one.question_state or "to_ask"].lower()
            rows.append((one.id, f"Question ({state}): {shorten(one.body or one.title, width)}"))
    rows += [(b.id, f"Passage: \u201c{shorten(b.quote, width)}\u201d") for b in bookmarks]
    for one in notes:
        if not one.is_question and one.bookmark_id is None:
            rows.append((one.id, f"Note: {shorten(one.title or one.body, width)}"))
    return rows


# Content


def gather(store: Store, options: SheetOptions, lookup: Lookup, disclaimer: Disclaimer) -> SheetContent:
    """The sheet for the records in ``store``. Raises the store's errors (StoreError and its kin)."""
    return compose(select(store.all_bookmarks(), store.notes(), options), options, lookup, disclaimer)


def compose(
    selection: Selection, options: SheetOptions, lookup: Lookup, disclaimer: Disclaimer
) -> SheetContent:
    articles: dict[str, ArticleInfo] = {}

    def article(article_id: str) -> ArticleInfo:
        if article_id not in articles:
            found = lookup.article(article_id)
            articles[article_id] = found or ArticleInfo(_gone_title(article_id), order=10**9)
        return articles[article_id]

    def about(note: Note) -> str:
        return article(note.article_id).title if note.article_id else ""

    chosen = {b.id for b in selection.bookmarks}
    under: dict[str, list[str]] = {}
    others: list[OtherNote] = []
    for note in selection.notes:
        title, body = _title_and_body(note)
        if note.bookmark_id is not None and note.bookmark_id in chosen:
            under.setdefault(note.bookmark_id, []).append("\n".join(filter(None, (title, body))))
        elif title or body:  # an empty note (made, never written in) has nothing to say
            if not title:
                title, _, body = body.partition("\n")
            others.append(OtherNote(title.strip(), body.strip(), about(note)))

    passages: list[tuple[tuple[int, NameKey, int], Passage]] = []
    for b in selection.bookmarks:
        info = article(b.article_id)
        where = lookup.passage(b)
        quote, shortened = shorten_quote(_clean(b.quote))
        notes = tuple(n for n in (_clean(b.note).strip(), *under.get(b.id, ())) if n)
        passage = Passage(quote, shortened, info.title, where.heading, info.reviewed, notes, where.found)
        passages.append(((info.order, name_key(info.title), b.start), passage))
    passages.sort(key=lambda pair: pair[0])

    state_order = {"to_ask": 0, "asked": 1, "answered": 2}
    questions = []
    ordered = sorted(
        selection.questions, key=lambda n: (not n.starred, state_order.get(n.question_state or "", 3))
    )
    for note in ordered:
        title, body = _title_and_body(note)
        text, _, details = (title + "\n" + body if title and body else title or body).partition("\n")
        if not text.strip():
            continue
        questions.append(
            Question(text.strip(), details.strip(), note.question_state or "to_ask",
                     _clean(note.answer).strip(), about(note), note.starred)
        )  # fmt: skip
    return SheetContent(
        _clean(options.title).strip() or DEFAULT_TITLE,
        " ".join(_clean(options.about_me).split()),
        options.today,
        tuple(questions),
        tuple(p for _, p in passages),
        tuple(others),
        disclaimer,
    )


def _clean(text: str) -> str:
    """Without control characters, which no output format can show (and a PDF writer may choke on)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


def _title_and_body(note: Note) -> tuple[str, str]:
    """The editor makes a note's first line its title; show it once. An empty title comes from the body."""
    title, body = _clean(note.title).strip(), _clean(note.body).strip()
    if not title or body.startswith(title):
        return "", body
    return title, body


def _gone_title(article_id: str) -> str:
    name = article_id.removeprefix(MINE_PREFIX).rsplit("/", 1)[-1]
    return f"{display_name(name)[1]} (no longer in the library)"


def shorten_quote(quote: str, limit: int = MAX_QUOTE_CHARS) -> tuple[str, bool]:
    """The quote with its lines tidied; a long one keeps about two thirds of ``limit`` from its start and a
    third from its end, cut at a sentence (else a word) boundary, with ``ELLIPSIS`` where the cut is."""
    text = "\n".join(line for line in (" ".join(raw.split()) for raw in quote.splitlines()) if line)
    if len(text) <= limit:
        return text, False
    head, tail = text[: limit * 2 // 3], text[-(limit // 3) :]
    sentence = max(head.rfind(". "), head.rfind("\n"))
    head = head[: sentence + 1] if sentence > len(head) // 2 else head[: max(head.rfind(" "), 1)]
    starts = [i for i in (tail.find(". "), tail.find("\n")) if 0 <= i < len(tail) // 2]
    tail = tail[min(starts) + 1 :] if starts else tail[tail.find(" ") + 1 :]
    return f"{head.rstrip()} {ELLIPSIS} {tail.strip()}", True
