"""Where a bookmarked passage is in its article's Markdown: the section it sits under, for the sheet."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mgreader.core.library import frontmatter, headings
from mgreader.core.library.scan import Library, read_limited
from mgreader.core.notes.anchoring import Anchor, locate
from mgreader.core.render import includes
from mgreader.core.sheet.rules import ArticleInfo, PassageInfo

if TYPE_CHECKING:
    from mgreader.core.notes.store import Bookmark

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
                # A regular file inside its root only (issue 11): not a FIFO, nor a link out of the library.
                raw = read_limited(ref.path, within=ref.root)[0].decode("utf-8-sig", errors="replace")
            except OSError:
                raw = ""
            # A passage may be quoted from a box the article includes (the safety box): look there too.
            self._outlines[article_id] = plain_outline(includes.expand(raw, ref.root), ref.title)
        text, marks = self._outlines[article_id]
        return find_passage(text, marks, bookmark.quote, bookmark.prefix, bookmark.suffix)


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
    front, _error = frontmatter.read(markdown_text)
    fields, body = front.fields, front.body
    summary = fields.get("summary")
    header = [title, summary if isinstance(summary, str) else ""]
    pieces = [piece for piece in map(_plain, header) if piece]
    marks: list[tuple[int, str]] = []
    position = sum(len(p) + 1 for p in pieces)  # where the next piece starts in " ".join(pieces)
    for line, where in headings.fenced(body.splitlines()):
        if where == "fence":
            continue
        fence = where == "code"
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
