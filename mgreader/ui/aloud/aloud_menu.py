"""The "Read aloud" entries where the things to read are: a list's context menu (bookmarks, notes, search
results; the context-menu key or Shift+F10 opens it from the keyboard) and the sheet dialog's button.

The lists only say what was chosen (``request``); the window's ``ReadFrom`` knows how to read it. A list or
dialog with no window that reads aloud (a test building one alone) shows the entry disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMenu, QPushButton, QWidget

if TYPE_CHECKING:
    from mgreader.ui.aloud.read_from import ReadFrom

ENTRY = "Read aloud from here"
NO_WINDOW = "Read aloud is available from the main window."


def reader_for(widget: QWidget) -> ReadFrom | None:
    """The window's reader: in the widget's window, or in the window a dialog was opened over."""
    from mgreader.ui.aloud.read_from import ReadFrom

    window: QWidget | None = widget.window()
    while window is not None:
        found = window.findChild(ReadFrom, "readFrom")
        if found is not None:
            return found
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    return None


def request(widget: QWidget, kind: str, value: object) -> None:
    reader = reader_for(widget)
    if reader is not None:
        reader.read(kind, value)


def add_entry(view: QAbstractItemView, kind: str, value: Callable[[QModelIndex], object]) -> None:
    """A context menu on ``view`` with "Read aloud from here" for the item under the pointer (or the current
    item, from the keyboard)."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    def open_menu(point: QPoint) -> None:
        menu = menu_for(view, kind, value, point)
        if menu is not None:
            menu.exec(view.viewport().mapToGlobal(point))

    view.customContextMenuRequested.connect(open_menu)


def menu_for(
    view: QAbstractItemView, kind: str, value: Callable[[QModelIndex], object], point: QPoint
) -> QMenu | None:
    index = view.indexAt(point)
    if not index.isValid():
        index = view.currentIndex()  # the keyboard's context-menu key: the current item
    if not index.isValid():
        return None
    view.setCurrentIndex(index)
    menu = QMenu(view)
    menu.setObjectName("readAloudMenu")
    menu.setToolTipsVisible(True)
    action = menu.addAction(ENTRY)
    action.setObjectName("contextReadAloud")
    reader = reader_for(view)
    problem = NO_WINDOW if reader is None else reader.problem()
    action.setEnabled(not problem)
    action.setToolTip(problem or "Read this aloud, sentence by sentence (Ctrl+R)")
    chosen = value(index)
    action.triggered.connect(lambda: request(view, kind, chosen))
    return menu


def add_button(dialog: QWidget, name: str) -> QPushButton:
    """A "Read aloud" button for a dialog that shows a page (the sheet): reads it; again to pause."""
    button = QPushButton("&Read aloud")
    button.setObjectName(name)
    button.setAccessibleName("Read aloud")
    button.setToolTip("Read the sheet aloud, sentence by sentence; again to pause")
    reader = reader_for(dialog)
    problem = NO_WINDOW if reader is None else reader.known_problem()
    if problem:
        _cannot(button, problem)
    elif reader is not None:
        reader.attach(dialog, button)

    def clicked() -> None:
        request(dialog, "sheet", dialog)
        problem = NO_WINDOW if reader is None else reader.problem()
        if problem:  # found out now: the engine is asked on first use
            _cannot(button, problem)
            status = dialog.findChild(QLabel, "sheetStatus")
            if status is not None:
                status.setText(problem)

    button.clicked.connect(clicked)
    return button


def _cannot(button: QPushButton, problem: str) -> None:
    button.setEnabled(False)
    button.setToolTip(problem)
