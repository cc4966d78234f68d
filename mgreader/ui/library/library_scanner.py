"""Reads the reader's library in a worker thread, so that no scan or rescan freezes the window (issue 15).

The worker scans, builds the topic tree's nodes and the filter's titles (plain Python objects, no Qt), and
hands them to the window's thread through queued signals. While a long first scan runs it also reports how
far it is and, now and then, the library read so far, so that the tree fills as the scan goes.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from mgreader.core.library.scan import (
    ArticleRef,
    ContentRoot,
    Library,
    MetadataCache,
    forget_folded,
    forget_headings,
    scan,
)
from mgreader.core.library.scan_apart import Apart
from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.library.topics import progressive, tree, tree_filter, tree_merge
from mgreader.ui.reading.background_load import share_the_interpreter

# How often the worker reports: the count, and the tree of what was read so far (building it costs the
# worker a little, and the window a model reset, so not too often).
PROGRESS_EVERY_S = 0.1
# A scan still going after this long says how far it is ("Reading your library: 4,200 of 20,000"); a quick
# relaunch says nothing.
PROGRESS_AFTER_S = 0.3
PARTIAL_EVERY_S = 1.0
# From this many articles, garbage collection waits while the worker reads (see _pause_collection).
PAUSE_COLLECTION_FROM = 2000
# From this many, the folder is read in a process of its own (core/library/scan_apart: the reading's
# garbage stays there); a smaller folder is read sooner here than a process starts.
APART_FROM = 2000
# A rescan edits the tree the last scan sent once the window has made that scan's edits; if it has not
# after this long, the rescan makes a new tree.
EDITS_WAIT_S = 10.0


@dataclass(frozen=True)
class Scanned:
    """A library (all of it, or what was read so far) with its tree and the filter's titles."""

    library: Library
    root: tree.Node
    titles: tree_filter.Titles
    complete: bool
    folders: tuple[str, ...] = ()  # the reader's folder and those in it (to watch), when complete


class LibraryScanner(QObject):
    progress = Signal(int, int)  # articles read, articles found in the folder
    partial = Signal(object)  # a Scanned, not complete
    finished = Signal(object)  # a Scanned, complete
    idle = Signal()  # the worker has stopped: ``busy`` is False from now on

    def __init__(self, root: ContentRoot, cache: MetadataCache | None) -> None:
        super().__init__()
        self.root = root
        self.cache = cache
        self._lock = threading.Lock()  # guards _running and _again
        self._running = False
        self._again = False
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._collection_paused = False  # set in the worker, cleared in the window's thread once idle
        self._collection_was_on = True
        self.idle.connect(self._resume_collection)
        self.report_partial = True  # the first scan fills the tree as it goes; rescans change it at the end
        self._last: tree.Node | None = None  # the tree last sent (of a scan, or what a first read had read)
        self._titles: tree_filter.Titles | None = None  # and its titles
        # Articles read on their own (the one open at the start): a first read's trees show them until the
        # scan reads them.
        self.loose: tuple[ArticleRef, ...] = ()
        self._apart = Apart(root, cache.path if isinstance(cache, ScanCache) else None)

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def scan(self) -> None:
        """Read the folder; if a scan is running, read it once more after it (the folder changed again)."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        if self._thread is not None:
            self._thread.join()
        share_the_interpreter()
        self._thread = threading.Thread(target=self._run, name="mgreader-scan", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop reading (the window closes): the worker ends at the next file, writing no cache."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._collection_paused:
            self._collection_paused = False
            if self._collection_was_on:
                gc.enable()

    # A scan of 20,000 articles makes about a million objects. Python's full garbage collection, which so
    # many new objects set off, went over all of them while holding the interpreter: 1-4 s in which the
    # window could not paint. So for a big folder collection waits while the worker reads, and what it made
    # is then frozen (gc.freeze: left out of later collections; reference counting still frees it). Trees
    # are taken apart when replaced (tree.release), so a replaced library is freed, not kept as garbage.
    def _pause_collection(self) -> None:
        if not self._collection_paused:
            self._collection_was_on = gc.isenabled()
            self._collection_paused = True
            gc.disable()

    def _resume_collection(self) -> None:
        if self._collection_paused and not self.busy:
            self._collection_paused = False
            gc.freeze()
            if self._collection_was_on:
                gc.enable()

    def _run(self) -> None:
        while True:
            with contextlib.suppress(_Stopped):
                self._scan_once()
            with self._lock:
                if not self._again or self._stop.is_set():
                    self._running = False
                    break
                self._again = False
        self.idle.emit()

    def _scan_once(self) -> None:
        # From the survey on: its 20,000 paths set off collections too (up to 70 ms each, in a rescan).
        self._pause_collection()
        total, folders = progressive.survey(self.root.path) if self.root.path.is_dir() else (0, [])
        if total < PAUSE_COLLECTION_FROM and self._collection_paused:
            self._collection_paused = False  # a small folder: collection goes on as usual
            if self._collection_was_on:
                gc.enable()
        seen: list[ArticleRef] = []
        count = [0]
        began = time.monotonic()
        last = {"progress": began + PROGRESS_AFTER_S - PROGRESS_EVERY_S, "partial": began}
        # Each report of the tree so far waits twice as long as the one before: building them costs
        # at most about as much as building the last one, however long the scan.
        wait = [PARTIAL_EVERY_S]
        partial = self.report_partial

        def found(ref: ArticleRef | None) -> None:
            if self._stop.is_set():
                raise _Stopped
            count[0] += 1
            if ref is not None:
                seen.append(ref)
            now = time.monotonic()
            if now - last["progress"] >= PROGRESS_EVERY_S:
                last["progress"] = now
                self.progress.emit(count[0], max(total, count[0]))
            if partial and now - last["partial"] >= wait[0]:
                so_far = progressive.partial_library(self.root, self._so_far(seen))
                self.partial.emit(self._tree(so_far, False))
                last["partial"] = time.monotonic()
                wait[0] *= 2

        library = self._apart.scan(found, self._stop.is_set) if total >= APART_FROM else None
        if library is None:
            if self._stop.is_set():
                raise _Stopped
            seen.clear()  # the process could not read it all: read here, from the start
            count[0] = 0
            cache = progressive.Counting(self.cache, found) if self.cache is not None else None
            library = scan([self.root], cache)
        self.report_partial = False
        self.finished.emit(self._tree(library, True, tuple(folders)))

    def _so_far(self, seen: list[ArticleRef]) -> list[ArticleRef]:
        """The articles read so far, and those read on their own (``loose``) that the scan has not read."""
        loose = self.loose
        if not loose:
            return list(seen)
        ids = {ref.id for ref in seen}
        return [*seen, *(ref for ref in loose if ref.id not in ids)]

    def _tree(self, library: Library, complete: bool, folders: tuple[str, ...] = ()) -> Scanned:
        """The library with its tree: as edits of the last tree sent (a partial one too: the complete tree
        of a first read is the last partial one and the rows read since), which the next edits."""
        titles = self._titles if self._titles is not None and self._edits_made(self._titles) else None
        scanned = _scanned(library, complete, folders, self._last, titles)
        self._last, self._titles = scanned.root, scanned.titles
        return scanned

    def _edits_made(self, titles: tree_filter.Titles) -> bool:
        """Whether the window has made the edits of the last scan's tree (at once, as a rule: the model
        makes them as the scan's result arrives); a new scan's edits are of the tree they made."""
        waited = 0.0
        while not titles.wait_for_edits(0.05):
            waited += 0.05
            if self._stop.is_set():
                raise _Stopped
            if waited >= EDITS_WAIT_S:
                return False
        return True


class _Stopped(Exception):
    """Raised inside the scan to end it when the window closes."""


def _scanned(
    library: Library,
    complete: bool,
    folders: tuple[str, ...] = (),
    last: tree.Node | None = None,
    last_titles: tree_filter.Titles | None = None,
) -> Scanned:
    """The tree of ``library`` and the filter's titles. With ``last`` (the tree last sent, its edits made:
    see ``last_titles``), as changes of that tree when they can be."""
    merged = tree_merge.edits_to(last, library) if last is not None and last_titles is not None else None
    if last is not None and merged is not None:
        # Only rows added or removed, or new references (the usual rescan; 500 new files): the tree on
        # screen is kept and edited, so that the window need not lay out again every row the reader has
        # opened (20,000 took it most of a second), and no second tree is made beside it.
        titles = tree_filter.Titles(merged.edits)
        if merged.edits or merged.refs:
            keys = tree_filter.index_edited(last, merged)
            titles._keys = dict.fromkeys(last._children, keys)
        else:  # nothing changed: the same index and keys
            titles._keys = last_titles.carried(last)._keys  # type: ignore[union-attr]
        root = last
    else:
        root = tree.build(library)
        titles = tree_filter.Titles()
        previous: dict[str, tree.Node] = {}  # the unchanged articles' headings are in the last tree's index
        for top in last._children if last is not None else ():
            previous.update(tree_filter.Titles().keys(top))
        titles.prepare(root, previous)  # the filter's index: here rather than on the first keystroke in it
        del previous
    # The index holds the headings the filter looks for; what else needs them reads the file again.
    if complete:
        forget_headings(library.articles.values())
    else:  # a scan apart's folded text, which the next index takes from this one
        forget_folded(library.articles.values())
    return Scanned(library, root, titles, complete, folders)
