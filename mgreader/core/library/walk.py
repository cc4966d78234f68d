"""The walk through a content root's folders that the library scan and ``mgreader check`` share (issue 11).

A reader's folder may hold anything: a link to itself (``ln -s . again``), a link to a tree with loops of its
own (``/usr``), a link to ``/etc/passwd`` named like an article, folders nested a thousand deep, a FIFO named
``x.md``. The walk follows a link only when it stays inside the root and leads to a folder not visited yet,
goes at most MAX_DEPTH folders down, lists only regular files as articles, and says what it left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from mgreader.core.library import names

if TYPE_CHECKING:
    from mgreader.core.library.skipped import Skipped

# Deeper folders than this are not shown: no library needs them, and each level is a topic in the tree.
MAX_DEPTH = 24
ARTICLE_SUFFIX = ".md"


@dataclass(frozen=True)
class Entry:
    """A folder or an article file found by the walk. ``path`` is as seen from the root (links not
    followed), so that ids and relative paths stay those the reader sees in the file manager."""

    name: str
    path: Path
    is_dir: bool
    real: str  # the path with links followed; for folders, what the walk has visited
    entry: os.DirEntry[str] | None  # for the scan cache's stat of a plain (unlinked) file


class Walk:
    """One walk of one root. ``entries`` lists a folder; ``skipped`` collects what was left out."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.skipped: list[Skipped] = []
        self._visited = {self.real_root}

    def entries(self, folder: Path, real: str, depth: int) -> list[Entry]:
        """The visible entries of ``folder`` (whose followed path is ``real``, ``depth`` below the root),
        sorted by name: folders to go into and ``.md`` regular files. Dot-names are hidden (names.hidden)."""
        try:
            with os.scandir(folder) as listing:
                found = sorted(listing, key=attrgetter("name"))
        except OSError as error:
            if folder != self.root:
                self._skip(folder, f"is a folder that could not be opened ({error.strerror or error})")
            return []
        visible = [item for item in found if not names.hidden(item.name)]
        # Real folders first: a link to a folder is what is left out, not the folder it leads to.
        by_name: dict[str, Entry] = {}
        for item in sorted(visible, key=_is_link):
            entry = self._entry(item, folder / item.name, real, depth)
            if entry is not None:
                by_name[item.name] = entry
        return [by_name[item.name] for item in visible if item.name in by_name]

    def _entry(self, item: os.DirEntry[str], path: Path, parent_real: str, depth: int) -> Entry | None:
        try:
            is_link = item.is_symlink()
            is_dir = item.is_dir()  # follows a link
            is_article = not is_dir and name_is_article(item.name) and item.is_file()
        except OSError:
            return None
        if not is_dir and not is_article:
            return None
        if is_link:
            real = os.path.realpath(path)
            if not self._inside(real):
                self._skip(path, "is a link to a place outside the library")
                return None
        else:
            real = os.path.join(parent_real, item.name)
        if not is_dir:
            return Entry(item.name, path, False, real, None if is_link else item)
        if depth + 1 > MAX_DEPTH:
            self._skip(path, f"is nested more than {MAX_DEPTH} folders deep")
            return None
        if real in self._visited or self._is_ancestor(real, parent_real):
            self._skip(path, "is a link to a folder that is read already")
            return None
        self._visited.add(real)
        return Entry(item.name, path, True, real, None)

    def _skip(self, path: Path, reason: str) -> None:
        from mgreader.core.library.skipped import Skipped  # only when something is left out

        self.skipped.append(Skipped(path, reason))

    def _inside(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    @staticmethod
    def _is_ancestor(real: str, parent_real: str) -> bool:
        return parent_real == real or parent_real.startswith(real.rstrip(os.sep) + os.sep)


def _is_link(item: os.DirEntry[str]) -> bool:
    try:
        return item.is_symlink()
    except OSError:
        return False


def name_is_article(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIX)


def article_files(root: Path, skipped: list[Skipped] | None = None) -> list[Path]:
    """Every article file the walk finds under ``root``, depth first in name order (no recursion, so that
    deep folders cannot exhaust Python's stack)."""
    return [path for path, is_dir in _everything(root, skipped) if not is_dir]


def folders(root: Path) -> list[Path]:
    """``root`` and every folder the walk goes into (what the window watches for changes)."""
    return [root, *(path for path, is_dir in _everything(root, None) if is_dir)]


def survey(root: Path) -> tuple[int, list[Path]]:
    """How many article files ``article_files`` finds, and ``folders``: in one walk, which holds only the
    folder it lists (issue 15: the list of 20,000 paths was 6 MB for a moment at each rescan)."""
    count, found = 0, [root]
    for path, is_dir in _everything(root, None):
        if is_dir:
            found.append(path)
        else:
            count += 1
    return count, found


def _everything(root: Path, skipped: list[Skipped] | None) -> Iterator[tuple[Path, bool]]:
    walk = Walk(root)
    pending: list[tuple[Path, str, int]] = [(root, walk.real_root, 0)]
    while pending:
        folder, real, depth = pending.pop()
        children = []
        for entry in walk.entries(folder, real, depth):
            yield entry.path, entry.is_dir
            if entry.is_dir:
                children.append((entry.path, entry.real, depth + 1))
        pending.extend(reversed(children))
    if skipped is not None:
        skipped.extend(walk.skipped)


def summary(skipped: tuple[Skipped, ...] | list[Skipped]) -> str:
    """One sentence for the status bar about what the walk left out ('' when nothing)."""
    if not skipped:
        return ""
    first = skipped[0]
    more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
    return f"Not shown: '{first.path.name}' {first.reason}{more}. Run 'mgreader check' for the list."
