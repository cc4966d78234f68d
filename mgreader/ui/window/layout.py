"""The main window's panes: the side tabs, the article with the message bar above it, the notes' place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from mgreader.ui.look.message_bar import MessageBar
from mgreader.ui.reading.side_tabs import SideTabs


class WindowLayout:
    """The widgets the window is made of, and the places in them that controllers fill later."""

    def __init__(
        self,
        library_pane: QWidget,
        search_page: Callable[[], QWidget],
        article_view: QWidget,
        notes_slot: QWidget | None,
    ) -> None:
        # The Search page is built when first opened; until then an empty page holds its place.
        self.left_tabs = SideTabs(library_pane, search_page)
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
        self.centre_layout.addWidget(article_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.centre)
        if notes_slot is not None:
            self.splitter.addWidget(notes_slot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([280, 820, 340][: self.splitter.count()])

    def place_notes_panel(self, placeholder: QWidget, panel: QWidget) -> None:
        sizes = self.splitter.sizes()
        self.splitter.replaceWidget(self.splitter.indexOf(placeholder), panel)
        self.splitter.setSizes(sizes)

    def set_focus_mode(self, on: bool) -> None:
        """Only the article, centred: the side panes step aside and the hint says how to come back."""
        for index in range(self.splitter.count()):
            widget = self.splitter.widget(index)
            if widget is not None and widget is not self.centre:
                widget.setVisible(not on)
        self.focus_hint.setVisible(on)
