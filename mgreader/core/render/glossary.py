"""Glossary terms in articles: the terms and their plain-language meanings, read from the glossary article,
and the first use of each term in an article marked so the reader can hover for its meaning or click
through to the glossary."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from mgreader.core.files import read_regular
from mgreader.core.library import frontmatter, headings
from mgreader.core.library.scan import MAX_ARTICLE_BYTES

SCHEME = "glossary:"  # links.GLOSSARY_SCHEME
# Sections of the glossary article that are not terms.
NOT_TERMS = {"related articles", "sources", "key points"}
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]")
_TAG = re.compile(r"(<[^>]+>)")
# Text inside these elements is never marked: headings, links, code, and marks already made.
_SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


@dataclass(frozen=True)
class Term:
    term: str
    anchor: str
    meaning: str


@dataclass(frozen=True)
class Glossary:
    article_id: str
    terms: tuple[Term, ...]

    def by_anchor(self, anchor: str) -> Term | None:
        return next((t for t in self.terms if t.anchor == anchor), None)

    def pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        # Longest first, so "Mg-ATP" wins over "ATP"; a plural 's' is allowed after a term.
        names = sorted((t.term for t in self.terms), key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        return re.compile(rf"(?<![\w-])({alternatives})(?:s|es)?(?![\w-])", re.IGNORECASE)


def parse(article_id: str, text: str) -> Glossary:
    """The terms of a glossary article: each '## Term' heading and the first paragraph under it."""
    # The block of details is skipped, not parsed: none of it is needed here (and YAML is slow to start).
    body = frontmatter.strip_unreadable(text)
    terms: list[Term] = []
    taken: set[str] = set()
    for section in re.split(r"^##[ \t]+", body, flags=re.MULTILINE)[1:]:
        title, _, rest = section.partition("\n")
        name = headings.plain_heading_text(title)
        anchor = headings.unique(headings.slugify(name), taken)
        paragraph = next((p for p in re.split(r"\n\s*\n", rest) if p.strip()), "")
        meaning = _MARKUP.sub("", _LINK.sub(r"\1", " ".join(paragraph.split())))
        if name and meaning and name.lower() not in NOT_TERMS:
            terms.append(Term(name, anchor, meaning))
    return Glossary(article_id, tuple(terms))


def load(article_id: str, path: Path) -> Glossary:
    try:
        data = read_regular(path, MAX_ARTICLE_BYTES)[:MAX_ARTICLE_BYTES]
        return parse(article_id, data.decode("utf-8-sig", errors="replace"))
    except OSError:
        return Glossary(article_id, ())


def mark_terms(body_html: str, glossary: Glossary) -> str:
    """The first use of each term in ``body_html`` wrapped in a link to its glossary entry; text in headings,
    links and code is left alone."""
    pattern = glossary.pattern()
    if pattern is None:
        return body_html
    anchors = {t.term.lower(): t for t in glossary.terms}
    seen: set[str] = set()
    open_skips = 0
    out: list[str] = []
    for piece in _TAG.split(body_html):
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if name in _SKIP:
                open_skips += -1 if piece.startswith("</") else 1
            out.append(piece)
            continue
        if open_skips > 0 or not piece.strip():
            out.append(piece)
            continue

        def mark(match: re.Match[str]) -> str:
            term = anchors[match.group(1).lower()]
            if term.term.lower() in seen:
                return match.group(0)
            seen.add(term.term.lower())
            title = html.escape(term.meaning, quote=True)
            return f'<a class="term" href="{SCHEME}{term.anchor}" title="{title}">{match.group(0)}</a>'

        out.append(pattern.sub(mark, piece))
    return "".join(out)
