"""The window follows the reader's library: the folder watched, rescans, imports, what was left out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from mgreader.core.library import walk
from mgreader.core.words import counted

if TYPE_CHECKING:
    from mgreader.core.library.scan import ArticleRef, Library
    from mgreader.core.library.topics import tree_filter
    from mgreader.core.render.reader import Article
    from mgreader.core.session.reading import ReadingSession
    from mgreader.ui.library.library_files import LibraryFiles
    from mgreader.ui.library.library_pane import LibraryPane
    from mgreader.ui.library.library_reader import LibraryReader
    from mgreader.ui.library.library_watcher import LibraryWatcher
    from mgreader.ui.search.search_controller import SearchController


class LibraryHost(Protocol):
    """What following the library asks of the window (MainWindow satisfies it)."""

    library: Library

    @property
    def library_dir(self) -> Path: ...

    @property
    def shelf(self) -> LibraryReader: ...

    @property
    def reading(self) -> ReadingSession: ...

    @property
    def files(self) -> LibraryFiles: ...

    @property
    def library_pane(self) -> LibraryPane: ...

    @property
    def searching(self) -> SearchController: ...

    @property
    def article(self) -> Article | None: ...

    def status(self, text: str, timeout_ms: int) -> None: ...

    def open_article(self, article_id: str, anchor: str = "", position: int | None = None) -> bool: ...

    def reload_article(self, ref: ArticleRef) -> None:
        """Read the open article again (its file may have changed), keeping the reader's place."""
        ...


class LibraryFollow:
    def __init__(self, window: LibraryHost, parent: QObject) -> None:
        self.w = window
        self.parent = parent  # the folder watch's parent: it lives as long as the window
        self.watcher: LibraryWatcher | None = None

    def start(self) -> None:
        """After the first paint: watch the folder and index it, or read the reader's folder first."""
        shelf = self.w.shelf
        if shelf.scanner is None:
            self._watch()
            self.w.searching.update_index()
            self.report_skipped()
        else:
            shelf.read_in_background()  # then changed(first=True) watches and indexes

    def report_skipped(self) -> None:
        """Links out of the library, loops and too-deep folders are left out: say so (issue 11)."""
        if self.w.library.skipped:
            self.w.status(walk.summary(self.w.library.skipped), 15000)

    def _watch(self) -> None:
        from mgreader.ui.library.library_watcher import LibraryWatcher

        self.watcher = LibraryWatcher(self.w.library_dir, self.parent, self._own_folders())
        self.watcher.changed.connect(self.rescan)

    def _own_folders(self) -> list[str] | None:
        shelf = self.w.shelf
        return list(shelf.folders) if shelf.complete and shelf.scanner is not None else None

    def rescan(self) -> None:
        """Read the library again (a file was added, changed or removed), keeping the reader's place: the
        bundled library (or --content folder) at once, the reader's folder in a worker (library_reader)."""
        self.w.shelf.rescan_now_roots()
        self.changed(None, complete=False, first=False, reload=True)
        self.w.shelf.read_in_background()

    def changed(
        self, titles: tree_filter.Titles | None, complete: bool, first: bool, reload: bool = False
    ) -> None:
        """The library read again (or, during a long first read, as far as it is read): show it.
        ``complete``: the reader's folder was read in full, so the folder watch and the index follow it
        (``first``: for the first time); then, or with ``reload``, the open article is read again."""
        w = self.w
        skipped_before = w.library.skipped
        w.library = w.reading.library = w.shelf.library
        if first or (complete and w.library.skipped != skipped_before):
            self.report_skipped()
        w.library_pane.show_library(w.shelf.tree_root(), titles)
        if first:
            self._watch()
        elif complete and self.watcher is not None:
            self.watcher.update(self._own_folders())
        # The open article is read again by the step that read its folder (its file may have changed).
        article = w.article
        mine = article is not None and w.shelf.is_own(article.ref.id)
        if article is not None and ((complete and mine) or (reload and not mine)):
            ref = w.library.get(article.ref.id)
            if ref is not None:
                w.reload_article(ref)  # re-anchors the article's bookmarks first: the indexer then reads them
        if first:
            w.searching.update_index()
        elif complete and w.searching.indexer is not None:
            w.searching.indexer.sync(w.library)

    def import_articles(self, paths: list[str] | None = None) -> None:
        """Import the reader's files into My articles, and open the first."""
        w = self.w
        imported = w.files.import_articles(paths)
        if imported:
            w.shelf.add_own([p.relative_to(w.library_dir).as_posix() for p in imported])
            self.rescan()
            first = w.library.find(w.library_dir, imported[0].relative_to(w.library_dir).as_posix())
            if first is not None:
                w.open_article(first.id)
            w.status(f"Imported {counted(len(imported), 'article')} into My articles.", 8000)
