"""An article's reference (what the library scan finds about one file), and its headings' forms (issue 15).

A library of 20,000 articles holds 20,000 of these for the whole session, so they are made small: fields in
slots, the path kept as text, headings kept packed (or only their folded text, or not at all: read from the
file again when asked). ``scan`` makes them; it re-exports everything here.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mgreader.core.files import read_regular
from mgreader.core.library import headings
from mgreader.core.library.walk import ARTICLE_SUFFIX
from mgreader.core.words import fold

# Larger files are not formatted: python-markdown and Qt's layout would take minutes over them.
MAX_ARTICLE_BYTES = 1_000_000
TREE_LEVELS = (2, 3)  # the headings an article shows in the topic tree


HeadingsOrMaker = tuple[headings.Heading, ...] | Callable[[], tuple[headings.Heading, ...]]


class Packed:
    """An article's headings as three strings (their levels, one digit each; their texts and their anchors,
    each joined by newlines, which neither holds), made into Heading objects only when read: what a scan
    and the scan cache keep (issue 15). 20,000 articles' Heading objects were about 35 MB while a first
    scan ran; these strings are a third of that, and the filter's index folds ``texts`` in one call."""

    __slots__ = ("levels", "texts", "anchors")

    def __init__(self, levels: str, texts: str, anchors: str) -> None:
        self.levels, self.texts, self.anchors = levels, texts, anchors

    @classmethod
    def of(cls, found: Iterable[headings.Heading]) -> Packed:
        found = tuple(found)
        return cls(
            "".join(str(h.level) for h in found), "\n".join(h.text for h in found),
            "\n".join(h.anchor for h in found),
        )  # fmt: skip

    def __call__(self) -> tuple[headings.Heading, ...]:
        if not self.levels:
            return ()
        return tuple(
            map(headings.Heading, map(int, self.levels), self.texts.split("\n"), self.anchors.split("\n"))
        )


IN_THE_FILE = "in the file"


class Folded:
    """An article's headings read from its file when asked (as IN_THE_FILE), with their texts folded for
    the filter's index until it is made: what a scan in a process of its own sends (scan_apart), a third
    of a Packed."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text  # as folded_headings gives it


def forget_headings(refs: Iterable[ArticleRef]) -> None:
    """Let the references' headings go: each is read from its file again if asked for (an article opened
    in the tree). A library of 20,000 articles held about 30 MB of headings, which the topic filter, with
    its own index of them (tree_filter), and the rest of the app hardly ever need."""
    for ref in refs:
        _RAW_HEADINGS.__set__(ref, IN_THE_FILE)


def forget_folded(refs: Iterable[ArticleRef]) -> None:
    """``forget_headings`` for the references holding only their folded headings (a scan apart sends
    them so), once the filter's index holds the text: while a first read of 20,000 articles went on, the
    texts of those in the tree so far were held twice, about 4 MB at its end."""
    forget_headings(ref for ref in refs if isinstance(_RAW_HEADINGS.__get__(ref), Folded))


def headings_held(ref: ArticleRef) -> bool:
    """Whether the reference holds its headings (or what makes them), rather than reading its file."""
    return not isinstance(_RAW_HEADINGS.__get__(ref), (str, Folded))


def headings_made(ref: ArticleRef) -> bool:
    """Whether the reference holds its headings themselves (a tuple, or a Packed): what survives a pickle.
    A function of the scan cache does not, and the IN_THE_FILE marker is compared by identity."""
    return isinstance(_RAW_HEADINGS.__get__(ref), (tuple, Packed))


def _headings_in_file(path: Path) -> tuple[headings.Heading, ...]:
    """The headings ``_read_ref`` finds in the file (none if it cannot be read now)."""
    try:
        data, _ = read_limited(path)
    except OSError:
        return ()
    from mgreader.core.library import frontmatter  # not before the first paint (scan._read_ref)

    body = frontmatter.read(data.decode("utf-8-sig", errors="replace"))[0].body
    return tuple(headings.scan(body, levels=TREE_LEVELS, limit=headings.MAX_TREE_HEADINGS))


def headings_of(ref: ArticleRef) -> tuple[headings.Heading, ...]:
    """The article's headings, without keeping them on ``ref`` when they were not made yet."""
    value: HeadingsOrMaker | str | Folded = _RAW_HEADINGS.__get__(ref)
    if value is IN_THE_FILE or isinstance(value, Folded):
        return _headings_in_file(ref.path)
    return value() if callable(value) else value  # type: ignore[return-value]


def has_headings(ref: ArticleRef) -> bool:
    """Whether the article has headings, without making them when they are packed: the tree asks it of
    every article row it lays out (reading ``headings`` made each row's Heading objects and kept them, 209
    before the first paint)."""
    value: HeadingsOrMaker | str | Folded = _RAW_HEADINGS.__get__(ref)
    return bool(value.levels) if isinstance(value, Packed) else bool(ref.headings)


def headings_packed(ref: ArticleRef) -> Packed:
    """The article's headings as a Packed, the one given when there is one (the scan cache writes them)."""
    value: HeadingsOrMaker | str = _RAW_HEADINGS.__get__(ref)
    return value if isinstance(value, Packed) else Packed.of(headings_of(ref))


def folded_headings(ref: ArticleRef) -> str:
    """The article's heading texts folded (words.fold), each ending with a newline: the filter's index
    reads every article's once, and a packed reference gives them in one call, making no Heading."""
    value: HeadingsOrMaker | str | Folded = _RAW_HEADINGS.__get__(ref)
    if isinstance(value, Packed):
        return fold(value.texts) + "\n" if value.levels else ""
    if isinstance(value, Folded):
        return value.text
    return "".join(fold(h.text) + "\n" for h in headings_of(ref))


@dataclass(frozen=True, slots=True)
class _Fields:
    """ArticleRef's fields, kept in slots (a reference of a dataclass with its ``__dict__`` was about 400
    bytes more, 8 MB at 20,000 articles). ArticleRef gives two of them their reading."""

    id: str
    path: Path | str
    root: Path
    title: str
    sort_key: tuple[int, str]
    summary: str = ""
    reviewed: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    headings: HeadingsOrMaker | str | Folded = ()
    problem: str = ""

    def __post_init__(self) -> None:
        _compact(self)


_RAW_PATH = _Fields.__dict__["path"]
_RAW_SORT_KEY = _Fields.__dict__["sort_key"]
_RAW_HEADINGS = _Fields.__dict__["headings"]
_RAW_FIELDS = {field.name: _Fields.__dict__[field.name] for field in dataclasses.fields(_Fields)}


def key_length(ref: _Fields) -> int | None:
    """How long the key its id begins with is, when its path is its root, the rest of its id and .md (as
    ``_compact`` found); None if it is not so kept."""
    value = _RAW_PATH.__get__(ref)
    return value if type(value) is int else None


def _compact(ref: _Fields) -> None:
    """Keep what a reference can tell from its other fields as little as it is (issue 15; 20,000
    articles): a path that is the root, the id's end and ``.md`` as the length of the id's key (an int
    below 256, which Python does not make: 140 bytes less), and a sort key of the order and the title
    in lower case as the order alone (170 bytes less). ArticleRef reads them back as they were given."""
    path = _RAW_PATH.__get__(ref)
    if type(path) is str and os.sep == "/" and path.endswith(ARTICLE_SUFFIX):
        root = str(ref.root)
        tail = len(path) - len(root) - 1 - len(ARTICLE_SUFFIX)  # the id's end: the path within the root
        start = len(ref.id) - tail
        within = path[len(root) : len(root) + 1] == "/" and path.startswith(root)
        if within and 0 <= start < 256 and ref.id[start:] == path[len(root) + 1 : -len(ARTICLE_SUFFIX)]:
            _RAW_PATH.__set__(ref, start)
    order_title = _RAW_SORT_KEY.__get__(ref)
    pair = type(order_title) is tuple and len(order_title) == 2 and type(order_title[0]) is int
    if pair and order_title[1] == ref.title.lower():
        _RAW_SORT_KEY.__set__(ref, order_title[0])


class ArticleRef(_Fields):
    """What the tree, the header and link resolution need to know about one article file.

    ``headings`` is given as a tuple, or a function that makes the tuple the first time it is read (the
    scan and the scan cache give a Packed), or is IN_THE_FILE: read from the article's file again when
    asked (see ``forget_headings``). ``path`` may be given as text (a scan does: a Path object for each of
    20,000 articles was about 300 bytes more); it reads as a Path. ``path`` and ``sort_key`` are kept
    smaller still when the other fields tell them (``_compact``). Equality, hashing, ``repr`` and
    ``dataclasses.replace`` see the tuples and the Path."""

    __slots__ = ()

    @property
    def path(self) -> Path:
        value = _RAW_PATH.__get__(self)
        if type(value) is int:  # see _compact
            return Path(f"{self.root}/{self.id[value:]}{ARTICLE_SUFFIX}")
        return value if isinstance(value, Path) else Path(value)

    @path.setter
    def path(self, value: Path | str) -> None:  # only the dataclass's __init__ sets it (frozen)
        _RAW_PATH.__set__(self, value)

    def __getstate__(self) -> dict[str, object]:
        """The fields as kept, for a pickle (a reference sent to or from a worker process). The
        dataclass's own read each one through its property: every reference sent to the index-text
        process read its headings from its file in the window's process and kept them, about 2 KB an
        article indexed (issue 15). Headings made on demand are made for the pickle, not kept here;
        IN_THE_FILE stays so (the other side reads the file if it needs them)."""
        state = {name: raw.__get__(self) for name, raw in _RAW_FIELDS.items()}
        made = state["headings"]
        if callable(made):
            state["headings"] = made()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, raw in _RAW_FIELDS.items():
            raw.__set__(self, state[name])
        if state["headings"] == IN_THE_FILE:  # an equal string, not the marker itself
            _RAW_HEADINGS.__set__(self, IN_THE_FILE)

    @property
    def sort_key(self) -> tuple[int, str]:
        value = _RAW_SORT_KEY.__get__(self)
        return (value, self.title.lower()) if type(value) is int else value

    @sort_key.setter
    def sort_key(self, value: tuple[int, str]) -> None:  # only the dataclass's __init__ sets it (frozen)
        _RAW_SORT_KEY.__set__(self, value)

    @property
    def headings(self) -> tuple[headings.Heading, ...]:
        value: HeadingsOrMaker | str | Folded = _RAW_HEADINGS.__get__(self)
        if value is IN_THE_FILE or isinstance(value, Folded):
            value = _headings_in_file(self.path)
            _RAW_HEADINGS.__set__(self, value)
        elif callable(value):
            value = value()
            _RAW_HEADINGS.__set__(self, value)  # a race between threads makes the same tuple twice
        return value  # type: ignore[return-value]

    @headings.setter
    def headings(self, value: HeadingsOrMaker | str | Folded) -> None:
        _RAW_HEADINGS.__set__(self, value)  # only the dataclass's __init__ sets it (frozen)

    @property
    def relpath(self) -> str:
        value = _RAW_PATH.__get__(self)
        if type(value) is int:  # see _compact
            return self.id[value:] + ARTICLE_SUFFIX
        root = str(self.root)
        if type(value) is str and os.sep == "/" and value[len(root) : len(root) + 1] == "/":
            return (
                value[len(root) + 1 :] if value.startswith(root) else self.path.relative_to(root).as_posix()
            )
        return self.path.relative_to(self.root).as_posix()


def shared(text: str) -> str:
    """One string for every article's same tag, source or review date (a library repeats them: about
    500 bytes an article, 10 MB at 20,000)."""
    return sys.intern(text) if type(text) is str else text


def read_limited(path: Path, within: Path | None = None) -> tuple[bytes, bool]:
    """An article file's bytes, read only up to the size limit, and whether it is over it (then the bytes
    are only its beginning). The one size-limited article read, of regular files only (files.read_regular);
    raises OSError (NotReadable for a FIFO, a device, or with ``within`` a path leading outside it)."""
    data = read_regular(path, MAX_ARTICLE_BYTES, within=within)
    return data, len(data) > MAX_ARTICLE_BYTES


def too_large_message(size: int) -> str:
    return (
        f"This file is too large to show as an article ({size / 1_000_000:.1f} MB; "
        f"articles can be up to {MAX_ARTICLE_BYTES // 1_000_000} MB)."
    )
