"""Text in and out of the search index, without SQL: what is indexed, how a query is read, what a hit shows.

In: ``plain_text`` turns the renderer's HTML into the text the reader sees, and ``article_text`` makes it
an ``ArticleText`` (the index is built from rendered text, not from Markdown).

Queries: the reader's text is never passed to FTS5 as query syntax. Every word becomes a quoted FTS5
string, so ``AND``, ``NEAR(``, ``*``, ``^``, ``a:b``, ``-x`` and parentheses are plain words (or, when they
hold no letters or digits, nothing at all), and no input can be a syntax error (issue 5). The rules:

- A pair of double quotes makes a phrase: those words, in that order, as whole words.
- Every other word matches as a word *prefix* ("magn" finds "magnesium"), not only the last one: readers
  type stems and abbreviations ("magn cit", "vit d") and expect each to narrow the results. Only a
  one-letter word before the last is matched whole ("vitamin d levels", "type 2 diabetes").
- All words and phrases must match. A quote without a partner is ignored, so a phrase still being typed
  (``"magnesium cit``) works as plain words until it is closed.
- Case and accents never matter: index and query share the tokenizer ``unicode61 remove_diacritics 2``,
  and both are NFC-normalised so that decomposed accents fold too.

Out: ``make_hit`` picks the snippet to show and finds the matched words in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser

from mgreader.core.library.scan import ArticleRef, Library, Topic
from mgreader.core.render.markdown import RenderedBody

# Snippets wrap each matched word in these; the UI turns them into emphasis. They are control characters,
# which indexed text never contains (strip_controls).
MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "\u2026"

# Longer input is cut: nobody types more, and a pasted page should not become a thousand-term query.
MAX_QUERY_CHARS = 500
MAX_TERMS = 16


class DocKind(StrEnum):
    ARTICLE = "article"
    BOOKMARK = "bookmark"
    NOTE = "note"
    CHECKIN = "checkin"


# What each index column (title, topic, headings, body) holds for each kind; Hit.field is one of these.
FIELDS: dict[DocKind, tuple[str, str, str, str]] = {
    DocKind.ARTICLE: ("title", "topic", "headings", "body"),
    DocKind.BOOKMARK: ("", "", "note", "quote"),
    DocKind.NOTE: ("title", "", "", "body"),
    DocKind.CHECKIN: ("title", "", "", "body"),
}


@dataclass(frozen=True)
class ArticleText:
    """What is indexed of an article: its title, topic, headings (one per line) and body text."""

    title: str
    topic: str
    headings: str
    body: str


@dataclass(frozen=True)
class BookmarkText:
    id: str
    article_id: str
    quote: str
    note: str = ""


@dataclass(frozen=True)
class NoteText:
    id: str
    title: str
    body: str
    article_id: str | None = None


@dataclass(frozen=True)
class CheckinText:
    """A day's check-in as search sees it: ``id`` is the ISO day, the body its symptoms and line of text."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Hit:
    """One search result.

    ``title`` and ``topic`` are what the result list shows: for an article its title and topic; for a
    bookmark the title and topic of its article; for a note its own title and, when it is on an article,
    that article's title as ``topic``. ``snippet`` is one line, each matched word between MARK_START and
    MARK_END. ``field`` names where the match is (FIELDS: 'title', 'body', 'quote', 'note', ...; for an
    article matched only by its title, the snippet is the beginning of its body). ``match`` is the first run
    of matched words as written ('Magnésium citrate'), ``context`` the snippet's text without markers: to
    show the match in the page, find ``context`` (white space normalised), then ``match`` inside it.
    ``score``: higher is better (bm25, negated).
    """

    kind: DocKind
    id: str
    article_id: str | None
    title: str
    topic: str
    snippet: str
    score: float
    field: str
    match: str
    context: str


# Indexed text


def plain_text(body_html: str) -> str:
    """The text of the renderer's HTML: tags removed, entities decoded, one line per block element."""
    parser = _TextParser()
    parser.feed(body_html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return strip_controls("\n".join(line for line in lines if line))


_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
# The footnote extension's way back to the text: a sign, not a word.
_BACKREF = str.maketrans("", "", "\u21a9\ufe0e")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" " if tag in ("td", "th") else "\n")
        if tag == "pre":
            self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" " if tag in ("td", "th") else "\n")
        if tag == "pre" and self._pre:
            self._pre -= 1

    def handle_data(self, data: str) -> None:
        data = data.translate(_BACKREF)
        # Outside <pre>, a line break in the source is only a space in the page.
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def article_text(ref: ArticleRef, topic: str, body: RenderedBody) -> ArticleText:
    """The indexed text of a rendered article. The summary (shown in the page header) leads the body."""
    text = plain_text(body.html)
    return ArticleText(
        ref.title,
        topic,
        "\n".join(h.text for h in body.headings or ref.headings),
        f"{ref.summary}\n{text}" if ref.summary else text,
    )


def topics_by_article(library: Library, separator: str = " \u203a ") -> dict[str, str]:
    """Each article's topic, nested topics joined: {'a/b/c': 'A › B'}, {'mine:x': 'My articles'}."""
    found: dict[str, str] = {}

    def walk(topics: tuple[Topic, ...], trail: tuple[str, ...]) -> None:
        for topic in topics:
            path = (*trail, topic.title)
            found.update((article.id, separator.join(path)) for article in topic.articles)
            walk(topic.topics, path)

    walk(library.topics, ())
    return found


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_BREAKS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # line breaks and tabs stay


# Long text is worked on in pieces of about this many characters, each cut after a line break (NFC never
# joins across one): one C call over megabytes holds the interpreter lock for tens of milliseconds, and the
# window's thread waits that long (issue 11: the indexer's thread, at every save of a long note).
PIECE_CHARS = 65_536


def strip_controls(text: str) -> str:
    """Text fit for the index: NFC, and no control characters but line breaks and tabs (so the snippet
    markers cannot occur in it)."""
    if len(text) <= PIECE_CHARS:
        return _strip_controls(text)
    return "".join(map(_strip_controls, _pieces(text)))


def _strip_controls(text: str) -> str:
    return unicodedata.normalize("NFC", _CONTROL_BUT_BREAKS.sub(" ", text))


def _pieces(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        cut = text.find("\n", start + PIECE_CHARS)
        end = len(text) if cut < 0 else cut + 1
        yield text[start:end]
        start = end


# Queries

_PIECE = re.compile(r'"([^"]*)"|([^\s"]+)')


def fts_query(text: str) -> str | None:
    """The FTS5 MATCH expression for what the reader typed, or None when it holds nothing to look for."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text[:MAX_QUERY_CHARS]))
    if text.count('"') % 2:
        # The last quote has no partner: drop it, so the words after it are plain words.
        cut = text.rindex('"')
        text = text[:cut] + " " + text[cut + 1 :]
    pieces = [(m.group(1), m.group(2)) for m in _PIECE.finditer(text)]
    terms: dict[str, None] = {}  # in order, without repeats: a repeated word narrows nothing
    for n, (phrase, word) in enumerate(pieces):
        if phrase is not None and _has_token(phrase):
            terms[_quoted(phrase)] = None
        elif word is not None and _has_token(word):
            # A one-letter word that is not the last is finished ("vitamin d levels", "type 2 diabetes"):
            # as a prefix it would match every word with that initial, slowly and for nothing.
            prefix = len(word) > 1 or n == len(pieces) - 1
            terms[_quoted(word) + ("*" if prefix else "")] = None
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms) or None


def _has_token(piece: str) -> bool:
    """Whether the tokenizer finds a word in ``piece``: unicode61 keeps letters, numbers, marks and
    private-use characters and splits on everything else. (A piece without any is dropped: FTS5 would
    ignore it anyway, and ``""*`` is best not tried.)"""
    return any(unicodedata.category(c)[0] in "LNM" or unicodedata.category(c) == "Co" for c in piece)


def _quoted(piece: str) -> str:
    return '"' + piece.replace('"', '""') + '"'


# Hits

_MARKED = re.escape(MARK_START) + "[^" + MARK_END + "]*" + re.escape(MARK_END)
# Matched words separated only by spaces or punctuation are one run: "magnesium citrate", "x-ray".
_MARKED_RUN = re.compile(f"{_MARKED}(?:[^\\w{MARK_START}{MARK_END}]{{1,3}}{_MARKED})*")
_SPACE = re.compile(r"\s+")


def make_hit(
    kind: DocKind,
    doc_id: str,
    article_id: str | None,
    title: str,
    topic: str,
    score: float,
    snippets: tuple[str, str, str],
) -> Hit:
    """A hit from the snippets FTS5 made of the title, headings and body columns."""
    column, raw = _pick_snippet(*snippets)
    snippet = _SPACE.sub(" ", raw).strip()
    found = _MARKED_RUN.search(snippet)
    match = unmarked(found.group(0)) if found else ""
    return Hit(
        kind, doc_id, article_id, title, topic, snippet, score, FIELDS[kind][column], match, unmarked(snippet)
    )


def _pick_snippet(title: str, headings: str, body: str) -> tuple[int, str]:
    """The column where the match is (an index into FIELDS) and the snippet to show: the body's or the
    headings' when the match is there; for a title-only match, the beginning of the body if any."""
    if MARK_START in body:
        return 3, body
    if MARK_START in headings:
        return 2, headings
    matched = 0 if MARK_START in title else 1  # no mark anywhere: the topic matched
    return (matched, body) if body.strip() else (matched, title)


def unmarked(snippet: str) -> str:
    """The snippet's text without markers or the ellipses FTS5 adds where it cut the text."""
    text = snippet.replace(MARK_START, "").replace(MARK_END, "")
    text = text.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS)
    return text.strip()
