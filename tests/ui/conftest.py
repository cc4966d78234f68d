"""Widget-test fixtures: a main window over the fixture library, with a prompter the test can answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from mgreader.core.library.scan import content_roots
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.settings import Settings
from mgreader.core.theme import LIGHT
from mgreader.ui.main_window import MainWindow


class FakePrompter:
    """Answers the window's questions without a modal dialog, and remembers what was asked."""

    def __init__(self) -> None:
        self.open_external = False
        self.close_unsaved = True
        self.asked: list[str] = []
        self.told: list[tuple[str, str]] = []

    def confirm_external(self, url: str) -> bool:
        self.asked.append(url)
        return self.open_external

    def inform(self, title: str, text: str) -> None:
        self.told.append((title, text))

    def confirm_close_unsaved(self) -> bool:
        self.asked.append("close unsaved")
        return self.close_unsaved


@pytest.fixture(autouse=True)
def _no_timers_left_behind() -> Iterator[None]:
    """A finished test's window keeps its timers: its minute-by-minute backup check would otherwise fire
    on its closed notes file in a later test, once the suite runs longer than a minute."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            for timer in widget.findChildren(QTimer):
                timer.stop()


@pytest.fixture
def prompter() -> FakePrompter:
    return FakePrompter()


def build_window(
    paths: AppPaths, library_dir: Path, prompter: FakePrompter | None = None, **options
) -> MainWindow:
    """A main window over ``library_dir`` with its data under ``paths``, as the app builds it."""
    loader = ArticleLoader.create(bundled_dir("resources"), paths.render_cache_dir)
    settings = Settings.load(paths.settings_file)
    return MainWindow(
        content_roots(paths, library_dir), loader, settings, LIGHT, paths.library_dir, prompter, **options
    )


@pytest.fixture
def make_window(
    qtbot, library_dir: Path, tmp_path: Path, prompter: FakePrompter
) -> Iterator[Callable[[], MainWindow]]:
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    stores: list[Store] = []
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        stores.append(Store.open(paths.store_file))
        window = build_window(
            paths, library_dir, prompter,
            store=stores[-1], search_index_path=paths.search_index_file, backup_dir=paths.backup_dir,
        )  # fmt: skip
        qtbot.addWidget(window)
        windows.append(window)
        window.restore_state()
        window.show()
        window.activateWindow()  # keyboard shortcuts reach only the active window
        qtbot.waitUntil(window.isActiveWindow)
        # As in the app, the notes panel is built just after the first article is painted.
        qtbot.waitUntil(lambda: window.findChild(QWidget, "notesPanel") is not None)
        # The reader's folder is read in a worker after the first paint; tests start once it is read.
        qtbot.waitUntil(lambda: window.shelf.complete and not window.shelf.busy)
        return window

    yield make
    for store in stores:
        store.close()
    for window in windows:
        if window.notes.store is not None:
            window.notes.store.close()  # a restore replaces the store the window was given
