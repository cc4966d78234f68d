"""The main window: topic tree on the left, the article in the centre; navigation, layout, saved state."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from mgreader.core.errors import SettingsError
from mgreader.core.library.scan import ArticleRef, ContentRoot, Library
from mgreader.core.render.page import point_size
from mgreader.core.render.reader import Article, ArticleLoader
from mgreader.core.session.reading import ReadingSession, find_glossary
from mgreader.core.settings import Settings
from mgreader.core.theme import Theme
from mgreader.ui.change_bus import ChangeBus
from mgreader.ui.library.library_pane import LibraryPane
from mgreader.ui.library.library_reader import LibraryReader
from mgreader.ui.look import text_size
from mgreader.ui.look.message_bar import ForwardingStatusBar
from mgreader.ui.look.prompts import Prompter
from mgreader.ui.reading.article_view import ArticleView
from mgreader.ui.reading.background_load import BackgroundLoad
from mgreader.ui.window.bars import Bars, EarlyInput, fill_bars, reserve_bars
from mgreader.ui.window.later import LaterParts
from mgreader.ui.window.layout import WindowLayout
from mgreader.ui.window.library_follow import LibraryFollow
from mgreader.ui.window.start_up import BuiltLater, StartUp
from mgreader.ui.window.window_state import restore_layout, save_layout
from mgreader.ui.window.wiring import connect_window_commands

# What the first paint does not need is imported by the step that builds it (window/start_up.py).
if TYPE_CHECKING:
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.library.topics import tree_filter
    from mgreader.core.notes.store import Store
    from mgreader.core.render.glossary import Glossary
    from mgreader.core.session.changes import Changes
    from mgreader.ui.aloud.read_from import ReadFrom
    from mgreader.ui.journal.journal_controller import JournalController
    from mgreader.ui.library.library_files import LibraryFiles
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.reading.appearance import Appearance
    from mgreader.ui.reading.link_router import LinkRouter
    from mgreader.ui.search.search_controller import SearchController
    from mgreader.ui.window.actions import Actions


# The last page's scroll range, for the first paint of the next start (ui/reading/known_range.py).
PAGE_RANGE = "page_range"


class MainWindow(QMainWindow):
    article_opened = Signal(str)
    panes: WindowLayout
    # Built just after the first paint (or when first asked for): see window/start_up.py.
    notes: BuiltLater[NotesController] = BuiltLater()
    searching: BuiltLater[SearchController] = BuiltLater()
    journal: BuiltLater[JournalController] = BuiltLater()
    links: BuiltLater[LinkRouter] = BuiltLater()
    files: BuiltLater[LibraryFiles] = BuiltLater()
    # Not ``actions``: that would hide QWidget.actions().
    commands: BuiltLater[Actions] = BuiltLater("bars")
    appearance: BuiltLater[Appearance] = BuiltLater("bars")
    read_from: BuiltLater[ReadFrom] = BuiltLater("bars")  # read aloud from a bookmark, a note, a result

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
        speech_engine: object = None,  # an engine's name, or an engine (tests)
    ) -> None:
        """``store`` is the open notes file; or ``open_store`` opens it once the first article is painted
        (its imports and file work are not needed for the first paint)."""
        # The window's text size before any widget is made, the window itself too: set after, it would style
        # every widget again; and until Qt's posted font changes reached the window, the widgets made in it
        # took its old font, which is what they were measured in (without the style sheet, which resolves
        # fonts at once and comes after the first paint, the tool bar at 200% text grew 3 pixels after it).
        app = QApplication.instance()
        if isinstance(app, QApplication):
            text_size.apply(app, settings.get_int("zoom", 0))
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Mg Reader")
        self.roots = roots
        self.loader = loader
        self.settings = settings
        self.theme = theme
        self.library_dir = library_dir
        self.prompter = prompter or Prompter(self)
        self.scan_cache = scan_cache
        self.shelf = LibraryReader(self, roots, scan_cache, self)  # the bundled library now, the rest later
        self.library: Library = self.shelf.library
        self.reading = ReadingSession(settings, self.library)
        self.following = LibraryFollow(self, self)
        self._glossary_ref = find_glossary(self.library)
        self._glossary: Glossary | None = None  # its terms, read when first needed (the links' tooltips)
        self.changes = ChangeBus(self)
        self.changes.changed.connect(self._changed)
        self.article: Article | None = None
        self._reopen = False  # restore_state opens the last article when the window is shown
        self.article_view = ArticleView()
        self._background = BackgroundLoad(loader, self)
        self._background.loaded.connect(self._prepared)

        self.speech_engine = speech_engine
        self.bars = Bars(self._build_commands)
        self.later = LaterParts(self, self, store, store_problem, open_store, backup_dir, search_index_path)
        self.library_pane = LibraryPane(self.shelf.tree_root(), self.reading.progress())
        self.topic_filter = self.library_pane.topic_filter
        self.topic_tree = self.library_pane.topic_tree
        self._build_widgets()
        self.toolbar = reserve_bars(self)
        self._connect()
        self.start_up = StartUp(
            [
                self.library_pane.add_clear_button,
                self._build_commands,  # with the step before, at the first key press or click (EarlyInput)
                self.later.build,
                self.later.open_notes,
                self.later.follow_library,
            ],
            self,
        )
        self.article_view.first_painted.connect(self.start_up.begin)
        self._early_input = EarlyInput(lambda: self.start_up.run_through(self._build_commands))
        # Just after the paint: in it, an application-wide filter would see the other widgets' paints.
        self.article_view.first_painted.connect(lambda: QTimer.singleShot(0, self._early_input.widen))

    def _build_commands(self) -> None:
        from mgreader.ui.aloud.read_from import ReadFrom
        from mgreader.ui.reading.appearance import Appearance
        from mgreader.ui.window.actions import Actions

        self._early_input.stop()
        bars, settings = self.bars, self.settings
        bars.commands = a = Actions(self)
        bars.appearance = appearance = Appearance(
            a, settings, self.theme, self.article_view, self._redraw, self.status, self.speech_engine, self
        )
        bars.built = True
        bars.read_from = ReadFrom(self, self)
        fill_bars(self, self.toolbar, a)
        connect_window_commands(a, appearance, self)
        appearance.show_chosen()
        self._update_history_actions()

    # ----------------------------------------------------------------------------------------- layout
    def _build_widgets(self) -> None:
        self.panes = WindowLayout(
            self.library_pane, lambda: self.searching.search_panel, self.article_view, self.later.notes_place
        )
        self.left_tabs, self.splitter = self.panes.left_tabs, self.panes.splitter
        self.message_bar, self.focus_hint = self.panes.message_bar, self.panes.focus_hint
        self.setCentralWidget(self.splitter)
        self.setStatusBar(ForwardingStatusBar(self.message_bar, self))

    def _connect(self) -> None:
        self.library_pane.article_requested.connect(self.open_article)
        self.library_pane.said.connect(lambda text: self.statusBar().showMessage(text))
        self.article_view.link_clicked.connect(self.follow_link)
        self.article_view.describe_link = lambda href: self.links.describe(href)

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
        self.panes.place_notes_panel(placeholder, panel)

    def place_find_bar(self, bar: QWidget) -> None:
        self.panes.centre_layout.addWidget(bar)

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
        article = self.loader.with_glossary(self.article, self._glossary_ref)
        zoom = self._zoom()
        html = self.loader.page(article, self.theme, zoom, font, spacing)
        root = ref.root
        self.article_view.show_page(html, root, posixpath.dirname(ref.relpath), point_size(zoom))
        # "Preparing...": its bookmarks are not lost, only not placed yet. Before the notes controller is
        # built (the first paint), it draws them itself.
        if not self.article.pending and self.later.built:
            self.article_view.when_complete(self.notes.draw_bookmarks)  # a long page comes in pieces

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

    def reload_article(self, ref: ArticleRef) -> None:
        """Read the open article again (its file may have changed), keeping the reader's place."""
        position = self.article_view.reading_position()
        self.article = self.loader.load(ref, wait=False)
        self._show_current()
        if self.article.pending:
            self._background.start(ref, ("", position))
        else:
            self.article_view.scroll_to_position(position)

    @property
    def glossary(self) -> Glossary:
        """The glossary article's terms (marked in other articles by ``ArticleLoader.with_glossary``)."""
        if self._glossary is None:
            from mgreader.core.render import glossary

            ref = self._glossary_ref
            self._glossary = glossary.load(ref.id, ref.path) if ref is not None else glossary.Glossary("", ())
        return self._glossary

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
        if self.article.pending:  # "Preparing...": not seen yet, so its place and its mark stay as they were
            self.apply(self.reading.leave(self.reading.saved_position(self.article.ref.id), at_end=False))
            return
        bar = self.article_view.verticalScrollBar()
        at_end = self.article_view.page_complete and bar.value() >= bar.maximum() - 4
        self.apply(self.reading.leave(self.article_view.reading_position(), at_end))

    def _changed(self, changes: Changes) -> None:
        """The window's own views: the read / partly-read marks in the topic tree."""
        if changes.progress:
            progress = self.reading.progress()
            for article_id in changes.progress:
                self.library_pane.set_progress(article_id, progress.get(article_id, ""))

    def _zoom(self) -> int:
        return self.appearance.zoom if self.bars.built else self.settings.get_int("zoom", 0)

    def _update_history_actions(self) -> None:
        if not self.bars.built:
            return  # they are set when they are built
        self.commands.back.setEnabled(self.reading.history.can_go_back())
        self.commands.forward.setEnabled(self.reading.history.can_go_forward())

    # ------------------------------------------------------------------------------------- appearance
    def follow_theme(self, theme: Theme) -> None:
        self.theme = theme
        if not self.later.built:
            return  # they are built in the theme of the day
        self.notes.theme_changed(theme)
        self.searching.theme_changed(theme)
        self.journal.theme_changed()

    def _redraw(self) -> None:
        """Render the article again (size, theme, font ...), on the same words."""
        position = self.article_view.reading_position()
        self._show_current()
        self.article_view.scroll_to_position(position)

    # ------------------------------------------------------------------------------- the reader's library
    def rescan(self) -> None:
        self.following.rescan()

    def library_changed(
        self, titles: tree_filter.Titles | None, complete: bool, first: bool, reload: bool = False
    ) -> None:
        """See LibraryFollow.changed (library_reader calls it here)."""
        self.following.changed(titles, complete, first, reload)

    def import_articles(self, paths: list[str] | None = None) -> None:
        self.following.import_articles(paths)

    # ------------------------------------------------------------------------------------ dialogs, state
    def bring_to_front(self) -> None:
        """Another start of Mg Reader asked for this window."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("Mg Reader was started again: this is the window it opened.", 8000)

    def restore_state(self) -> None:
        """Window geometry, splitter sizes, and the last article at the last reading position: opened once
        the window is shown, if it is not yet (issue 15). Until the window is shown its panes have no size of
        their own, so a page opened before then was laid out at a passing width, then again at its own
        (about a tenth of the start)."""
        restore_layout(self, self.splitter, self.settings)
        self._reopen = True
        if self.isVisible():
            self._reopen_last()

    def _reopen_last(self) -> None:
        self._reopen = False
        start = self.reading.start()
        if start is not None:
            self.article_view.expect_range(self.settings.get(PAGE_RANGE))
            self.open_article(start.id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # Sent once the window's panes have their sizes, before anything is painted.
        super().showEvent(event)
        if self._reopen:
            self._reopen_last()
        self._early_input.listen(self.windowHandle())  # no input could come before

    def open_store(self) -> Store | None:
        """The notes file, if it was opened (app.py closes it after the window)."""
        return self.notes.store if self.later.built else None

    def save_state(self) -> None:
        if self.later.built:  # else the notes were never opened: nothing to save or back up
            self.notes.flush()
            self.notes.file.backup_if_changed()
        self._leave_article()
        if self.article is not None and not self.article.pending:
            self.settings.set(PAGE_RANGE, self.article_view.page_range())
        save_layout(self, self.splitter, self.settings)
        self.settings.set("zoom", self._zoom())
        try:
            self.settings.save()
        except SettingsError as error:
            self.statusBar().showMessage(str(error), 10000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.later.built and not self.notes.flush():
            # Never close silently over unsaved typing: ask; if the reader closes anyway, hand them the text.
            texts = self.notes.unsaved_texts()
            if not self.prompter.confirm_close_unsaved():
                event.ignore()
                return
            QGuiApplication.clipboard().setText("\n\n".join(texts))
        self.save_state()
        self.shelf.stop()
        self.loader.close()  # its render worker process
        if self.later.built:
            self.searching.close()
        # The desktop's colour-scheme signal belongs to the application, which may outlive this window
        # (mgreader.main reuses a running QApplication): a closed window must not redraw over closed notes.
        with suppress(RuntimeError, TypeError):
            if self.bars.built:
                QGuiApplication.styleHints().colorSchemeChanged.disconnect(
                    self.appearance.system_scheme_changed
                )
        self._early_input.stop()
        super().closeEvent(event)
