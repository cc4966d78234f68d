"""The left side of the window: the Library tab, and the Search tab built when first opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

SEARCH = 1  # the Search tab's index


class SideTabs(QTabWidget):
    def __init__(self, library: QWidget, build_search: Callable[[], object]) -> None:
        """``build_search`` is called when the Search tab is first chosen; it calls ``place_search_page``."""
        super().__init__()
        self.setObjectName("leftTabs")
        self.tabBar().setAccessibleName("Library or search")
        self.addTab(library, "Library")
        self.addTab(QWidget(), "Search")  # an empty page holds the Search page's place until it is built
        self.currentChanged.connect(lambda index: index == SEARCH and build_search())

    def place_search_page(self, page: QWidget) -> None:
        """Put the Search page in its tab, in place of the empty page, without changing the current tab."""
        current = self.currentIndex()
        placeholder = self.widget(SEARCH)
        self.blockSignals(True)
        self.removeTab(SEARCH)
        self.insertTab(SEARCH, page, "Search")
        self.setCurrentIndex(current)
        self.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()

    def show_search_page(self) -> None:
        self.setCurrentIndex(SEARCH)
