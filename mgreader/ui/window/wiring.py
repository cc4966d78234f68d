"""The commands wired to what carries them out: the window's own, and those that go straight to a controller
(notes, search, the journal).

A controller is looked up when the command is given, not when it is connected: the controllers are built
after the first paint (window/start_up.py), and a command given before then builds them at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar, QToolBar, QWidget

    from mgreader.core.render.reader import ArticleLoader
    from mgreader.core.settings import Settings
    from mgreader.core.theme import Theme
    from mgreader.ui.journal.journal_controller import JournalController
    from mgreader.ui.library.library_files import LibraryFiles
    from mgreader.ui.library.library_pane import LibraryPane
    from mgreader.ui.look.prompts import Prompter
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.reading.appearance import Appearance
    from mgreader.ui.reading.article_view import ArticleView
    from mgreader.ui.search.search_controller import SearchController
    from mgreader.ui.window.actions import Actions
    from mgreader.ui.window.layout import WindowLayout


class Controllers(Protocol):
    @property
    def article_view(self) -> ArticleView: ...

    @property
    def notes(self) -> NotesController: ...

    @property
    def searching(self) -> SearchController: ...

    @property
    def journal(self) -> JournalController: ...


def looked_up(method: Callable[[], Callable[[], object]]) -> Callable[..., None]:
    """A slot that finds its method when it is called (``triggered`` passes a flag it does not need)."""

    def slot(*_args: object) -> None:
        method()()

    return slot


def connect_controllers(a: Actions, w: Controllers, settings: Settings) -> None:
    w.article_view.bookmark_requested.connect(lambda start, end: w.notes.bookmark_span(start, end))
    a.bookmark_passage.triggered.connect(looked_up(lambda: w.article_view.request_bookmark))
    a.add_note.triggered.connect(looked_up(lambda: w.notes.add_note))
    a.appointment_sheet.triggered.connect(looked_up(lambda: w.notes.open_sheet))
    a.record_visit.triggered.connect(looked_up(lambda: w.notes.open_visits))
    a.backup.triggered.connect(looked_up(lambda: w.notes.file.backup_now))
    a.restore.triggered.connect(looked_up(lambda: w.notes.file.restore_backup))
    a.export_all.triggered.connect(looked_up(lambda: w.notes.file.export_everything))
    a.import_all.triggered.connect(looked_up(lambda: w.notes.file.import_everything))
    a.undo_delete.triggered.connect(looked_up(lambda: w.notes.undo_delete))
    a.find.triggered.connect(looked_up(lambda: w.searching.find_bar.open_bar))
    a.find_next.triggered.connect(looked_up(lambda: w.searching.find_bar.next))
    a.find_previous.triggered.connect(looked_up(lambda: w.searching.find_bar.previous))
    a.search_library.triggered.connect(looked_up(lambda: w.searching.open_search))
    a.check_in.triggered.connect(looked_up(lambda: w.journal.check_in))
    a.medicines.triggered.connect(looked_up(lambda: w.journal.medicines))
    a.journal.triggered.connect(looked_up(lambda: w.journal.show_journal))
    a.checkin_reminder.setChecked(bool(settings.get("checkin_reminder", False)))
    a.checkin_reminder.toggled.connect(lambda on: settings.set("checkin_reminder", on))


class Window(Controllers, Protocol):
    """What the window's own commands ask of it (MainWindow satisfies it)."""

    @property
    def commands(self) -> Actions: ...

    @property
    def prompter(self) -> Prompter: ...

    @property
    def loader(self) -> ArticleLoader: ...

    @property
    def files(self) -> LibraryFiles: ...

    @property
    def library_pane(self) -> LibraryPane: ...

    @property
    def panes(self) -> WindowLayout: ...

    @property
    def toolbar(self) -> QToolBar: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)

    def dialog_parent(self) -> QWidget: ...

    def close(self) -> bool: ...

    def go_back(self) -> None: ...

    def go_forward(self) -> None: ...

    def import_articles(self, paths: list[str] | None = None) -> None: ...

    def follow_theme(self, theme: Theme) -> None: ...

    def on_article_opened(self, callback: Callable[[str], object]) -> None: ...

    @property
    def settings(self) -> Settings: ...


def connect_window_commands(a: Actions, appearance: Appearance, w: Window) -> None:
    from PySide6.QtGui import QGuiApplication

    from mgreader.ui.help import dialogs  # the Help menu's windows: imported on first use

    connect_controllers(a, w, w.settings)
    appearance.theme_changed.connect(w.follow_theme)
    w.on_article_opened(lambda _id: appearance.article_changed())
    QGuiApplication.styleHints().colorSchemeChanged.connect(appearance.system_scheme_changed)

    a.back.triggered.connect(w.go_back)
    a.forward.triggered.connect(w.go_forward)
    a.filter_topics.triggered.connect(w.library_pane.focus_filter)
    a.open_library_folder.triggered.connect(lambda: w.files.open_folder())
    a.import_article.triggered.connect(lambda: w.import_articles())
    a.quit.triggered.connect(w.close)
    a.show_disclaimer.triggered.connect(
        lambda: dialogs.show_disclaimer(w.dialog_parent(), w.loader.composer.disclaimer)
    )
    a.about.triggered.connect(lambda: dialogs.show_about(w.prompter))
    a.focus_mode.toggled.connect(lambda on: set_focus_mode(w, on))
    a.leave_focus_mode.triggered.connect(lambda: a.focus_mode.setChecked(False))
    a.shortcuts.triggered.connect(lambda: dialogs.show_shortcuts(w.dialog_parent(), a.all()))


def set_focus_mode(w: Window, on: bool) -> None:
    """Only the article, centred; the side panels, tool bar and status bar step aside."""
    w.panes.set_focus_mode(on)
    w.toolbar.setVisible(not on)
    w.statusBar().setVisible(not on)
    w.commands.leave_focus_mode.setEnabled(on)
    if on:
        w.article_view.setFocus()
