"""The window's parts that wait for the first paint: the notes, search and journal controllers, the link
router and the library folder's commands (issue 15). Their modules are imported here, not by main_window:
the notes' imports alone (sqlite3 among them) were a tenth of the start.

``MainWindow`` reaches them through ``BuiltLater`` attributes (window/start_up.py): built by the start-up
step after the first paint, or at once by whatever asks for one first."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from mgreader.ui.shell import Shell

if TYPE_CHECKING:
    from mgreader.core.library.scan import ContentRoot
    from mgreader.core.notes.store import Store
    from mgreader.core.render.glossary import Glossary
    from mgreader.core.session.reading import ReadingSession
    from mgreader.ui.journal.journal_controller import JournalController
    from mgreader.ui.library.library_files import LibraryFiles
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.reading.link_router import LinkRouter
    from mgreader.ui.search.search_controller import SearchController
    from mgreader.ui.window.layout import WindowLayout
    from mgreader.ui.window.library_follow import LibraryFollow


class Host(Shell, Protocol):
    """What the later parts are built from (MainWindow satisfies it)."""

    @property
    def roots(self) -> list[ContentRoot]: ...

    @property
    def library_dir(self) -> Path: ...

    @property
    def glossary(self) -> Glossary: ...

    @property
    def reading(self) -> ReadingSession: ...

    @property
    def panes(self) -> WindowLayout: ...

    @property
    def topic_filter(self) -> QWidget: ...

    @property
    def topic_tree(self) -> QWidget: ...

    @property
    def following(self) -> LibraryFollow: ...


class LaterParts:
    notes: NotesController
    searching: SearchController
    journal: JournalController
    links: LinkRouter
    files: LibraryFiles

    def __init__(
        self,
        window: Host,
        parent: QWidget,
        store: Store | None,
        store_problem: str,
        open_store: Callable[[], tuple[Store | None, str]] | None,
        backup_dir: Path | None,
        search_index_path: Path | None,
    ) -> None:
        self.w, self.parent = window, parent
        self._notes_args = (store, store_problem, open_store, backup_dir)
        self._search_index_path = search_index_path
        self.built = False
        # Where the notes panel goes, holding its place from the first paint on (the article keeps its width).
        self.notes_place: QWidget | None = QWidget() if store is not None or open_store is not None else None

    def build(self) -> None:
        from mgreader.ui.journal.journal_controller import JournalController
        from mgreader.ui.library.library_files import LibraryFiles
        from mgreader.ui.notes.notes_controller import NotesController
        from mgreader.ui.reading.link_router import LinkRouter
        from mgreader.ui.search.search_controller import SearchController

        w, parent = self.w, self.parent
        self.notes = notes = NotesController(w, *self._notes_args, parent)
        self.searching = SearchController(w, notes, self._search_index_path, parent)
        # The bundled library (the first root) declares the medicines' timing rules.
        self.journal = JournalController(w, notes, w.roots[0].path, parent)
        self.links = LinkRouter(w, w.glossary)
        self.files = LibraryFiles(w.library_dir, w.reading, w.prompter, w.status, parent)
        self.built = True
        if self.notes_place is not None and notes.panel_slot is not None:
            w.panes.place_notes_panel(self.notes_place, notes.panel_slot)
            self.notes_place.deleteLater()
            self.notes_place = None
        if notes.panel_slot is None:
            notes.notes_unavailable()
        if w.article is not None and not w.article.pending:
            w.article_view.when_complete(notes.draw_bookmarks)  # shown before the notes were there

    def open_notes(self) -> None:
        """After the first paint (two steps: each is a turn of the event loop the reader may act between)."""
        gc.enable()  # app.run pauses collection until now: a full collection would otherwise delay the paint
        w = self.w
        panel = self.notes.notes_panel  # opens the notes file and builds the panel
        QWidget.setTabOrder(w.topic_filter, w.topic_tree)
        QWidget.setTabOrder(w.topic_tree, w.article_view)
        if panel is not None:
            QWidget.setTabOrder(w.article_view, panel.tabs)

    def follow_library(self) -> None:
        self.w.following.start()
        self.journal.remind_if_due()
