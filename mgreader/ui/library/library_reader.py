"""The window's library: the bundled articles read at once, the reader's own folder in the background.

Issue 15: with 20,000 articles in "My articles", reading them before the window shows took seconds on a
first start and a good part of a relaunch. Now the window shows the bundled library (and the article the
reader had open, read on its own) straight away; after the first paint a LibraryScanner reads the reader's
folder in a worker thread, the tree fills as it goes, and a line in the status bar says how far it is. A
change in the folder is read again the same way, so a rescan never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from mgreader.core.library.scan import ARTICLE_SUFFIX, ArticleRef, ContentRoot, Library, read_ref, scan
from mgreader.core.library.topics import progressive, tree, tree_filter

if TYPE_CHECKING:
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.settings import Settings
    from mgreader.ui.library.library_scanner import LibraryScanner, Scanned

OWN_CACHE_FILE = "library-mine.json"


class LibraryWindow(Protocol):
    """What the reader of the library asks of its window (MainWindow satisfies it)."""

    @property
    def library_dir(self) -> Path: ...

    @property
    def settings(self) -> Settings: ...

    def status(self, text: str, timeout_ms: int) -> None: ...

    def library_changed(self, titles: tree_filter.Titles | None, complete: bool, first: bool) -> None:
        """Show ``self.library`` and ``self.tree_root()`` (see MainWindow.library_changed)."""
        ...


class LibraryReader(QObject):
    def __init__(
        self,
        window: LibraryWindow,
        roots: list[ContentRoot],
        cache: ScanCache | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.w = window
        own = [r for r in roots if r.path == window.library_dir]
        self.own_root: ContentRoot | None = own[0] if own else None
        self.now_roots = [r for r in roots if r is not self.own_root]
        self.cache = cache
        self.bundled = scan(self.now_roots, cache)
        self.bundled_root = tree.build(self.bundled)
        self.own = Library(())
        self.own_tree = tree.build(self.own)
        self.folders: tuple[str, ...] = ()  # the reader's folders, as the last full read found them
        # Articles read on their own (the one open at the last quit, imports) until a scan reaches them.
        self._loose: dict[str, ArticleRef] = {}
        self._scanner: LibraryScanner | None = None  # made when first needed (after the first paint)
        self.complete = self.own_root is None  # whether the reader's folder has been read in full
        self._after: list[Callable[[], None]] = []  # to do once the folder has been read (imports)
        self._progress_shown = False
        self._stopped = False
        if self.own_root is not None:
            self._loose = {r.id: r for r in self._read_own([window.settings.get("last_article")])}
            self.own = progressive.partial_library(self.own_root, self._loose.values())
            self.own_tree = tree.build(self.own)
        self.library = progressive.joined(self.bundled, self.own)

    def tree_root(self) -> tree.Node:
        """The bundled topics and the reader's, under one root (a new one each time: see tree.join)."""
        return tree.join(self.bundled_root, self.own_tree)

    @property
    def scanner(self) -> LibraryScanner | None:
        """The worker that reads the reader's folder (None without one). Made on first use: its module is
        not needed for the first paint."""
        if self._scanner is None and self.own_root is not None:
            from mgreader.ui.library.library_scanner import LibraryScanner

            own_cache = self.cache.sibling(OWN_CACHE_FILE) if self.cache is not None else None
            self._scanner = scanner = LibraryScanner(self.own_root, own_cache)
            scanner.progress.connect(self._progress)
            scanner.partial.connect(self._arrived)
            scanner.finished.connect(self._arrived)
        return self._scanner

    @property
    def busy(self) -> bool:
        return self._scanner is not None and self._scanner.busy

    def is_own(self, article_id: str) -> bool:
        """Whether the article is one of the reader's own (read in the background)."""
        return self.own_root is not None and article_id.startswith(self.own_root.key)

    def read_in_background(self, then: Callable[[], None] | None = None) -> None:
        """Read the reader's folder again (all of it on the first call), then call ``then``."""
        if then is not None:
            self._after.append(then)
        if self.scanner is None:
            self._run_after()
            return
        self.scanner.loose = tuple(self._loose.values())  # in the trees it sends while it reads
        self.scanner.scan()

    def rescan_now_roots(self) -> None:
        """Read the bundled library (or --content folder) again, at once: it is small."""
        from mgreader.core.library.topics import tree_merge  # a rescan's: not before the first paint

        self.bundled = scan(self.now_roots, self.cache)
        merged = tree_merge.edits_to(self.bundled_root, self.bundled)
        if merged is None or merged.edits:
            self.bundled_root = tree.build(self.bundled)
        elif merged.refs:  # the same rows: those on screen stay, with the new references (tree_merge)
            tree_filter.index_edited(self.bundled_root, merged)
        self.library = progressive.joined(self.bundled, self.own)

    def add_own(self, paths: list[str]) -> None:
        """Articles just copied into the reader's folder: shown at once, before the folder is read again."""
        if self.own_root is None:
            return
        known = dict(self.own.articles)
        for ref in self._read_own(paths):
            known[ref.id] = self._loose[ref.id] = ref
        self.own = progressive.partial_library(self.own_root, known.values())
        self.own_tree = tree.build(self.own)
        self.library = progressive.joined(self.bundled, self.own)

    def stop(self) -> None:
        """The window closes: end the worker, and let nothing it sent before it ended reach the window."""
        self._stopped = True
        if self._scanner is not None:
            self._scanner.stop()

    def _read_own(self, ids_or_paths: Sequence[object]) -> list[ArticleRef]:
        """References for these article ids or file paths within the reader's folder (missing: skipped)."""
        assert self.own_root is not None
        refs = []
        for item in ids_or_paths:
            if not isinstance(item, str):
                continue
            prefix = self.own_root.key
            path = (
                self.own_root.path / (item[len(prefix) :] + ARTICLE_SUFFIX)
                if item.startswith(prefix)
                else self.own_root.path / item
            )
            if path.is_file():
                refs.append(read_ref(self.own_root, path))
        return refs

    def _progress(self, read: int, total: int) -> None:
        if total > 0 and not self.complete and not self._stopped:
            self._progress_shown = True
            self.w.status(f"Reading your library: {read:,} of {total:,}", 0)

    def _arrived(self, scanned: Scanned) -> None:
        if self._stopped or (self.complete and not scanned.complete):
            return  # the window has closed; or a late report of what was read, after all of it
        if scanned.complete:
            self._loose = {}
            self.folders = scanned.folders
        else:
            # What was read so far, with the articles read on their own that the scan has not reached (it
            # shows those it was given: these came since, imported).
            missing = [r for k, r in self._loose.items() if k not in scanned.library.articles]
            if missing:
                assert self.own_root is not None
                merged = progressive.partial_library(
                    self.own_root, [*scanned.library.articles.values(), *missing]
                )
                root = tree.build(merged)
                # Indexed from the scan's tree: its references let their headings go (scan.forget_folded).
                tree_filter.Titles().prepare(root, scanned.titles.nodes())
                scanned = replace(scanned, library=merged, root=root, complete=False, folders=())
        self.own, self.own_tree = scanned.library, scanned.root
        self.library = progressive.joined(self.bundled, self.own)
        first = not self.complete and scanned.complete
        if scanned.complete:
            self.complete = True
            if self._progress_shown:
                self._progress_shown = False
                count = len(scanned.library.articles)
                self.w.status(f"Your library is read: {count:,} articles.", 4000)
        self.w.library_changed(scanned.titles, complete=scanned.complete, first=first)
        if scanned.complete:
            self._run_after()

    def _run_after(self) -> None:
        after, self._after = self._after, []
        for then in after:
            then()
