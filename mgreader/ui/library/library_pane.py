"""The Library pane: the filter field over the topic tree, and what the tree keeps across a rescan."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from mgreader.core.library.topics import tree, tree_filter
from mgreader.core.words import fold
from mgreader.ui.library.tree_model import AnchorRole, ArticleRole, KeyRole, TopicTreeModel

if TYPE_CHECKING:
    from mgreader.core.library.topics import tree_merge

# The folders the tree opens by itself, to show the article being read, stay open while they hold fewer
# rows than this together; past that, those opened longest ago close again (not the open article's, nor
# the folders the reader opened). Every opened row is laid out again, one call into Python or two each,
# whenever a row is inserted or removed anywhere (a file arriving): following 40 articles through a
# library of 20,000 left 20,000 rows open.
AUTO_OPEN_ROWS = 2000


class LibraryPane(QWidget):
    """Topics and articles, filtered by what is typed above them; asks for an article to be opened."""

    article_requested = Signal(str, str)  # article id, anchor ("" for the reader's place)
    said = Signal(str)  # a message for the reader

    def __init__(self, root: tree.Node, progress: dict[str, str]) -> None:
        super().__init__()
        self.tree_model = TopicTreeModel(root, self)
        self.tree_model.progress = progress
        # Keystrokes in the filter are applied once the events already queued are handled: a burst of
        # typing costs one filtering, and no keystroke waits for the one before it to be filtered.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._apply_filter)

        self.topic_filter = QLineEdit()
        self.topic_filter.setObjectName("topicFilter")
        self.topic_filter.setPlaceholderText("Filter topics and articles")
        self.topic_filter.setAccessibleName("Filter topics")
        self.topic_filter.setAccessibleDescription("Type to show only the titles with your words in them.")

        self.topic_tree = QTreeView()
        self.topic_tree.setObjectName("topicTree")
        self.topic_tree.setAccessibleName("Topics and articles")
        self.topic_tree.setAccessibleDescription("Enter opens an article; arrow keys open and close topics.")
        self.topic_tree.setHeaderHidden(True)
        self.topic_tree.setModel(self.tree_model)
        self.topic_tree.setUniformRowHeights(True)
        self.expand_topics()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.topic_filter)
        layout.addWidget(self.topic_tree)

        self._current = ""
        self._opened_for: dict[str, int] = {}  # folders the tree opened itself: key -> rows, oldest first
        self._opening = False  # the tree itself opens rows (not the reader)
        self.topic_tree.expanded.connect(self._opened)
        self.topic_filter.textChanged.connect(self._filter_changed)
        self.topic_filter.returnPressed.connect(self._open_first_match)
        self.topic_tree.clicked.connect(self._activated)
        self.topic_tree.activated.connect(self._activated)

    def add_clear_button(self) -> None:
        """The filter's clear button, which shows once something is typed: added after the first paint, or
        at the reader's first key press, before its character (its action, icon and fading were 2.5 M
        instructions of the start; the empty field looks the same without it)."""
        self.topic_filter.setClearButtonEnabled(True)

    # ------------------------------------------------------------------------------------------- verbs
    def show_library(self, root: tree.Node, titles: tree_filter.Titles | None = None) -> None:
        """The library was read again (or, while a long first read goes on, as far as it is read): show it,
        keeping open what the reader had opened, the selection and the scroll position."""
        if self.tree_model.same_rows(root):
            anchor = self._anchor_row()
            scrolled = self.topic_tree.verticalScrollBar().value()
            closed = self._close_for_inserts(titles.edits if titles is not None else [])
            changed = self.tree_model.set_root(root, titles)  # the rows shown are kept (and edited)
            if closed:
                with self._tree_opens():
                    for folder in closed:
                        self.topic_tree.expand(folder)  # laid out now: only its rows
                self.topic_tree.verticalScrollBar().setValue(scrolled)
            if changed:
                # Once the view has laid the rows out again (a posted layout: every edit of a rescan makes
                # one), the selected row (or the top one) goes back where it was: rows added or removed
                # above it do not move it.
                QTimer.singleShot(0, self, lambda: self._keep_in_place(*anchor))
            return
        expanded = self._expanded_keys()
        bar = self.topic_tree.verticalScrollBar()
        scrolled = bar.value()
        self.tree_model.set_root(root, titles)
        self._restore_expanded(expanded)
        if self._current:
            self.select(self._current, scroll=False, clear_filter=False)
        bar.setValue(scrolled)

    def set_progress(self, article_id: str, state: str) -> None:
        self.tree_model.set_progress(article_id, state)

    def select(self, article_id: str, scroll: bool = True, clear_filter: bool = True) -> None:
        """Show ``article_id`` as the current row (the article on screen)."""
        self._current = article_id
        index = self.tree_model.index_of_key("article:" + article_id)
        if not index.isValid() and clear_filter and self.topic_filter.text():
            # The tree follows the open article (from a bookmark, a search, a link): a filter that hides
            # it would leave the tree showing another article, so it is cleared, and the reader told.
            self.topic_filter.clear()  # selects the article again once the filter is applied
            self.said.emit("The topic filter was cleared to show the open article.")
            return
        if not index.isValid():
            return
        if not scroll:
            self.topic_tree.setCurrentIndex(index)
            return
        ancestors = self._ancestors(index)
        for key, parent in reversed(ancestors):  # the folders the tree opens for it: the newest now
            if key in self._opened_for or not self.topic_tree.isExpanded(parent):
                rows = self._opened_for.pop(key, None)
                self._opened_for[key] = self.tree_model.rowCount(parent) if rows is None else rows
        self._close_opened_for(keep={key for key, _ in ancestors})  # first: rows above it may go
        with self._tree_opens():
            self.topic_tree.setCurrentIndex(index)
            self.topic_tree.scrollTo(index)  # opens the folders on the way to it

    def focus_filter(self) -> None:
        self.topic_filter.setFocus()
        self.topic_filter.selectAll()

    def expand_topics(self) -> None:
        """Topics open, articles closed: the tree shows every article without a wall of headings."""
        for row in range(self.tree_model.rowCount()):
            self.topic_tree.expand(self.tree_model.index(row, 0))

    # ---------------------------------------------------------------------------------------- reactions
    def _activated(self, index: QModelIndex) -> None:
        """A click or Enter on an article or heading opens it. Topics open and close the tree's own way
        (arrow, double-click, arrow keys): toggling here too would undo it where a click also activates."""
        article_id = index.data(ArticleRole)
        if article_id:
            self.article_requested.emit(article_id, index.data(AnchorRole) or "")

    def _filter_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def _apply_filter(self) -> None:
        """Show the rows that match the filter, opened so that the matches are in sight (as far as a
        keystroke's worth of rows allows: see tree_filter.EXPAND_BUDGET); the open article stays selected."""
        text = self.topic_filter.text()
        if fold(text.strip()) == self.tree_model.query:
            return
        self.tree_model.set_filter(text)
        if text.strip():
            with self._tree_opens():
                for index in self.tree_model.to_expand():
                    self.topic_tree.expand(index)
        else:
            self.expand_topics()
        if self._current:
            self.select(self._current, clear_filter=False)

    def _open_first_match(self) -> None:
        self._filter_timer.stop()
        self._apply_filter()  # Enter right after typing opens the match of what was typed
        index = self.tree_model.index(0, 0)
        while index.isValid() and not index.data(ArticleRole):
            index = self.tree_model.index(0, 0, index)
        if index.isValid():
            self.article_requested.emit(index.data(ArticleRole), index.data(AnchorRole) or "")
            self.topic_tree.setFocus()

    def _ancestors(self, index: QModelIndex) -> list[tuple[str, QModelIndex]]:
        parents = []
        parent = index.parent()
        while parent.isValid():
            parents.append((parent.data(KeyRole), parent))
            parent = parent.parent()
        return parents

    def _close_opened_for(self, keep: set[str]) -> None:
        """Close the folders the tree opened itself, oldest first, but those in ``keep``, until they hold
        no more than AUTO_OPEN_ROWS rows together."""
        total = sum(self._opened_for.values())
        for key in list(self._opened_for):
            if total <= AUTO_OPEN_ROWS:
                break
            if key not in keep:
                total -= self._opened_for.pop(key)
                index = self.tree_model.index_of_key(key)
                if index.isValid():
                    self.topic_tree.collapse(index)

    @contextmanager
    def _tree_opens(self) -> Iterator[None]:
        self._opening = True
        try:
            yield
        finally:
            self._opening = False

    def _opened(self, index: QModelIndex) -> None:
        if not self._opening:  # the reader opened it (again): it stays open
            self._opened_for.pop(index.data(KeyRole), None)

    def _close_for_inserts(self, edits: list[tree_merge.Edit]) -> list[QPersistentModelIndex]:
        """Close the opened folders that rows are about to be inserted into; returns them, outer first.
        A row inserted into an opened folder makes the view lay out again every opened row of the tree
        (20,000 rows: 70 ms); into a closed one, none, and opening it lays out its own rows only. Not
        when the view lays out every row anyway: rows removed, or inserted beside the folders."""
        if any(e.removed or e.parent.parent is None or e.parent.parent.parent is None for e in edits):
            return []
        closed: list[tuple[int, QPersistentModelIndex]] = []
        for edit in edits:
            index = self.tree_model.index_of_node(edit.parent)
            if self.topic_tree.isExpanded(index):
                closed.append((len(self._ancestors(index)), QPersistentModelIndex(index)))
        for _, folder in closed:
            self.topic_tree.collapse(folder)
        return [folder for _, folder in sorted(closed, key=lambda pair: pair[0])]

    def _anchor_row(self) -> tuple[QPersistentModelIndex, int]:
        """The row that is to stay where it shows through row edits: the selected row if it is in sight,
        else the row at the top of the tree (a persistent index: Qt keeps it through the edits)."""
        view = self.topic_tree
        index = view.currentIndex()
        if not (index.isValid() and view.viewport().rect().intersects(view.visualRect(index))):
            index = view.indexAt(QPoint(1, 1))
        return QPersistentModelIndex(index), view.visualRect(index).top()

    def _keep_in_place(self, anchor: QPersistentModelIndex, y: int) -> None:
        if not anchor.isValid():
            return  # that row went: the scroll bar keeps its place
        rect = self.topic_tree.visualRect(anchor)
        shift = rect.top() - y
        if shift:
            if self.topic_tree.verticalScrollMode() is QAbstractItemView.ScrollMode.ScrollPerItem:
                shift = round(shift / max(1, rect.height()))  # the bar counts rows
            bar = self.topic_tree.verticalScrollBar()
            bar.setValue(bar.value() + shift)

    def _expanded_keys(self) -> set[str]:
        """Only expanded rows are looked into: the rest of a big tree is never visited."""
        keys: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.tree_model.rowCount(parent)):
                index = self.tree_model.index(row, 0, parent)
                if self.topic_tree.isExpanded(index):
                    keys.add(index.data(KeyRole))
                    pending.append(index)
        return keys

    def _restore_expanded(self, keys: set[str]) -> None:
        self.expand_topics()
        with self._tree_opens():
            for key in keys:
                index = self.tree_model.index_of_key(key)
                if index.isValid():
                    self.topic_tree.expand(index)
