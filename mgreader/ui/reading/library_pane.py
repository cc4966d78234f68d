"""The Library pane: the filter field over the topic tree, and what the tree keeps across a rescan."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from mgreader.core.library import tree
from mgreader.core.library.scan import Library
from mgreader.ui.reading.tree_model import AnchorRole, ArticleRole, KeyRole, TopicFilterModel, TopicTreeModel


class LibraryPane(QWidget):
    """Topics and articles, filtered by what is typed above them; asks for an article to be opened."""

    article_requested = Signal(str, str)  # article id, anchor ("" for the reader's place)

    def __init__(self, library: Library, progress: dict[str, str]) -> None:
        super().__init__()
        self.tree_model = TopicTreeModel(tree.build(library), self)
        self.tree_model.progress = progress
        self.filter_model = TopicFilterModel(self)
        self.filter_model.setSourceModel(self.tree_model)

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
        self.expand_topics()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.topic_filter)
        layout.addWidget(self.topic_tree)

        self._current = ""
        self.topic_filter.textChanged.connect(self._filter_changed)
        self.topic_filter.returnPressed.connect(self._open_first_match)
        self.topic_tree.clicked.connect(self._activated)
        self.topic_tree.activated.connect(self._activated)

    # ------------------------------------------------------------------------------------------- verbs
    def show_library(self, library: Library) -> None:
        """The library was read again: show it, keeping open what the reader had opened."""
        expanded = self._expanded_keys()
        self.tree_model.set_root(tree.build(library))
        self._restore_expanded(expanded)

    def set_progress(self, article_id: str, state: str) -> None:
        self.tree_model.set_progress(article_id, state)

    def select(self, article_id: str) -> None:
        """Show ``article_id`` as the current row (the article on screen)."""
        self._current = article_id
        source = self.tree_model.index_of_key("article:" + article_id)
        index = self.filter_model.mapFromSource(source)
        if index.isValid():
            self.topic_tree.setCurrentIndex(index)
            self.topic_tree.scrollTo(index)

    def focus_filter(self) -> None:
        self.topic_filter.setFocus()
        self.topic_filter.selectAll()

    def expand_topics(self) -> None:
        """Topics open, articles closed: the tree shows every article without a wall of headings."""
        for row in range(self.filter_model.rowCount()):
            self.topic_tree.expand(self.filter_model.index(row, 0))

    # ---------------------------------------------------------------------------------------- reactions
    def _activated(self, index: QModelIndex) -> None:
        """A click or Enter on an article or heading opens it. Topics open and close the tree's own way
        (arrow, double-click, arrow keys): toggling here too would undo it where a click also activates."""
        article_id = index.data(ArticleRole)
        if article_id:
            self.article_requested.emit(article_id, index.data(AnchorRole) or "")

    def _filter_changed(self, text: str) -> None:
        self.filter_model.set_query(text)
        if text.strip():
            self.topic_tree.expandAll()
        else:
            self.topic_tree.collapseAll()
            self.expand_topics()
            if self._current:
                self.select(self._current)

    def _open_first_match(self) -> None:
        index = self.filter_model.index(0, 0)
        while index.isValid() and not index.data(ArticleRole):
            index = self.filter_model.index(0, 0, index)
        if index.isValid():
            self.article_requested.emit(index.data(ArticleRole), index.data(AnchorRole) or "")
            self.topic_tree.setFocus()

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
        self.expand_topics()
        for key in keys:
            index = self.filter_model.mapFromSource(self.tree_model.index_of_key(key))
            if index.isValid():
                self.topic_tree.expand(index)
