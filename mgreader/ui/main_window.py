"""The main window: topic tree on the left, the article in the centre; navigation, zoom, saved state."""

from __future__ import annotations

import gc
import posixpath
import shutil
from collections.abc import Callable
from dataclasses import replace
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.errors import SettingsError
from mgreader.core.library import tree
from mgreader.core.library.scan import MINE_PREFIX, ArticleRef, ContentRoot, Library, scan
from mgreader.core.render import glossary, links
from mgreader.core.render.page import MAX_ZOOM, MIN_ZOOM, point_size
from mgreader.core.render.reader import Article, ArticleLoader
from mgreader.core.session.history import History, Place
from mgreader.core.settings import Settings
from mgreader.core.theme import Theme
from mgreader.ui.actions import Actions
from mgreader.ui.notes.notes_controller import NotesController
from mgreader.ui.prompts import Prompter
from mgreader.ui.reading.article_view import ArticleView
from mgreader.ui.reading.tree_model import AnchorRole, ArticleRole, KeyRole, TopicFilterModel, TopicTreeModel
from mgreader.ui.search.search_controller import SearchController

if TYPE_CHECKING:
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.notes.store import Store
    from mgreader.ui.reading.read_aloud import ReadAloud

# The work after the first paint runs after this long even when no article gets painted.
AFTER_PAINT_FALLBACK_MS = 2000
# Waiting this long after the last change in the library folder lets a copy finish before the rescan.
RESCAN_DELAY_MS = 300


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
        self.speech_engine = speech_engine  # None: the system's; tests use Qt's "mock" engine
        self._voice: ReadAloud | None = None
        self.history = History()
        self.scan_cache = scan_cache
        self.library: Library = scan(roots, scan_cache)
        self.glossary = self._find_glossary()
        self.article: Article | None = None
        self.zoom = settings.get_int("zoom", 0)

        self.actions = Actions(self)
        self.notes = NotesController(self, store, store_problem, open_store, backup_dir)
        self.searching = SearchController(self, self.notes, search_index_path)
        self.tree_model = TopicTreeModel(tree.build(self.library), self)
        self.tree_model.progress = {
            k: v for k, v in settings.get_dict("progress").items() if isinstance(v, str)
        }
        self.filter_model = TopicFilterModel(self)
        self.filter_model.setSourceModel(self.tree_model)
        self._build_widgets()
        self._build_menus()
        self._connect()
        self._update_history_actions()

    # ----------------------------------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        self.topic_filter = QLineEdit()
        self.topic_filter.setObjectName("topicFilter")
        self.topic_filter.setPlaceholderText("Filter topics and articles")
        self.topic_filter.setClearButtonEnabled(True)
        self.topic_filter.setAccessibleName("Filter topics")
        self.topic_filter.setAccessibleDescription("Type to show only the titles with your words in them.")

        self.topic_tree = QTreeView()
        self.topic_tree.setObjectName("topicTree")
        self.topic_tree.setAccessibleName("Topics and articles")
        self.topic_tree.setAccessibleDescription("Enter opens an article; arrow keys open and close topics.")
        self.topic_tree.setHeaderHidden(True)
        self.topic_tree.setModel(self.filter_model)
        self.topic_tree.setUniformRowHeights(True)
        self._expand_topics()

        library_page = QWidget()
        library_layout = QVBoxLayout(library_page)
        library_layout.setContentsMargins(0, 0, 0, 0)
        library_layout.setSpacing(6)
        library_layout.addWidget(self.topic_filter)
        library_layout.addWidget(self.topic_tree)
        # The Search page is built when first opened; until then an empty page holds its place.
        self.left_tabs = QTabWidget()
        self.left_tabs.setObjectName("leftTabs")
        self.left_tabs.tabBar().setAccessibleName("Library or search")
        self.left_tabs.addTab(library_page, "Library")
        self.left_tabs.addTab(QWidget(), "Search")
        self.left_tabs.currentChanged.connect(lambda index: index == 1 and self.searching.search_panel)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.left_tabs)

        self.article_view = ArticleView()
        self.centre = QWidget()
        self.centre_layout = QVBoxLayout(self.centre)
        self.centre_layout.setContentsMargins(0, 0, 0, 0)
        self.centre_layout.setSpacing(0)
        self.centre_layout.addWidget(self.article_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.centre)
        self._watcher: QFileSystemWatcher | None = None
        if self.notes.panel_slot is not None:
            self.splitter.addWidget(self.notes.panel_slot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([280, 820, 340][: self.splitter.count()])
        self.setCentralWidget(self.splitter)
        self.statusBar()

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(a.appointment_sheet)
        file_menu.addSeparator()
        file_menu.addActions([a.import_article, a.open_library_folder])
        file_menu.addSeparator()
        file_menu.addActions([a.backup, a.restore, a.export_all, a.import_all])
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([a.bookmark_passage, a.add_note])
        edit_menu.addSeparator()
        edit_menu.addAction(a.undo_delete)
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([a.back, a.forward])
        go_menu.addSeparator()
        go_menu.addAction(a.filter_topics)
        go_menu.addSeparator()
        go_menu.addActions([a.find, a.find_next, a.find_previous, a.search_library])
        view_menu = bar.addMenu("&View")
        view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(list(a.themes.values()))
        text_menu = view_menu.addMenu("Te&xt")
        text_menu.addActions(list(a.fonts.values()))
        text_menu.addSeparator()
        text_menu.addActions(list(a.spacings.values()))
        view_menu.addAction(a.focus_mode)
        read_menu = view_menu.addMenu("Read &aloud")
        read_menu.addActions([a.read_aloud, a.stop_reading, a.read_faster, a.read_slower])
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([a.shortcuts, a.show_disclaimer, a.about])

        toolbar = self.toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("navigationToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([a.back, a.forward])
        toolbar.addSeparator()
        toolbar.addActions([a.zoom_out, a.zoom_in])
        toolbar.addSeparator()
        toolbar.addActions([a.bookmark_passage, a.add_note])
        toolbar.addSeparator()
        toolbar.addAction(a.appointment_sheet)

    def _connect(self) -> None:
        a = self.actions
        a.back.triggered.connect(self.go_back)
        a.forward.triggered.connect(self.go_forward)
        a.zoom_in.triggered.connect(lambda: self.set_zoom(self.zoom + 1))
        a.zoom_out.triggered.connect(lambda: self.set_zoom(self.zoom - 1))
        a.zoom_reset.triggered.connect(lambda: self.set_zoom(0))
        a.filter_topics.triggered.connect(self._focus_filter)
        a.open_library_folder.triggered.connect(self.open_library_folder)
        a.import_article.triggered.connect(self.import_articles)
        a.quit.triggered.connect(self.close)
        a.show_disclaimer.triggered.connect(self.show_disclaimer)
        a.about.triggered.connect(self._about)
        a.focus_mode.toggled.connect(self.set_focus_mode)
        a.leave_focus_mode.triggered.connect(lambda: a.focus_mode.setChecked(False))
        a.shortcuts.triggered.connect(self.show_shortcuts)
        a.read_aloud.triggered.connect(lambda: self.reader_voice.toggle())
        a.stop_reading.triggered.connect(lambda: self.reader_voice.stop())
        a.read_faster.triggered.connect(lambda: self.reader_voice.faster())
        a.read_slower.triggered.connect(lambda: self.reader_voice.slower())
        for key, action in a.themes.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_theme(key))
        for key, action in a.fonts.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_text_style(font=key))
        for key, action in a.spacings.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_text_style(spacing=key))
        self.topic_filter.textChanged.connect(self._filter_changed)
        self.topic_filter.returnPressed.connect(self._open_first_match)
        self.topic_tree.clicked.connect(self._tree_activated)
        self.topic_tree.activated.connect(self._tree_activated)
        self.article_view.link_clicked.connect(self.follow_link)
        self.article_view.describe_link = self._describe_link
        self.article_view.bookmark_requested.connect(self.notes.bookmark_span)
        a.bookmark_passage.triggered.connect(lambda: self.article_view.request_bookmark())
        a.add_note.triggered.connect(self.notes.add_note)
        a.appointment_sheet.triggered.connect(lambda: self.notes.open_sheet())
        a.backup.triggered.connect(lambda: self.notes.backup_now())
        a.restore.triggered.connect(lambda: self.notes.restore_backup())
        a.export_all.triggered.connect(lambda: self.notes.export_everything())
        a.import_all.triggered.connect(lambda: self.notes.import_everything())
        a.undo_delete.triggered.connect(self.notes.undo_delete)
        a.find.triggered.connect(lambda: self.searching.find_bar.open_bar())
        a.find_next.triggered.connect(lambda: self.searching.find_bar.next())
        a.find_previous.triggered.connect(lambda: self.searching.find_bar.previous())
        a.search_library.triggered.connect(self.searching.open_search)
        self.article_view.first_painted.connect(lambda: QTimer.singleShot(0, self._after_first_paint))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        # With no article to paint (an empty library) the start is finished all the same.
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self._after_first_paint)
        if self.notes.panel_slot is None:
            self.notes.notes_unavailable()

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
            saved = self.settings.get_dict("positions").get(article_id, 0)
            position = saved if isinstance(saved, int) else 0
        self._remember_position()
        self._present(ref, anchor, position, visit=True)
        return True

    def _present(self, ref: ArticleRef, anchor: str, position: int, visit: bool) -> None:
        """Load and show ``ref`` at ``anchor`` (or ``position``), and bring the rest of the window along;
        ``visit`` records a new place in the history (Back and Forward move through it instead)."""
        self.article = self.loader.load(ref)
        self._show_current()
        if anchor:
            self.article_view.scroll_to_anchor(anchor)
        else:
            self.article_view.scroll_to_position(position)
        if visit:
            self.history.visit(Place(ref.id, self.article_view.reading_position()))
        self.settings.set("last_article", ref.id)
        self.setWindowTitle(f"{ref.title} - Mg Reader")
        self._select_in_tree(ref.id)
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
        html = self.loader.page(article, self.theme, self.zoom, font, spacing)
        root = ref.root
        self.article_view.show_page(html, root, posixpath.dirname(ref.relpath), point_size(self.zoom))
        self.notes.draw_bookmarks()

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
        self._watch_library()
        self.searching.update_index()

    # ---------------------------------------------------------------------------------------------- search

    def _find_glossary(self) -> glossary.Glossary:
        """The bundled library's glossary article (titled "Glossary"), whose terms are marked in articles."""
        ref = next((a for a in self.library.articles.values()
                    if a.title == "Glossary" and not a.id.startswith(MINE_PREFIX)), None)  # fmt: skip
        return glossary.load(ref.id, ref.path) if ref is not None else glossary.Glossary("", ())

    def _describe_link(self, href: str) -> str | None:
        if href.startswith(links.GLOSSARY_SCHEME):
            term = self.glossary.by_anchor(href[len(links.GLOSSARY_SCHEME) :])
            if term is not None:
                meaning = f"<b>{html_escape(term.term)}</b>: {html_escape(term.meaning)}"
                return meaning + "<br><i>Click to open the glossary.</i>"
        return None

    def follow_link(self, href: str) -> None:
        if self.article is None:
            return
        action = links.resolve(href, self.article.ref, self.library)
        match action:
            case links.ScrollTo(anchor):
                if not self.article_view.scroll_to_anchor(anchor):
                    self.statusBar().showMessage("That part of the article could not be found.", 8000)
            case links.OpenArticle(article_id, anchor):
                self.open_article(article_id, anchor)
            case links.GlossaryTerm(anchor):
                if self.glossary.article_id:
                    self.open_article(self.glossary.article_id, anchor)
            case links.ExternalLink(url):
                if self.prompter.confirm_external(url):
                    QDesktopServices.openUrl(QUrl(url))
            case links.Refused(reason):
                self.prompter.inform("Link not opened", reason)

    def go_back(self) -> None:
        self._travel(self.history.back)

    def go_forward(self) -> None:
        self._travel(self.history.forward)

    def _travel(self, step: object) -> None:
        self._remember_position()
        place = step()  # type: ignore[operator]
        if place is None:
            return
        ref = self.library.get(place.article_id)
        if ref is not None:
            self._present(ref, "", place.position, visit=False)

    def _remember_position(self) -> None:
        if self.article is None:
            return
        position = self.article_view.reading_position()
        self.history.update_position(position)
        positions = self.settings.get_dict("positions")
        positions[self.article.ref.id] = position
        self.settings.set("positions", positions)
        self._remember_progress(position)

    def _remember_progress(self, position: int) -> None:
        """Read when the end was on screen; started when the reader scrolled at all. Read stays read."""
        assert self.article is not None
        bar = self.article_view.verticalScrollBar()
        if bar.value() >= bar.maximum() - 4:
            state = "read"
        elif position > 0:
            state = "started"
        else:
            return
        progress = self.settings.get_dict("progress")
        if progress.get(self.article.ref.id) != "read" and progress.get(self.article.ref.id) != state:
            progress[self.article.ref.id] = state
            self.settings.set("progress", progress)
            self.tree_model.set_progress(self.article.ref.id, state)

    def _update_history_actions(self) -> None:
        self.actions.back.setEnabled(self.history.can_go_back())
        self.actions.forward.setEnabled(self.history.can_go_forward())

    # --------------------------------------------------------------------------------------------- zoom
    def set_zoom(self, zoom: int) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if zoom == self.zoom:
            return
        position = self.article_view.reading_position()
        self.zoom = zoom
        self.settings.set("zoom", zoom)
        self._show_current()
        self.article_view.scroll_to_position(position)
        self.actions.zoom_in.setEnabled(zoom < MAX_ZOOM)
        self.actions.zoom_out.setEnabled(zoom > MIN_ZOOM)
        self.statusBar().showMessage(f"Text size {round(100 * point_size(zoom) / point_size(0))}%", 3000)

    # ------------------------------------------------------------------------------------- theme, focus
    def set_theme(self, key: str) -> None:
        """Use a theme ('system' follows the desktop) for the window and the article, and remember it."""
        from PySide6.QtWidgets import QApplication

        from mgreader.ui import palette

        self.settings.set("theme", key)
        self.actions.themes.get(key, self.actions.themes["system"]).setChecked(True)
        theme = palette.resolve(key)
        palette.apply(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.theme = theme
        position = self.article_view.reading_position()
        self._show_current()
        self.article_view.scroll_to_position(position)
        self.notes.theme_changed(theme)
        self.searching.theme_changed(theme)

    def _system_scheme_changed(self) -> None:
        """The desktop switched between light and dark: follow it if the reader chose "Follow the system"."""
        if self.settings.get("theme", "system") == "system":
            self.set_theme("system")

    def set_text_style(self, font: str | None = None, spacing: str | None = None) -> None:
        """Change the body font or line spacing; the reader stays on the same words."""
        if font is not None:
            self.settings.set("font", font)
        if spacing is not None:
            self.settings.set("line_spacing", spacing)
        self._check_text_style()
        position = self.article_view.reading_position()
        self._show_current()
        self.article_view.scroll_to_position(position)

    def _check_text_style(self) -> None:
        a = self.actions
        a.fonts.get(self.settings.get("font"), a.fonts["system"]).setChecked(True)
        a.spacings.get(self.settings.get("line_spacing"), a.spacings["normal"]).setChecked(True)

    @property
    def reader_voice(self) -> ReadAloud:
        """Read aloud, set up on first use (loading the speech module takes a moment)."""
        if self._voice is None:
            from mgreader.ui.reading.read_aloud import ReadAloud

            self._voice = ReadAloud(self.article_view, self.theme.find_match, self.speech_engine)
            if not self._voice.available:
                for action in (self.actions.read_aloud, self.actions.stop_reading, self.actions.read_faster,
                               self.actions.read_slower):  # fmt: skip
                    action.setEnabled(False)
                    action.setToolTip(self._voice.problem)
                self.statusBar().showMessage(self._voice.problem, 15000)
            self._voice.state_changed.connect(self._voice_state)
            self.article_opened.connect(lambda _id: self._voice and self._voice.stop())
        return self._voice

    def _voice_state(self, state: str) -> None:
        self.actions.read_aloud.setText(
            {"reading": "Pause reading", "paused": "Go on reading"}.get(state, "&Read aloud")
        )

    def set_focus_mode(self, on: bool) -> None:
        """Only the article, centred; the side panels, tool bar and status bar step aside."""
        for index in range(self.splitter.count()):
            widget = self.splitter.widget(index)
            if widget is not self.centre:
                widget.setVisible(not on)
        self.toolbar.setVisible(not on)
        self.statusBar().setVisible(not on)
        self.actions.leave_focus_mode.setEnabled(on)
        if on:
            self.article_view.setFocus()

    def show_shortcuts(self) -> None:
        from mgreader.ui.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions.all(), self)
        dialog.exec()
        dialog.deleteLater()

    # --------------------------------------------------------------------------------------------- tree
    def _tree_activated(self, index: QModelIndex) -> None:
        """A click or Enter on an article or heading opens it. Topics open and close the tree's own way
        (arrow, double-click, arrow keys): toggling here too would undo it where a click also activates."""
        article_id = index.data(ArticleRole)
        if article_id:
            self.open_article(article_id, index.data(AnchorRole) or "")

    def _select_in_tree(self, article_id: str) -> None:
        source = self.tree_model.index_of_key("article:" + article_id)
        index = self.filter_model.mapFromSource(source)
        if index.isValid():
            self.topic_tree.setCurrentIndex(index)
            self.topic_tree.scrollTo(index)

    def _filter_changed(self, text: str) -> None:
        self.filter_model.set_query(text)
        if text.strip():
            self.topic_tree.expandAll()
        else:
            self.topic_tree.collapseAll()
            self._expand_topics()
            if self.article is not None:
                self._select_in_tree(self.article.ref.id)

    def _open_first_match(self) -> None:
        index = self.filter_model.index(0, 0)
        while index.isValid() and not index.data(ArticleRole):
            index = self.filter_model.index(0, 0, index)
        if index.isValid():
            self.open_article(index.data(ArticleRole), index.data(AnchorRole) or "")
            self.topic_tree.setFocus()

    def _focus_filter(self) -> None:
        self.topic_filter.setFocus()
        self.topic_filter.selectAll()

    def _expand_topics(self) -> None:
        """Topics open, articles closed: the tree shows every article without a wall of headings."""
        for row in range(self.filter_model.rowCount()):
            self.topic_tree.expand(self.filter_model.index(row, 0))

    # ------------------------------------------------------------------------------- the reader's library
    def _watch_library(self) -> None:
        self._watcher = QFileSystemWatcher(self)
        self._rescan_timer = QTimer(self)
        self._rescan_timer.setSingleShot(True)
        self._rescan_timer.setInterval(RESCAN_DELAY_MS)
        self._rescan_timer.timeout.connect(self.rescan)
        self._watcher.directoryChanged.connect(lambda _path: self._rescan_timer.start())
        self._update_watch()

    def _update_watch(self) -> None:
        if self._watcher is None:
            return  # not watching yet: the watch starts after the first paint, from the current state
        folders = (
            [self.library_dir, *(p for p in self.library_dir.rglob("*") if p.is_dir())]
            if self.library_dir.is_dir()
            else []
        )
        watched = set(self._watcher.directories())
        wanted = {str(p) for p in folders}
        if watched - wanted:
            self._watcher.removePaths(list(watched - wanted))
        if wanted - watched:
            self._watcher.addPaths(sorted(wanted - watched))

    def rescan(self) -> None:
        """Read the library again (a file was added, changed or removed), keeping the reader's place."""
        expanded = self._expanded_keys()
        self.library = scan(self.roots, self.scan_cache)
        self.tree_model.set_root(tree.build(self.library))
        self._restore_expanded(expanded)
        self._update_watch()
        if self.searching.indexer is not None:
            self.searching.indexer.sync(self.library)
        if self.article is not None:
            ref = self.library.get(self.article.ref.id)
            if ref is not None:
                position = self.article_view.reading_position()
                self.article = self.loader.load(ref)
                self._show_current()
                self.article_view.scroll_to_position(position)
                self._select_in_tree(ref.id)

    def _expanded_keys(self) -> set[str]:
        """Only expanded rows are looked into: the rest of a big tree is never visited."""
        keys: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.filter_model.rowCount(parent)):
                index = self.filter_model.index(row, 0, parent)
                if self.topic_tree.isExpanded(index):
                    keys.add(index.data(KeyRole))
                    pending.append(index)
        return keys

    def _restore_expanded(self, keys: set[str]) -> None:
        self._expand_topics()
        for key in keys:
            index = self.filter_model.mapFromSource(self.tree_model.index_of_key(key))
            if index.isValid():
                self.topic_tree.expand(index)

    def open_library_folder(self) -> None:
        self.library_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library_dir)))
        self.statusBar().showMessage(f"Your library folder: {self.library_dir}", 10000)

    def import_articles(self, paths: list[str] | None = None) -> None:
        """Copy Markdown files into the reader's library folder (never overwriting one already there)."""
        if paths is None:
            from PySide6.QtWidgets import QFileDialog

            paths, _ = QFileDialog.getOpenFileNames(
                self, "Import articles", str(Path.home()), "Markdown articles (*.md *.markdown *.txt)"
            )
        imported = []
        for name in paths:
            source = Path(name)
            target = self.library_dir / (source.stem + ".md")
            n = 1
            while target.exists():
                n += 1
                target = self.library_dir / f"{source.stem} ({n}).md"
            try:
                self.library_dir.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
            except OSError as error:
                self.prompter.inform(
                    "Article not imported",
                    f"{source.name} could not be copied into your library: {error.strerror}.",
                )
                continue
            imported.append(target)
        if imported:
            self.rescan()
            first = self.library.find(self.library_dir, imported[0].relative_to(self.library_dir).as_posix())
            if first is not None:
                self.open_article(first.id)
            self.statusBar().showMessage(f"Imported {len(imported)} article(s) into My articles.", 8000)

    # ------------------------------------------------------------------------------------ dialogs, state
    def bring_to_front(self) -> None:
        """Another start of Mg Reader asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("Mg Reader was started again: this is the window it opened.", 8000)

    def show_disclaimer(self) -> None:
        from mgreader.ui.disclaimer_dialog import DisclaimerDialog

        dialog = DisclaimerDialog(self.loader.composer.disclaimer, must_acknowledge=False, parent=self)
        dialog.exec()
        dialog.deleteLater()

    def _about(self) -> None:
        from mgreader.core.version import __version__

        self.prompter.inform(
            "About Mg Reader",
            f"Mg Reader {__version__}\n\nAn offline reader for articles about magnesium, fatigue and chronic "
            "illness. Everything stays on this computer; nothing is sent anywhere.",
        )

    def restore_state(self) -> None:
        """Window geometry, splitter sizes, and the last article at the last reading position."""
        geometry = self.settings.get("geometry")
        if isinstance(geometry, str) and geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1200, 800)
        sizes = self.settings.get("splitter")
        count = self.splitter.count()
        if (
            isinstance(sizes, list)
            and len(sizes) == count
            and all(isinstance(s, int) and s > 0 for s in sizes)
        ):
            self.splitter.setSizes(sizes)
        self.actions.zoom_in.setEnabled(self.zoom < MAX_ZOOM)
        self.actions.zoom_out.setEnabled(self.zoom > MIN_ZOOM)
        self._check_text_style()
        chosen = self.settings.get("theme", "system")
        self.actions.themes.get(chosen, self.actions.themes["system"]).setChecked(True)
        last = self.settings.get("last_article")
        start = self.library.get(last) if isinstance(last, str) else None
        start = start or self.library.first_article()
        if start is not None:
            self.open_article(start.id)

    def save_state(self) -> None:
        self.notes.flush()
        self.notes.backup_if_changed()
        self._remember_position()
        self.settings.set("geometry", self.saveGeometry().toBase64().data().decode("ascii"))
        self.settings.set("splitter", self.splitter.sizes())
        self.settings.set("zoom", self.zoom)
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
        self.searching.close()
        super().closeEvent(event)
