"""The main window's menu bar and tool bar, laid out from its actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar

from mgreader.ui.look import more_tools

if TYPE_CHECKING:
    from mgreader.ui.window.actions import Actions


def build_menus(window: QMainWindow, a: Actions, toolbar: QToolBar | None = None) -> QToolBar:
    """Fill the window's menu bar and its tool bar, added unless given (returned: focus mode hides it).
    Menus already on the bar (its titles are shown before the commands are built) are filled."""
    bar = window.menuBar()
    file_menu = _menu(bar, "&File")
    file_menu.addAction(a.appointment_sheet)
    file_menu.addAction(a.record_visit)
    file_menu.addSeparator()
    file_menu.addActions([a.check_in, a.medicines, a.journal, a.checkin_reminder])
    file_menu.addSeparator()
    file_menu.addActions([a.import_article, a.open_library_folder])
    file_menu.addSeparator()
    file_menu.addActions([a.backup, a.restore, a.export_all, a.import_all])
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = _menu(bar, "&Edit")
    edit_menu.addActions([a.bookmark_passage, a.add_note])
    edit_menu.addSeparator()
    edit_menu.addAction(a.undo_delete)
    go_menu = _menu(bar, "&Go")
    go_menu.addActions([a.back, a.forward])
    go_menu.addSeparator()
    go_menu.addAction(a.filter_topics)
    go_menu.addSeparator()
    go_menu.addActions([a.find, a.find_next, a.find_previous, a.search_library])
    view_menu = _menu(bar, "&View")
    size_menu = view_menu.addMenu("Text &size")
    size_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    theme_menu.addActions(list(a.themes.values()))
    text_menu = view_menu.addMenu("Te&xt")
    text_menu.addActions(list(a.fonts.values()))
    text_menu.addSeparator()
    text_menu.addActions(list(a.spacings.values()))
    view_menu.addMenu("Reading &guide").addActions(list(a.guides.values()))
    view_menu.addAction(a.focus_mode)
    read_menu = view_menu.addMenu("Read &aloud")
    read_menu.addActions([a.read_aloud, a.stop_reading, a.read_faster, a.read_slower])
    read_menu.addSeparator()
    read_menu.addAction(a.read_sources)
    help_menu = _menu(bar, "&Help")
    help_menu.addActions([a.shortcuts, a.show_disclaimer, a.about])

    toolbar = toolbar or window.addToolBar("Navigation")
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
    toolbar.addAction(a.check_in)  # always in view: a check-in is one click or Ctrl+J away
    more_tools.follow_text_size(toolbar)
    return toolbar


def _menu(bar: QMenuBar, title: str) -> QMenu:
    found = [m for m in bar.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)]
    return next((m for m in found if m.title() == title), None) or bar.addMenu(title)
