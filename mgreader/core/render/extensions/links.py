"""Decides what a clicked link does. Only articles inside the library open in the app; web addresses
need the reader's confirmation; everything else is refused with a reason.

Links to notes are read as GitHub and Obsidian read them: a folder link (``../zinc/``) opens the folder's
README.md or index.md; a link without ``.md`` finds the file; ``[[Note]]`` (a ``wikilink:`` address, see
gfm.py) is looked up by file name in the same library, its ``#Heading`` by GitHub's anchor for it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mgreader.core.library.headings import github_slug
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
WIKILINK_SCHEME = "wikilink:"  # the links gfm.py makes of [[Note]] (the same constant there)
FOLDER_PAGES = ("README.md", "readme.md", "Readme.md", "index.md", "_index.md", "INDEX.md")


def resolve(href: str, current: ArticleRef, library: Library) -> LinkAction:
    href = href.strip()
    if not href:
        return Refused("This link is empty.")
    if href.startswith("#"):
        return ScrollTo(unquote(href[1:]))
    if href.startswith(GLOSSARY_SCHEME):
        return GlossaryTerm(href[len(GLOSSARY_SCHEME) :])
    if href.startswith(WIKILINK_SCHEME):
        return _wikilink(href[len(WIKILINK_SCHEME) :], current, library)
    if SCHEME.match(href):
        scheme = href.split(":", 1)[0].lower()
        if scheme in ("http", "https") and urlsplit(href).netloc:
            return ExternalLink(href)
        return Refused(f"Mg Reader does not open '{scheme}:' links.")
    path_part, _, anchor = href.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    if path_part.startswith(("/", "\\")) or "\\" in path_part:
        return Refused("This link points outside the library.")
    article_dir = posixpath.dirname(current.relpath)
    joined = posixpath.normpath(posixpath.join(article_dir, path_part))
    if joined.startswith(".."):
        return Refused("This link points outside the library.")
    if joined == ".":
        joined = ""
    target = _note_at(library, current.root, joined)
    if target is None:
        if posixpath.splitext(path_part.rstrip("/"))[1] and not path_part.lower().endswith(ARTICLE_SUFFIX):
            return Refused("This link does not point to an article.")
        return Refused(f"The article '{path_part}' is not in the library.")
    return OpenArticle(target.id, unquote(anchor))


def _note_at(library: Library, root: Path, joined: str) -> ArticleRef | None:
    """The note a path means on GitHub: the file itself, the file with '.md' added, or a folder's page."""
    candidates = [joined] if joined.lower().endswith(ARTICLE_SUFFIX) else []
    if joined:
        candidates.append(joined + ARTICLE_SUFFIX)
    folder = f"{joined}/" if joined else ""
    candidates.extend(folder + page for page in FOLDER_PAGES)
    return next((f for c in candidates if (f := library.find(root, c)) is not None), None)


def _wikilink(target: str, current: ArticleRef, library: Library) -> LinkAction:
    """[[Note]], [[folder/Note]], [[Note#Heading]] and [[#Heading]]: by file name, in the same library."""
    name, _, heading = unquote(target).partition("#")
    anchor = github_slug(heading) if heading else ""
    name = name.strip().removesuffix(ARTICLE_SUFFIX)
    if not name:
        return ScrollTo(anchor)
    wanted = name.casefold()
    matches = [
        ref
        for ref in library.articles.values()
        if ref.root == current.root
        and (ref.relpath[: -len(ARTICLE_SUFFIX)].casefold() == wanted
             or ref.relpath[: -len(ARTICLE_SUFFIX)].casefold().endswith("/" + wanted)
             or (ref.title.casefold() == wanted and "/" not in wanted))
    ]  # fmt: skip
    if not matches:
        return Refused(f"There is no note called '{name}' in this library.")
    # The nearest one, as Obsidian picks: the same folder first, then the shortest path.
    here = posixpath.dirname(current.relpath)
    best = min(matches, key=lambda r: (posixpath.dirname(r.relpath) != here, r.relpath.count("/"), r.relpath))
    return OpenArticle(best.id, anchor)
