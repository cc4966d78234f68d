"""The window's commands: every QAction, the menus and the tool bar they fill, and the zoom and theme
(Appearance) that own some of them. Built just after the first paint (issue 15): importing the actions'
Qt classes (QAction, QKeySequence, QStyle: thousands of enum members) and making them took a tenth of the
start. Until then the menu bar shows its titles and the tool bar holds its height, so nothing moves when
they are filled; a key pressed or a click made before then builds them first, and reaches its command."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar, QToolButton, QWidget

from mgreader.ui.window.start_up import Part

if TYPE_CHECKING:
    from mgreader.ui.aloud.read_from import ReadFrom
    from mgreader.ui.reading.appearance import Appearance
    from mgreader.ui.window.actions import Actions

MENU_TITLES = ("&File", "&Edit", "&Go", "&View", "&Help")  # as ui/window/menus.py fills them
EARLY = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)


class Bars(Part):
    commands: Actions
    appearance: Appearance
    read_from: ReadFrom


def reserve_bars(window: QMainWindow) -> QToolBar:
    """The menu bar's titles and an empty tool bar as high as it will be, for the first paint."""
    for title in MENU_TITLES:
        window.menuBar().addMenu(title)
    toolbar = window.addToolBar("Navigation")
    toolbar.setObjectName("navigationToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    # A button like those to come, styled as they will be, tells the height; a spacer holds it.
    # Hidden at once: deleteLater waits for the event loop, and until then the window would show it (a
    # stray "Back" over the tool bar, seen in screenshots taken before the loop ran).
    probe = QToolButton(toolbar)
    probe.hide()
    probe.setToolButtonStyle(toolbar.toolButtonStyle())
    probe.setIconSize(toolbar.iconSize())
    # An arrow keeps the style "text beside icon" as an icon would (a button with neither shows its text
    # alone, lower), without QIcon's and QPixmap's Python types before the first paint.
    probe.setArrowType(Qt.ArrowType.LeftArrow)
    probe.setText("Back")
    probe.ensurePolished()
    spacer = QWidget()
    spacer.setObjectName("toolbarPlaceholder")
    spacer.setFixedSize(1, probe.sizeHint().height())
    probe.deleteLater()
    toolbar.addWidget(spacer)
    return toolbar


class EarlyInput(QObject):
    """Before the commands are built, the first key press or click builds them, then goes on its way.

    From the moment the window is shown it listens to the window's own QWindow, where the platform's input
    arrives (a key press as its ShortcutOverride first, before any shortcut is looked for); just after the
    first paint, to the whole application, where input sent to a widget itself (tests) arrives too.
    An application-wide filter saw every event of every widget shown, each a call into Python that handed
    Python objects it had not seen (the style, every kind of event): 10 M instructions before the first
    paint when it was there from the start, and about 86 M to the window on screen when it came with the
    window's activation, which comes before the paint; put there in the paint, it would see every other
    widget's paint (issue 15)."""

    def __init__(self, build: Callable[[], object]) -> None:
        super().__init__()
        self._build: Callable[[], object] | None = build
        self._window: QObject | None = None
        self._app: QObject | None = None

    def listen(self, window: QObject | None) -> None:
        """The window is shown: its QWindow is where input comes first."""
        if self._build is not None and window is not None and self._window is None:
            self._window = window
            window.installEventFilter(self)

    def widen(self) -> None:
        """The window is painted: input may come to any object now."""
        app = QApplication.instance()
        if self._build is not None and app is not None and self._app is None:
            self._app = app
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in EARLY:
            build = self._build
            self.stop()
            if build is not None:
                build()
        return False

    def stop(self) -> None:
        """Never again (the commands are built)."""
        self._build = None
        for target in (self._window, self._app):
            if target is not None:
                target.removeEventFilter(self)
        self._window = self._app = None


def fill_bars(window: QMainWindow, toolbar: QToolBar, commands: Actions) -> None:
    from mgreader.ui.window.menus import build_menus

    for action in toolbar.actions():  # the spacer's place
        toolbar.removeAction(action)
    build_menus(window, commands, toolbar)
