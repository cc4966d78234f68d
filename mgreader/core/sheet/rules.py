"""The appointment sheet (issue 7): what goes on it, and the sheet as Markdown, HTML and plain text.

Three steps, so that the rules can be tested without a store or Qt: ``select`` picks records by the rules
below, ``compose`` turns them into a ``SheetContent`` (looking up article titles, section headings and
reviewed dates through a ``Lookup``), and ``to_markdown`` / ``to_html`` / ``to_text`` render it.
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

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from mgreader.core.disclaimer import Disclaimer
from mgreader.core.errors import FrontMatterError
from mgreader.core.library import frontmatter, headings
from mgreader.core.library.scan import MAX_ARTICLE_BYTES, MINE_PREFIX, Library, display_name
from mgreader.core.notes.anchoring import Anchor, locate
from mgreader.core.render import includes
from mgreader.core.render.page import human_date

if TYPE_CHECKING:
    from mgreader.core.notes.store import Bookmark, Note, QuestionState, Store

# The settings key of the "about me" line: the dialog remembers it there and `mgreader export` reads it.
ABOUT_ME_SETTING = "sheet_about_me"
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

    @property
    def is_empty(self) -> bool:
        return not (self.questions or self.passages or self.notes)


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

    passages: list[tuple[tuple[int, str, int], Passage]] = []
    for b in selection.bookmarks:
        info = article(b.article_id)
        where = lookup.passage(b)
        quote, shortened = shorten_quote(_clean(b.quote))
        notes = tuple(n for n in (_clean(b.note).strip(), *under.get(b.id, ())) if n)
        passage = Passage(quote, shortened, info.title, where.heading, info.reviewed, notes, where.found)
        passages.append(((info.order, info.title.casefold(), b.start), passage))
    passages.sort(key=lambda pair: pair[0])

    state_order = {"to_ask": 0, "asked": 1, "answered": 2}
    questions = []
    for note in sorted(selection.questions, key=lambda n: state_order.get(n.question_state or "", 3)):
        title, body = _title_and_body(note)
        text, _, details = (title + "\n" + body if title and body else title or body).partition("\n")
        if not text.strip():
            continue
        questions.append(
            Question(text.strip(), details.strip(), note.question_state or "to_ask",
                     _clean(note.answer).strip(), about(note))
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


def source_line(passage: Passage) -> str:
    """'Sleep, section "Magnesium at night", reviewed 24 November 2026'."""
    parts = [passage.article]
    if passage.heading:
        parts.append(f"section \u201c{passage.heading}\u201d")
    if passage.reviewed:
        parts.append(f"reviewed {human_date(passage.reviewed)}")
    return ", ".join(parts)


def footer_text(disclaimer: Disclaimer) -> str:
    """The disclaimer's title and first paragraph, for the foot of every printed page."""
    first = disclaimer.paragraphs[0] if disclaimer.paragraphs else ""
    return f"{disclaimer.title}. {first.replace('**', '')}".strip()


# Rendering


def to_markdown(content: SheetContent) -> str:
    out = [f"# {_md(content.title)}", "", f"**{human_date(content.day.isoformat())}**"]
    if content.about_me:
        out += ["", f"About me: {_md(content.about_me)}"]
    if content.is_empty:
        out += ["", EMPTY_SHEET]
    if content.questions:
        out += ["", "## My questions", ""]
        for number, q in enumerate(content.questions, 1):
            lead = f"{number}. "
            out.append(lead + _md(q.text))
            for line in _question_extras(q):
                out += ["", _indent(_md(line, hard_breaks=True), " " * len(lead))]
    if content.passages:
        out += ["", "## What I read"]
        for p in content.passages:
            out += ["", _indent(_md(p.quote, hard_breaks=True), "> ")]
            out += ["", f"*{_md(source_line(p))}*"]
            out += [f"\n*{line}*" for line in _passage_remarks(p)]
            out += ["\n" + _md(f"My note: {note}", hard_breaks=True) for note in p.notes]
    if content.notes:
        out += ["", "## Other notes"]
        for n in content.notes:
            if n.title or n.about:
                out += ["", f"**{_md(n.title or 'Note')}**" + (f" ({_md(n.about)})" if n.about else "")]
            if n.body:
                out += ["", _md(n.body, hard_breaks=True)]
    out += ["", "---", "", f"**{_md(content.disclaimer.title)}**", ""]
    out += ["\n\n".join(content.disclaimer.paragraphs)]
    return "\n".join(out).rstrip() + "\n"


def to_text(content: SheetContent) -> str:
    """Plain text for an e-mail or a patient portal: no markup, no hard line wraps (the receiver wraps)."""
    out = [content.title, human_date(content.day.isoformat())]
    if content.about_me:
        out.append(f"About me: {content.about_me}")
    if content.is_empty:
        out += ["", EMPTY_SHEET]
    if content.questions:
        out += _text_heading("My questions")
        for number, q in enumerate(content.questions, 1):
            lead = f"{number}. "
            out.append(lead + q.text)
            out += [_indent(line, " " * len(lead)) for line in _question_extras(q)]
    if content.passages:
        out += _text_heading("What I read")
        for i, p in enumerate(content.passages):
            out += [""] if i else []
            out.append(_indent(f"\u201c{p.quote}\u201d", "  "))
            out.append(f"    \u2014 {source_line(p)}")
            out += [f"    {line}" for line in _passage_remarks(p)]
            out += [_indent(f"My note: {note}", "    ") for note in p.notes]
    if content.notes:
        out += _text_heading("Other notes")
        for i, n in enumerate(content.notes):
            out += [""] if i else []
            if n.title or n.about:
                out.append((n.title or "Note") + (f" ({n.about})" if n.about else ""))
            if n.body:
                out.append(n.body)
    out += ["", "-" * 40, content.disclaimer.title]
    out += [p.replace("**", "") for p in content.disclaimer.paragraphs]
    return "\n".join(out) + "\n"


# Qt's rich text (used for the PDF and the preview) understands this much CSS: no selectors beyond element
# and class, no borders on paragraphs. Colours stay dark on white for print and tired eyes.
_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: %(size)spt;
       color: #111; background: #fff; line-height: 140%%; max-width: 42em; margin: 1.5em auto; }
h1 { font-size: %(h1)spt; margin: 0 0 0.2em 0; }
h2 { font-size: %(h2)spt; margin: 1.2em 0 0.4em 0; }
p { margin: 0.4em 0; }
p.date { font-weight: bold; margin-top: 0; }
ol li { margin-bottom: 0.6em; }
blockquote { margin: 0.8em 0 0.2em 1.2em; }
p.quote { font-size: %(size)spt; }
p.source { color: #333; font-size: %(small)spt; margin: 0.2em 0 0.2em 1.2em; }
p.remark { color: #333; font-size: %(small)spt; font-style: italic; margin: 0.1em 0 0.2em 1.2em; }
p.note { margin: 0.3em 0 1em 1.2em; }
p.about { color: #333; font-size: %(small)spt; }
.label { font-weight: bold; }
footer, div.disclaimer { font-size: %(small)spt; color: #222; margin-top: 2em; }
hr { margin-top: 2em; }
"""


def to_html(content: SheetContent, large_print: bool = True) -> str:
    """A self-contained page: inline stylesheet, no scripts, no outside resources, every text escaped.

    Each section, question, passage and note begins with an element with an id: besides being link
    targets, they tell ``sheet_pdf`` which blocks belong together on a page."""
    size = 15.0 if large_print else 11.0
    css = _CSS % {"size": f"{size:g}", "small": f"{size * 0.87:.1f}", "h1": f"{size * 1.6:.1f}",
                  "h2": f"{size * 1.3:.1f}"}  # fmt: skip
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(content.title)}</title><style>{css}</style></head><body>",
        f"<h1>{_esc(content.title)}</h1>",
        f'<p class="date">{_esc(human_date(content.day.isoformat()))}</p>',
    ]
    if content.about_me:
        out.append(f'<p><span class="label">About me:</span> {_esc(content.about_me)}</p>')
    if content.is_empty:
        out.append(f"<p>{_esc(EMPTY_SHEET)}</p>")
    if content.questions:
        out += ['<h2 id="questions">My questions</h2>', "<ol>"]
        for number, q in enumerate(content.questions, 1):
            extras = "".join(f"<br>{_rich(line)}" for line in _question_extras(q))
            out.append(f'<li id="question-{number}"><b>{_esc(q.text)}</b>{extras}</li>')
        out.append("</ol>")
    if content.passages:
        out.append('<h2 id="reading">What I read</h2>')
        for number, p in enumerate(content.passages, 1):
            quote = _esc(f"\u201c{p.quote}\u201d").replace("\n", "<br>")
            out.append(f'<blockquote id="passage-{number}"><p class="quote">{quote}</p></blockquote>')
            out.append(f'<p class="source">{_esc(source_line(p))}</p>')
            out += [f'<p class="remark">{_esc(line)}</p>' for line in _passage_remarks(p)]
            out += [f'<p class="note"><span class="label">My note:</span> {_rich(n)}</p>' for n in p.notes]
    if content.notes:
        out.append('<h2 id="notes">Other notes</h2>')
        for number, n in enumerate(content.notes, 1):
            about = f' <span class="about">({_esc(n.about)})</span>' if n.about else ""
            out.append(f'<p id="note-{number}"><b>{_esc(n.title or "Note")}</b>{about}</p>')
            if n.body:
                out.append(f'<p class="note">{_rich(n.body)}</p>')
    out += ["<hr>", '<footer><div class="disclaimer">']
    out += [f'<p id="disclaimer"><b>{_esc(content.disclaimer.title)}</b></p>']
    out += [content.disclaimer.to_html(), "</div></footer>", "</body></html>"]
    return "\n".join(out) + "\n"


def _question_extras(q: Question) -> list[str]:
    lines = [q.details] if q.details else []
    if q.about:
        lines.append(f"About: {q.about}")
    if q.state == "answered":
        lines.append(f"Answer: {q.answer}" if q.answer else "Answered.")
    elif q.state == "asked":
        lines.append("Asked before" + (f"; answer: {q.answer}" if q.answer else "; no answer written down."))
    return lines


def _passage_remarks(p: Passage) -> list[str]:
    return ([] if p.found else [NOT_FOUND]) + ([SHORTENED] if p.shortened else [])


def _text_heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _rich(text: str) -> str:
    """The reader's own text as HTML: escaped, line breaks kept, **bold** shown as bold."""
    escaped = _esc(text)
    return re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<b>\1</b>", escaped).replace("\n", "<br>")


# Line starts that would make a heading or a rule (a setext underline, "---", "***", "___").
_MD_LINE_START = re.compile(r"^(\s*)(#|=+\s*$|-+\s*$|\*{3,}\s*$|_{3,}\s*$)")


def _md(text: str, hard_breaks: bool = False) -> str:
    """The reader's text, safe inside the sheet's Markdown: it cannot make headings or rules that break the
    sheet's structure, raw HTML, or pictures (which a viewer might fetch). Lists and emphasis stay."""
    lines = []
    for line in text.split("\n"):
        # An entity, not "\\<": python-markdown, unlike CommonMark, does not take that escape.
        line = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", line).replace("![", "\\![")
        line = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(line)
    return ("  \n" if hard_breaks else "\n").join(lines)


# Where a passage is in an article's Markdown


class LibraryLookup:
    """Article titles and reviewed dates from the library, section headings from the article files.

    A quote comes from the rendered page, so it is looked for in a plain version of the Markdown (markup,
    link targets and extra spaces removed), exactly and then approximately. Each file is read once."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._order = {ref.id: i for i, ref in enumerate(library.in_order())}
        self._outlines: dict[str, tuple[str, list[tuple[int, str]]]] = {}

    def article(self, article_id: str) -> ArticleInfo | None:
        ref = self._library.get(article_id)
        if ref is None:
            return None
        return ArticleInfo(ref.title, ref.reviewed, self._order.get(article_id, len(self._order)))

    def passage(self, bookmark: Bookmark) -> PassageInfo:
        article_id = bookmark.article_id
        ref = self._library.get(article_id)
        if ref is None:
            return PassageInfo(found=False)
        if article_id not in self._outlines:
            try:
                with ref.path.open("rb") as handle:
                    raw = handle.read(MAX_ARTICLE_BYTES + 1).decode("utf-8-sig", errors="replace")
            except OSError:
                raw = ""
            # A passage may be quoted from a box the article includes (the safety box): look there too.
            self._outlines[article_id] = plain_outline(includes.expand(raw, ref.root), ref.title)
        text, marks = self._outlines[article_id]
        return find_passage(text, marks, bookmark.quote, bookmark.prefix, bookmark.suffix)


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BLOCK_MARKS = re.compile(r"^\s*(?:>\s*)*(?:[-+*]\s+|\d+[.)]\s+)?")
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_INLINE_MARKUP = re.compile(r"[*_`~]|\\(?=[^\w\s])|\{[:#.][^}]*\}")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})


def _plain(text: str) -> str:
    return " ".join(_INLINE_MARKUP.sub("", text.translate(_QUOTES)).split())


def plain_outline(markdown_text: str, title: str = "") -> tuple[str, list[tuple[int, str]]]:
    """The article's words as one line, and where each heading starts in it. The title and summary come
    first, as on the page; a heading that repeats the title is not a section."""
    try:
        front = frontmatter.split(markdown_text)
        fields, body = front.fields, front.body
    except FrontMatterError:
        fields, body = {}, frontmatter.strip_unreadable(markdown_text)
    summary = fields.get("summary")
    header = [title, summary if isinstance(summary, str) else ""]
    pieces = [piece for piece in map(_plain, header) if piece]
    marks: list[tuple[int, str]] = []
    position = sum(len(p) + 1 for p in pieces)  # where the next piece starts in " ".join(pieces)
    fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            fence = not fence
            continue
        if not fence and _TABLE_RULE.match(line):
            continue
        found = [] if fence else headings.scan(line, levels=range(1, 7))
        if found:
            line = found[0].text
        elif not fence:
            line = html.unescape(_LINK.sub(r"\1", _BLOCK_MARKS.sub("", line, count=1))).replace("|", " ")
        piece = _plain(line)
        if not piece:
            continue
        if found and found[0].text != title:
            marks.append((position, found[0].text))
        pieces.append(piece)
        position += len(piece) + 1
    return " ".join(pieces), marks


def find_passage(
    text: str, marks: Sequence[tuple[int, str]], quote: str, prefix: str = "", suffix: str = ""
) -> PassageInfo:
    """Where ``quote`` is in ``text`` (from ``plain_outline``), and the heading before it. The context the
    bookmark kept around its quote tells apart a passage that occurs more than once."""
    needle = _plain(quote)
    if not needle:
        return PassageInfo(found=False)
    before = _plain(prefix) + (" " if prefix[-1:].isspace() else "")
    after = (" " if suffix[:1].isspace() else "") + _plain(suffix)
    where = locate(Anchor(needle, before.lstrip(), after.rstrip(), 0, ""), text)
    if where is None:
        return PassageInfo(found=False)
    heading = ""
    for start, name in marks:
        if start > where.start:
            break
        heading = name
    return PassageInfo(heading, True)
