"""A library read a little at a time (issue 15): counting, and showing what has been read so far.

The reader's own folder may hold 20,000 articles, which take seconds to read the first time. The window
shows the bundled library at once and reads the reader's folder in a worker thread; meanwhile the tree
shows the articles read so far, assembled here from their references, and a line says how far it is.
``library.scan`` itself is unchanged: ``Counting`` wraps its metadata cache, which sees every file found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from mgreader.core.library import walk
from mgreader.core.library.scan import (
    ArticleRef,
    ContentRoot,
    Library,
    MetadataCache,
    Topic,
    display_name,
    shown_order,
)


def survey(folder: Path) -> tuple[int, list[str]]:
    """How many article files a scan of ``folder`` will find (names only, nothing read), for "4,200 of
    20,000"; and the folders that may hold them, to watch for changes. The library walk's own rules
    (core/library/walk.py: links, loops, depth, regular files only), so the count is the scan's."""
    count, folders = walk.survey(folder)
    return count, [str(p) for p in folders]


class Counting:
    """A metadata cache around another, telling ``seen`` of every article the scan finds, with its
    reference (None for a file read that could not be kept). A file that was read counts at ``put``."""

    def __init__(self, inner: MetadataCache, seen: Callable[[ArticleRef | None], None]) -> None:
        self.inner = inner
        self.seen = seen
        self._missed = False

    def begin(self) -> None:
        self.inner.begin()

    def get(
        self, root: Path, relpath: str, size: int, mtime_ns: int, article_id: str, path: Path | str
    ) -> ArticleRef | None:
        if self._missed:  # the previous file was read, and not kept: it counts now
            self.seen(None)
        ref = self.inner.get(root, relpath, size, mtime_ns, article_id, path)
        self._missed = ref is None
        if ref is not None:
            self.seen(ref)
        return ref

    def put(self, root: Path, relpath: str, size: int, mtime_ns: int, ref: ArticleRef) -> None:
        self.inner.put(root, relpath, size, mtime_ns, ref)
        self._missed = False
        self.seen(ref)

    def finish(self) -> None:
        if self._missed:
            self.seen(None)
            self._missed = False
        self.inner.finish()


def partial_library(root: ContentRoot, refs: Iterable[ArticleRef]) -> Library:
    """The library of ``root`` as far as it has been read: ``refs`` in their folders, ordered as a scan
    orders them (folders and articles by their numeric prefix or order, then title)."""
    folders: dict[str, list[ArticleRef]] = {}
    articles: dict[str, ArticleRef] = {}
    for ref in refs:
        articles[ref.id] = ref
        relpath = ref.relpath
        folders.setdefault(relpath[: relpath.rfind("/") + 1], []).append(ref)
    children, loose = _folder(root, "", folders)
    if root.title is not None:
        topics = [Topic(root.key or root.title, root.title, (10**7, ""), tuple(children), tuple(loose))]
    else:
        topics = ([Topic(root.key + ".", "Articles", (-1, ""), (), tuple(loose))] if loose else []) + children
    return Library(tuple(topics), articles)


def _folder(
    root: ContentRoot, relative: str, folders: dict[str, list[ArticleRef]]
) -> tuple[list[Topic], list[ArticleRef]]:
    inside = {key[len(relative) :].split("/", 1)[0] for key in folders if key.startswith(relative)}
    names = sorted(inside - {""})
    topics = []
    for name in names:
        sub_topics, sub_articles = _folder(root, f"{relative}{name}/", folders)
        if sub_topics or sub_articles:
            order, title = display_name(name)
            topics.append(
                Topic(f"{root.key}{relative}{name}/", title, (order, title.lower()), tuple(sub_topics),
                      tuple(sub_articles))
            )  # fmt: skip
    topics.sort(key=shown_order)
    return topics, sorted(folders.get(relative, []), key=shown_order)


def joined(*libraries: Library) -> Library:
    """One library of several (the bundled one and the reader's), topics in the order given."""
    articles: dict[str, ArticleRef] = {}
    for part in libraries:
        articles.update(part.articles)
    topics = tuple(t for part in libraries for t in part.topics)
    return Library(topics, articles, tuple(s for part in libraries for s in part.skipped))
