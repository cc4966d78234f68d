"""The main window: topic tree on the left, the article in the centre; navigation, layout, saved state."""

from __future__ import annotations

import gc
import posixpath
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from mgreader.core.errors import SettingsError
from mgreader.core.library import walk
from mgreader.core.library.scan import ArticleRef, ContentRoot, Library
from mgreader.core.render import glossary
from mgreader.core.render.page import point_size
from mgreader.core.render.reader import Article, ArticleLoader
from mgreader.core.session.changes import Changes
from mgreader.core.session.reading import ReadingSession, find_glossary
from mgreader.core.settings import Settings
from mgreader.core.theme import Theme
from mgreader.core.words import counted
from mgreader.ui.actions import Actions
from mgreader.ui.change_bus import ChangeBus
from mgreader.ui.help import dialogs as help_dialogs
from mgreader.ui.journal.journal_controller import JournalController
from mgreader.ui.menus import build_menus
from mgreader.ui.message_bar import ForwardingStatusBar, MessageBar
from mgreader.ui.notes.notes_controller import NotesController
from mgreader.ui.prompts import Prompter
from mgreader.ui.reading.appearance import Appearance
from mgreader.ui.reading.article_view import ArticleView
from mgreader.ui.reading.background_load import BackgroundLoad
from mgreader.ui.reading.library_files import LibraryFiles
from mgreader.ui.reading.library_pane import LibraryPane
from mgreader.ui.reading.library_reader import LibraryReader
from mgreader.ui.reading.link_router import LinkRouter
from mgreader.ui.reading.side_tabs import SideTabs
from mgreader.ui.search.search_controller import SearchController
from mgreader.ui.window_state import restore_layout, save_layout

if TYPE_CHECKING:
    from mgreader.core.library import tree_filter
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.notes.store import Store
    from mgreader.ui.reading.library_watcher import LibraryWatcher

# The work after the first paint runs after this long even when no article gets painted.
AFTER_PAINT_FALLBACK_MS = 2000


class MainWindow(QMainWindow):
    article_opened = Signal(str)

    def __init__(
        self,
        roots: list[ContentRoot],
        loader: ArticleLoader,
        settings: Settings,
        theme: Theme,
        library_dir: Path,
        prompter: Prompter | None = None,
        store: Store | None = None,
        store_problem: str = "",
        open_store: Callable[[], tuple[Store | None, str]] | None = None,
        search_index_path: Path | None = None,
        scan_cache: ScanCache | None = None,
        backup_dir: Path | None = None,
        speech_engine: str | None = None,
    ) -> None:
        """``store`` is the open notes file; or ``open_store`` opens it once the first article is painted
        (its imports and file work are not needed for the first paint)."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Mg Reader")
        self.roots = roots
        self.loader = loader
        self.settings = settings
        self.theme = theme
        self.library_dir = library_dir
        self.prompter = prompter or Prompter(self)
        self._started = False
        self.scan_cache = scan_cache
        self.shelf = LibraryReader(self, roots, scan_cache, self)  # the bundled library now, the rest later
        self.library: Library = self.shelf.library
        self.reading = ReadingSession(settings, self.library)
        self.files = LibraryFiles(library_dir, self.reading, self.prompter, self.status, self)
        self._watcher: LibraryWatcher | None = None
        self.glossary = self._load_glossary()
        self.changes = ChangeBus(self)
        self.changes.changed.connect(self._changed)
        self.article: Article | None = None
        self.article_view = ArticleView()
        self._background = BackgroundLoad(loader, self)
        self._background.loaded.connect(self._prepared)

        # Not ``actions``: that would hide QWidget.actions().
        self.commands = Actions(self)
        self.notes = NotesController(self, store, store_problem, open_store, backup_dir, self)
        self.searching = SearchController(self, self.notes, search_index_path, self)
        # The bundled library (the first root) declares the medicines' timing rules.
        self.journal = JournalController(self, self.notes, roots[0].path, self)
        self.library_pane = LibraryPane(self.shelf.tree_root(), self.reading.progress())
        self.topic_filter = self.library_pane.topic_filter
        self.topic_tree = self.library_pane.topic_tree
        self._build_widgets()
        self.appearance = Appearance(
            self.commands, settings, theme, self.article_view, self._redraw, self.status, speech_engine, self
        )
        self.toolbar = build_menus(self, self.commands)
        self.links = LinkRouter(self, self.glossary)
        self._connect()
        self._update_history_actions()

    # ----------------------------------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        # The Search page is built when first opened; until then an empty page holds its place.
        self.left_tabs = SideTabs(self.library_pane, lambda: self.searching.search_panel)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.left_tabs)

        self.centre = QWidget()
        self.centre_layout = QVBoxLayout(self.centre)
        self.centre_layout.setContentsMargins(0, 0, 0, 0)
        self.centre_layout.setSpacing(0)
        # Above the article: on screen in every layout (focus mode too), where the reader is looking.
        self.message_bar = MessageBar()
        self.centre_layout.addWidget(self.message_bar)
        # In focus mode nothing else on screen says how to come back.
        self.focus_hint = QLabel("Esc: show everything")
        self.focus_hint.setObjectName("focusHint")
        self.focus_hint.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.focus_hint.setContentsMargins(8, 2, 8, 2)
        self.focus_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.focus_hint.hide()
        self.centre_layout.addWidget(self.focus_hint)
        self.centre_layout.addWidget(self.article_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.centre)
        if self.notes.panel_slot is not None:
            self.splitter.addWidget(self.notes.panel_slot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([280, 820, 340][: self.splitter.count()])
        self.setCentralWidget(self.splitter)
        self.setStatusBar(ForwardingStatusBar(self.message_bar, self))

    def _connect(self) -> None:
        a = self.commands
        a.back.triggered.connect(self.go_back)
        a.forward.triggered.connect(self.go_forward)
        a.filter_topics.triggered.connect(self.library_pane.focus_filter)
        a.open_library_folder.triggered.connect(self.files.open_folder)
        a.import_article.triggered.connect(self.import_articles)
        a.quit.triggered.connect(self.close)
        a.show_disclaimer.triggered.connect(self.show_disclaimer)
        a.about.triggered.connect(lambda: help_dialogs.show_about(self.prompter))
        a.focus_mode.toggled.connect(self.set_focus_mode)
        a.leave_focus_mode.triggered.connect(lambda: a.focus_mode.setChecked(False))
        a.shortcuts.triggered.connect(self.show_shortcuts)
        self.appearance.theme_changed.connect(self._theme_changed)
        self.article_opened.connect(lambda _id: self.appearance.article_changed())
        self.library_pane.article_requested.connect(self.open_article)
        self.library_pane.said.connect(lambda text: self.statusBar().showMessage(text))
        self.article_view.link_clicked.connect(self.links.follow)
        self.article_view.describe_link = self.links.describe
        self.article_view.bookmark_requested.connect(self.notes.bookmark_span)
        a.bookmark_passage.triggered.connect(lambda: self.article_view.request_bookmark())
        a.add_note.triggered.connect(self.notes.add_note)
        a.appointment_sheet.triggered.connect(lambda: self.notes.open_sheet())
        a.record_visit.triggered.connect(lambda: self.notes.open_visits())
        a.backup.triggered.connect(lambda: self.notes.file.backup_now())
        a.restore.triggered.connect(lambda: self.notes.file.restore_backup())
        a.export_all.triggered.connect(lambda: self.notes.file.export_everything())
        a.import_all.triggered.connect(lambda: self.notes.file.import_everything())
        a.undo_delete.triggered.connect(self.notes.undo_delete)
        a.find.triggered.connect(lambda: self.searching.find_bar.open_bar())
        a.find_next.triggered.connect(lambda: self.searching.find_bar.next())
        a.find_previous.triggered.connect(lambda: self.searching.find_bar.previous())
        a.search_library.triggered.connect(self.searching.open_search)
        a.check_in.triggered.connect(lambda: self.journal.check_in())
        a.medicines.triggered.connect(self.journal.medicines)
        a.journal.triggered.connect(self.journal.show_journal)
        a.checkin_reminder.setChecked(bool(self.settings.get("checkin_reminder", False)))
        a.checkin_reminder.toggled.connect(lambda on: self.settings.set("checkin_reminder", on))
        self.article_view.first_painted.connect(lambda: QTimer.singleShot(0, self._after_first_paint))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.appearance.system_scheme_changed)
        # With no article to paint (an empty library) the start is finished all the same.
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self._after_first_paint)
        if self.notes.panel_slot is None:
            self.notes.notes_unavailable()

    # ------------------------------------------------------------------------ what controllers may ask
    def apply(self, changes: Changes) -> None:
        self.changes.apply(changes)

    def on_changed(self, callback: Callable[[Changes], object]) -> None:
        self.changes.changed.connect(callback)

    def status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def on_article_opened(self, callback: Callable[[str], object]) -> None:
        self.article_opened.connect(callback)

    def dialog_parent(self) -> QWidget:
        return self

    def place_notes_panel(self, placeholder: QWidget, panel: QWidget) -> None:
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(self.splitter.indexOf(placeholder), panel)
        self.splitter.setSizes(sizes)

    def place_find_bar(self, bar: QWidget) -> None:
        self.centre_layout.addWidget(bar)

    def place_search_page(self, page: QWidget) -> None:
        self.left_tabs.place_search_page(page)

    def open_check_in(self, day: str) -> None:
        from datetime import date

        QTimer.singleShot(0, lambda: self.journal.check_in(date.fromisoformat(day)))

    def show_search_page(self) -> None:
        self.left_tabs.show_search_page()

    def notes_unavailable(self, reason: str) -> None:
        for action in (self.commands.bookmark_passage, self.commands.add_note, self.commands.undo_delete):
            action.setEnabled(False)
            action.setToolTip(reason)

    # -------------------------------------------------------------------------------------- navigation
    def open_article(self, article_id: str, anchor: str = "", position: int | None = None) -> bool:
        """Show an article, scrolled to ``anchor`` or ``position`` (else where the reader left it)."""
        ref = self.library.get(article_id)
        if ref is None:
            self.statusBar().showMessage("That article is no longer in the library.", 8000)
            return False
        if self.article is not None and self.article.ref.id == article_id and position is None:
            if anchor:  # the article is open already: keep the reader's place unless a part was asked for
                self.article_view.scroll_to_anchor(anchor)
            return True
        if position is None:
            position = self.reading.saved_position(article_id)
        self._leave_article()
        self._present(ref, anchor, position, visit=True)
        return True

    def _present(self, ref: ArticleRef, anchor: str, position: int, visit: bool) -> None:
        """Load and show ``ref`` at ``anchor`` (or ``position``), and bring the rest of the window along;
        ``visit`` records a new place in the history (Back and Forward move through it instead)."""
        self.article = self.loader.load(ref, wait=False)
        self._show_current()
        if self.article.pending:  # a long article: formatted off this thread, shown when ready
            self._background.start(ref, (anchor, position))
        else:
            self._scroll_to(anchor, position)
        self.reading.arrived(ref.id, self.article_view.reading_position(), visit)
        self.setWindowTitle(f"{ref.title} - Mg Reader")
        self.library_pane.select(ref.id)
        self._update_history_actions()
        self.article_opened.emit(ref.id)

    def _show_current(self) -> None:
        if self.article is None:
            return
        ref = self.article.ref
        font, spacing = self.settings.get("font", "system"), self.settings.get("line_spacing", "normal")
        article = self.article
        if self.glossary.terms and ref.id != self.glossary.article_id:
            marked = glossary.mark_terms(article.body.html, self.glossary)
            article = replace(article, body=replace(article.body, html=marked))
        zoom = self.appearance.zoom
        html = self.loader.page(article, self.theme, zoom, font, spacing)
        root = ref.root
        self.article_view.show_page(html, root, posixpath.dirname(ref.relpath), point_size(zoom))
        if not self.article.pending:  # "Preparing...": its bookmarks are not lost, only not placed yet
            self.notes.draw_bookmarks()

    def _scroll_to(self, anchor: str, position: int) -> None:
        if anchor:
            self.article_view.scroll_to_anchor(anchor)
        else:
            self.article_view.scroll_to_position(position)

    def _prepared(self, article: Article, place: tuple[str, int]) -> None:
        """A long article is formatted: show it, if the reader is still waiting for it."""
        self._background.running -= 1
        if self.article is None or not self.article.pending or self.article.ref.id != article.ref.id:
            return
        self.article = article
        self._show_current()
        self._scroll_to(*place)

    # ------------------------------------------------------------------------------------------ bookmarks

    def _after_first_paint(self) -> None:
        """What waits until the first article is on screen (or the fallback timer, when nothing is shown)."""
        if self._started:
            return
        self._started = True
        gc.enable()  # app.run pauses collection until now: a full collection would otherwise delay the paint
        panel = self.notes.notes_panel  # opens the notes file and builds the panel
        self.setTabOrder(self.topic_filter, self.topic_tree)
        self.setTabOrder(self.topic_tree, self.article_view)
        if panel is not None:
            self.setTabOrder(self.article_view, panel.tabs)
        if self.shelf.scanner is None:
            self._watch_library()
            self.searching.update_index()
            self._report_skipped()
        else:
            self.shelf.read_in_background()  # then library_changed(first=True) watches and indexes
        self.journal.remind_if_due()

    def _report_skipped(self) -> None:
        """Links out of the library, loops and too-deep folders are left out: say so (issue 11)."""
        if self.library.skipped:
            self.statusBar().showMessage(walk.summary(self.library.skipped), 15000)

    # ---------------------------------------------------------------------------------------------- search

    def _load_glossary(self) -> glossary.Glossary:
        """The glossary article's terms, marked where they are read in other articles."""
        ref = find_glossary(self.library)
        return glossary.load(ref.id, ref.path) if ref is not None else glossary.Glossary("", ())

    def follow_link(self, href: str) -> None:
        self.links.follow(href)

    def go_back(self) -> None:
        self._travel(forward=False)

    def go_forward(self) -> None:
        self._travel(forward=True)

    def _travel(self, forward: bool) -> None:
        self._leave_article()
        showing = self.reading.step(forward)
        if showing is not None:
            self._present(showing.ref, "", showing.position, visit=False)

    def _leave_article(self) -> None:
        """Remember where the reader was in the article on screen, and whether they read it."""
        if self.article is None:
            return
        bar = self.article_view.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        self.apply(self.reading.leave(self.article_view.reading_position(), at_end))

    def _changed(self, changes: Changes) -> None:
        """The window's own views: the read / partly-read marks in the topic tree."""
        if changes.progress:
            progress = self.reading.progress()
            for article_id in changes.progress:
                self.library_pane.set_progress(article_id, progress.get(article_id, ""))

    def _update_history_actions(self) -> None:
        self.commands.back.setEnabled(self.reading.history.can_go_back())
        self.commands.forward.setEnabled(self.reading.history.can_go_forward())

    # ------------------------------------------------------------------------------------- appearance
    def _theme_changed(self, theme: Theme) -> None:
        self.theme = theme
        self.notes.theme_changed(theme)
        self.searching.theme_changed(theme)
        self.journal.theme_changed()

    def _redraw(self) -> None:
        """Render the article again (size, theme, font ...), on the same words."""
        position = self.article_view.reading_position()
        self._show_current()
        self.article_view.scroll_to_position(position)

    def set_focus_mode(self, on: bool) -> None:
        """Only the article, centred; the side panels, tool bar and status bar step aside."""
        for index in range(self.splitter.count()):
            widget = self.splitter.widget(index)
            if widget is not None and widget is not self.centre:
                widget.setVisible(not on)
        self.toolbar.setVisible(not on)
        self.statusBar().setVisible(not on)
        self.commands.leave_focus_mode.setEnabled(on)
        self.focus_hint.setVisible(on)
        if on:
            self.article_view.setFocus()

    def show_shortcuts(self) -> None:
        help_dialogs.show_shortcuts(self, self.commands.all())

    # ------------------------------------------------------------------------------- the reader's library
    def _watch_library(self) -> None:
        from mgreader.ui.reading.library_watcher import LibraryWatcher

        self._watcher = LibraryWatcher(self.library_dir, self, self._own_folders())
        self._watcher.changed.connect(self.rescan)

    def _own_folders(self) -> list[str] | None:
        return list(self.shelf.folders) if self.shelf.complete and self.shelf.scanner is not None else None

    def rescan(self) -> None:
        """Read the library again (a file was added, changed or removed), keeping the reader's place: the
        bundled library (or --content folder) at once, the reader's folder in a worker (library_reader)."""
        self.shelf.rescan_now_roots()
        self.library_changed(None, complete=False, first=False, reload=True)
        self.shelf.read_in_background()

    def library_changed(
        self, titles: tree_filter.Titles | None, complete: bool, first: bool, reload: bool = False
    ) -> None:
        """The library read again (or, during a long first read, as far as it is read): show it.
        ``complete``: the reader's folder was read in full, so the folder watch and the index follow it
        (``first``: for the first time); then, or with ``reload``, the open article is read again."""
        skipped_before = self.library.skipped
        self.library = self.reading.library = self.shelf.library
        if first or (complete and self.library.skipped != skipped_before):
            self._report_skipped()
        self.library_pane.show_library(self.shelf.tree_root(), titles)
        if first:
            self._watch_library()
        elif complete and self._watcher is not None:
            self._watcher.update(self._own_folders())
        # The open article is read again by the step that read its folder (its file may have changed).
        mine = self.article is not None and self.shelf.is_own(self.article.ref.id)
        if self.article is not None and ((complete and mine) or (reload and not mine)):
            ref = self.library.get(self.article.ref.id)
            if ref is not None:
                position = self.article_view.reading_position()
                self.article = self.loader.load(ref, wait=False)
                self._show_current()  # re-anchors the article's bookmarks first: the indexer then reads them
                if self.article.pending:
                    self._background.start(ref, ("", position))
                else:
                    self.article_view.scroll_to_position(position)
        if first:
            self.searching.update_index()
        elif complete and self.searching.indexer is not None:
            self.searching.indexer.sync(self.library)

    def import_articles(self, paths: list[str] | None = None) -> None:
        """Import the reader's files into My articles, and open the first."""
        imported = self.files.import_articles(paths)
        if imported:
            self.shelf.add_own([p.relative_to(self.library_dir).as_posix() for p in imported])
            self.rescan()
            first = self.library.find(self.library_dir, imported[0].relative_to(self.library_dir).as_posix())
            if first is not None:
                self.open_article(first.id)
            self.status(f"Imported {counted(len(imported), 'article')} into My articles.", 8000)

    # ------------------------------------------------------------------------------------ dialogs, state
    def bring_to_front(self) -> None:
        """Another start of Mg Reader asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("Mg Reader was started again: this is the window it opened.", 8000)

    def show_disclaimer(self) -> None:
        help_dialogs.show_disclaimer(self, self.loader.composer.disclaimer)

    def restore_state(self) -> None:
        """Window geometry, splitter sizes, and the last article at the last reading position."""
        restore_layout(self, self.splitter, self.settings)
        self.appearance.show_chosen()
        start = self.reading.start()
        if start is not None:
            self.open_article(start.id)

    def save_state(self) -> None:
        self.notes.flush()
        self.notes.file.backup_if_changed()
        self._leave_article()
        save_layout(self, self.splitter, self.settings)
        self.settings.set("zoom", self.appearance.zoom)
        try:
            self.settings.save()
        except SettingsError as error:
            self.statusBar().showMessage(str(error), 10000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.notes.flush():
            # Never close silently over unsaved typing: ask; if the reader closes anyway, hand them the text.
            texts = self.notes.unsaved_texts()
            if not self.prompter.confirm_close_unsaved():
                event.ignore()
                return
            QGuiApplication.clipboard().setText("\n\n".join(texts))
        self.save_state()
        self.shelf.stop()
        self.searching.close()
        # The desktop's colour-scheme signal belongs to the application, which may outlive this window
        # (mgreader.main reuses a running QApplication): a closed window must not redraw over closed notes.
        with suppress(RuntimeError, TypeError):
            QGuiApplication.styleHints().colorSchemeChanged.disconnect(self.appearance.system_scheme_changed)
        super().closeEvent(event)
