"""The article library: folders of Markdown files scanned into topics and article references.

A folder is a topic and a ``.md`` file an article. Order prefixes (``01-``; the rule is in names.py) or an
``order`` field set the order. Scanning reads each file once for its front matter and headings; it never
runs python-markdown. With a scan cache, a relaunch reads only the files that changed.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from mgreader.core.library import headings, names
from mgreader.core.library.refs import (
    IN_THE_FILE,
    MAX_ARTICLE_BYTES,
    TREE_LEVELS,
    ArticleRef,
    Folded,
    HeadingsOrMaker,
    Packed,
    folded_headings,
    forget_folded,
    forget_headings,
    has_headings,
    headings_held,
    headings_of,
    headings_packed,
    key_length,
    read_limited,
    shared,
    too_large_message,
)
from mgreader.core.library.walk import Walk
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.sort_key import NameKey, name_key

if TYPE_CHECKING:
    from mgreader.core.library.frontmatter import FrontValue
    from mgreader.core.library.skipped import Skipped

# What callers import from here (the reference and its helpers live in refs.py).
__all__ = [
    "ARTICLE_SUFFIX",
    "ArticleRef",
    "ContentRoot",
    "Folded",
    "HeadingsOrMaker",
    "IN_THE_FILE",
    "Library",
    "MAX_ARTICLE_BYTES",
    "MINE_PREFIX",
    "MY_ARTICLES",
    "MetadataCache",
    "NOT_UTF8_MESSAGE",
    "Packed",
    "TREE_LEVELS",
    "Topic",
    "article_id",
    "content_roots",
    "display_name",
    "folded_headings",
    "forget_folded",
    "forget_headings",
    "has_headings",
    "headings_held",
    "headings_of",
    "headings_packed",
    "key_length",
    "read_limited",
    "read_ref",
    "scan",
    "shared",
    "shown",
    "shown_order",
    "too_large_message",
]

MINE_PREFIX = "mine:"
MY_ARTICLES = "My articles"
ARTICLE_SUFFIX = ".md"


@dataclass(frozen=True)
class ContentRoot:
    """A folder of articles. ``key`` prefixes article ids ('' for the bundled library, 'mine:' for the
    reader's own); ``title`` wraps the folder in a topic of that name (None: its folders are the topics)."""

    path: Path
    key: str = ""
    title: str | None = None


def content_roots(paths: AppPaths, content: Path | None = None) -> list[ContentRoot]:
    """The bundled library (or ``content``, for tests and ``--content``) and the reader's own articles."""
    return [
        ContentRoot(content or bundled_dir("content")),
        ContentRoot(paths.library_dir, key=MINE_PREFIX, title=MY_ARTICLES),
    ]


class MetadataCache(Protocol):
    """What a scan asks of a cache of article metadata (``scan_cache.ScanCache`` is the one the app uses).

    A Protocol, so that this module does not import the cache and the cache can import ``ArticleRef``."""

    def begin(self) -> None: ...

    def get(
        self, root: Path, relpath: str, size: int, mtime_ns: int, article_id: str, path: Path | str
    ) -> ArticleRef | None: ...

    def put(self, root: Path, relpath: str, size: int, mtime_ns: int, ref: ArticleRef) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    sort_key: tuple[int, str]
    topics: tuple[Topic, ...] = ()
    articles: tuple[ArticleRef, ...] = ()


@dataclass(frozen=True)
class Library:
    """All topics, and every article by id."""

    topics: tuple[Topic, ...]
    articles: dict[str, ArticleRef] = field(default_factory=dict)
    skipped: tuple[Skipped, ...] = ()  # what the walk left out, for the reader to be told

    def get(self, article_id: str) -> ArticleRef | None:
        return self.articles.get(article_id)

    def find(self, root: Path, relpath: str) -> ArticleRef | None:
        """The article at ``relpath`` (posix, relative) inside the content root ``root``."""
        if not relpath.lower().endswith(ARTICLE_SUFFIX):
            return None
        keys, others = self._by_path
        found = others.get((root, relpath))
        key = keys.get(root)
        if found is None and key is not None:  # its id, if its path is the root, the id's end and .md
            found = self.articles.get(key + relpath[: -len(ARTICLE_SUFFIX)])
            if found is not None and (found.root != root or found.relpath != relpath):
                found = None
        return found

    @functools.cached_property
    def _by_path(self) -> tuple[dict[Path, str], dict[tuple[Path, str], ArticleRef]]:
        """Each root's key (the start of its articles' ids), and by root and relative path the articles
        whose path is not the root, the id's end and .md (refs.key_length). Built on the first look-up:
        link checks look up every link, and a scan of 2,000 articles each time made `mgreader check`
        quadratic; one entry for every article (a tuple and its relative path) was 4 MB at 20,000."""
        keys: dict[Path, str] = {}
        others: dict[tuple[Path, str], ArticleRef] = {}
        for ref in self.articles.values():
            length = key_length(ref)
            if length is None:
                others[(ref.root, ref.relpath)] = ref
            elif keys.setdefault(ref.root, ref.id[:length]) != ref.id[:length]:
                others[(ref.root, ref.relpath)] = ref  # a root read with two keys: not the app's way
        return keys, others

    def first_article(self) -> ArticleRef | None:
        return next(_walk(self.topics), None)

    def in_order(self) -> list[ArticleRef]:
        return list(_walk(self.topics))


def _walk(topics: tuple[Topic, ...]) -> Iterator[ArticleRef]:
    for topic in topics:
        yield from topic.articles
        yield from _walk(topic.topics)


def display_name(name: str, numbered: bool = False) -> tuple[int, str]:
    """(order, title) of a file or folder name: the order-prefix rule is in names.py."""
    return names.display_name(shown(name), numbered)


def article_id(root: ContentRoot, path: Path) -> str:
    relative = path.relative_to(root.path).as_posix()
    return root.key + _valid_text(relative[: -len(ARTICLE_SUFFIX)])


def shown(name: str) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 become \ufffd (Qt and SQLite take only
    valid text; Python keeps such bytes as lone surrogates, which neither accepts)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _valid_text(name: str) -> str:
    """``name`` with each byte that is not UTF-8 written as %XX: an id must be valid text (it is stored in
    SQLite and JSON) and stay distinct for two names that differ only in such bytes (issue 11)."""
    if name.isascii():
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out, rest = [], raw
    while rest:
        try:
            out.append(rest.decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            out.append(rest[: error.start].decode("utf-8"))
            out.extend(f"%{byte:02X}" for byte in rest[error.start : error.end])
            rest = rest[error.end :]
    return "".join(out)


def scan(roots: list[ContentRoot], cache: MetadataCache | None = None) -> Library:
    """Scan every root into one library. A missing root is an empty topic, never an error.

    With a ``cache``, a file whose size and modification time are those cached is not read again (see
    core/scan_cache.py); the result is the same as without one. What the walk left out (links that lead
    out of a root or in a circle, folders nested too deep) is in ``Library.skipped``.
    """
    articles: dict[str, ArticleRef] = {}
    topics: list[Topic] = []
    skipped: list[Skipped] = []
    if cache is not None:
        cache.begin()
    for root in roots:
        walk = Walk(root.path)
        children, loose = _scan_folder(root, walk, root.path, walk.real_root, 0, "", articles, cache)
        skipped.extend(walk.skipped)
        if root.title is not None:
            topics.append(
                Topic(root.key or root.title, root.title, (10**7, ""), tuple(children), tuple(loose))
            )
        else:
            if loose:
                topics.append(Topic(root.key + ".", "Articles", (-1, ""), (), tuple(loose)))
            topics.extend(children)
    if cache is not None:
        cache.finish()
    return Library(tuple(topics), articles, tuple(skipped))


def _scan_folder(
    root: ContentRoot,
    walk: Walk,
    folder: Path,
    real: str,
    depth: int,
    relative: str,
    articles: dict[str, ArticleRef],
    cache: MetadataCache | None,
) -> tuple[list[Topic], list[ArticleRef]]:
    """``relative`` is the folder's posix path inside the root: '' or ending in '/'. The walk (walk.py)
    decides what is gone into; recursion is safe because it stops at walk.MAX_DEPTH."""
    topics: list[Topic] = []
    loose: list[ArticleRef] = []
    entries = walk.entries(folder, real, depth)
    numbered = names.numbered_folder(e.name for e in entries)
    for entry in entries:
        name = entry.name
        if entry.is_dir:
            sub_topics, sub_articles = _scan_folder(
                root, walk, entry.path, entry.real, depth + 1, f"{relative}{name}/", articles, cache
            )
            if sub_topics or sub_articles:
                order, title = display_name(name, numbered)
                topics.append(
                    Topic(
                        f"{root.key}{relative}{name}/", title, (order, title.lower()),
                        tuple(sub_topics), tuple(sub_articles),
                    )
                )  # fmt: skip
        else:
            ref = _article(root, entry.path, relative + name, entry.entry, cache, numbered)
            articles[ref.id] = ref
            loose.append(ref)
    topics.sort(key=shown_order)
    loose.sort(key=shown_order)
    return topics, loose


def shown_order(item: Topic | ArticleRef) -> tuple[int, NameKey]:
    """Where a folder or an article goes among its neighbours: by its order (prefix or ``order`` field),
    then by its title in the order a reader expects (sort_key: 'Day 2' before 'Day 10')."""
    return item.sort_key[0], name_key(item.title)


def _article(
    root: ContentRoot,
    path: Path,
    relpath: str,
    entry: os.DirEntry[str] | None,
    cache: MetadataCache | None,
    numbered: bool,
) -> ArticleRef:
    ref_id = root.key + _valid_text(relpath[: -len(ARTICLE_SUFFIX)])
    if cache is None:
        return _read_ref(root, path, ref_id, numbered)[0]
    try:
        # Taken before the file is read: if it changes while being read, the next scan sees a new stamp.
        info = entry.stat() if entry is not None else path.stat()
    except OSError:
        return _read_ref(root, path, ref_id, numbered)[0]
    ref = cache.get(root.path, relpath, info.st_size, info.st_mtime_ns, ref_id, str(path))
    if ref is None:
        ref, readable = _read_ref(root, path, ref_id, numbered)
        if readable:  # a read error may be gone next time with the same stamp (permissions, a lock)
            cache.put(root.path, relpath, info.st_size, info.st_mtime_ns, ref)
    return ref


def read_ref(root: ContentRoot, path: Path, numbered: bool | None = None) -> ArticleRef:
    """Read one article's metadata. Problems are recorded on the reference, not raised.

    ``numbered``: whether the file's folder is numbered (names.numbered_folder); None to look."""
    if numbered is None:
        try:
            numbered = names.numbered_folder(n for n in os.listdir(path.parent) if not names.hidden(n))
        except OSError:
            numbered = False
    return _read_ref(root, path, article_id(root, path), numbered)[0]


def _read_ref(root: ContentRoot, path: Path, ref_id: str, numbered: bool) -> tuple[ArticleRef, bool]:
    """The reference, and whether the file could be read (what a cache may keep)."""
    order, name_title = display_name(path.name, numbered)
    where = str(path)  # kept as text: see ArticleRef

    def plain(problem: str) -> ArticleRef:
        return ArticleRef(ref_id, where, root.path, name_title, (order, name_title.lower()), problem=problem)

    try:
        data, too_large = read_limited(path)
    except OSError as error:
        return plain(f"This file could not be read: {error.strerror or error}."), False
    if too_large:
        return plain(too_large_message(path.stat().st_size)), True
    # utf-8-sig: some editors begin files with a byte-order mark, which would hide the front matter.
    text = data.decode("utf-8-sig", errors="replace")
    problem = "" if "\ufffd" not in text or _is_utf8(data) else NOT_UTF8_MESSAGE
    # Imported here: a relaunch finds every reference in the scan cache, and reads no block (issue 15).
    from mgreader.core.library import frontmatter

    front, front_error = frontmatter.read(text)
    fields, body = frontmatter.app_fields(front.fields), front.body
    if front_error is not None:
        problem = f"The block of details at the top of this file could not be read ({front_error})."
    title = (
        _text(fields.get("title"))[: headings.MAX_HEADING_CHARS] or names.first_heading(body) or name_title
    )
    field_order = _text(fields.get("order"))
    if re.fullmatch(r"-?[0-9]+", field_order):  # not str.isdigit(): '²' is a digit to it
        order = int(field_order)
    ref = ArticleRef(
        ref_id, where, root.path, title, (order, title.lower()), _text(fields.get("summary")),
        shared(_text(fields.get("reviewed"))), _items(fields.get("tags")), _items(fields.get("sources")),
        Packed.of(headings.scan(body, levels=TREE_LEVELS, limit=headings.MAX_TREE_HEADINGS)), problem,
    )  # fmt: skip
    return ref, True


def _text(value: FrontValue | None) -> str:
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, list) else value


def _items(value: FrontValue | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [v.strip() for v in value.split(",") if v.strip()]
    return tuple(map(shared, items))


NOT_UTF8_MESSAGE = (
    "This file is not saved as UTF-8 text, so some characters may show as \ufffd. "
    "Saving it again as UTF-8 in a text editor fixes this."
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
