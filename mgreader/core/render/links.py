"""Decides what a clicked link does. Only articles inside the library open in the app; web addresses
need the reader's confirmation; everything else is refused with a reason."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mgreader.core.library.scan import ARTICLE_SUFFIX, ArticleRef, Library

# A link or picture source that names a scheme ("https:", "mailto:", "file:"): the one pattern for it.
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class OpenArticle:
    article_id: str
    anchor: str = ""


@dataclass(frozen=True)
class ScrollTo:
    anchor: str


@dataclass(frozen=True)
class ExternalLink:
    url: str


@dataclass(frozen=True)
class GlossaryTerm:
    anchor: str


@dataclass(frozen=True)
class Refused:
    reason: str


LinkAction = OpenArticle | ScrollTo | ExternalLink | GlossaryTerm | Refused

GLOSSARY_SCHEME = "glossary:"  # the links core.glossary puts on glossary terms


def resolve(href: str, current: ArticleRef, library: Library) -> LinkAction:
    href = href.strip()
    if not href:
        return Refused("This link is empty.")
    if href.startswith("#"):
        return ScrollTo(unquote(href[1:]))
    if href.startswith(GLOSSARY_SCHEME):
        return GlossaryTerm(href[len(GLOSSARY_SCHEME) :])
    if SCHEME.match(href):
        scheme = href.split(":", 1)[0].lower()
        if scheme in ("http", "https") and urlsplit(href).netloc:
            return ExternalLink(href)
        return Refused(f"Mg Reader does not open '{scheme}:' links.")
    path_part, _, anchor = href.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    if path_part.startswith(("/", "\\")) or "\\" in path_part:
        return Refused("This link points outside the library.")
    if not path_part.lower().endswith(ARTICLE_SUFFIX):
        return Refused("This link does not point to an article.")
    article_dir = posixpath.dirname(current.relpath)
    joined = posixpath.normpath(posixpath.join(article_dir, path_part))
    if joined.startswith(".."):
        return Refused("This link points outside the library.")
    target = library.find(current.root, joined)
    if target is None:
        return Refused(f"The article '{path_part}' is not in the library.")
    return OpenArticle(target.id, unquote(anchor))
