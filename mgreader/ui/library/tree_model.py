"""The topic tree's Qt model: a thin QAbstractItemModel over core.library.tree nodes, filtered by
core.library.tree_filter."""

from __future__ import annotations

import threading
from collections import ChainMap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from mgreader.core.library.scan import has_headings
from mgreader.core.library.topics import tree, tree_filter
from mgreader.core.words import fold

if TYPE_CHECKING:
    from mgreader.core.library.topics import tree_merge

KeyRole = Qt.ItemDataRole.UserRole + 1
ArticleRole = Qt.ItemDataRole.UserRole + 2
AnchorRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex
PROGRESS_MARKS = {"read": "  \u2713", "started": "  \u25d4"}  # a tick; a quarter-filled circle
PROGRESS_WORDS = {"read": "read", "started": "partly read"}


class TopicTreeModel(QAbstractItemModel):
    """The tree, or the part of it that the topic filter shows (core.library.tree_filter decides which)."""

    def __init__(self, root: tree.Node, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = root
        self._titles = tree_filter.Titles()
        self._shown: tree_filter.Shown | None = None
        self._articles: Mapping[str, tree.Node] | None = None
        self.progress: dict[str, str] = {}  # article id -> "read" or "started"

    def set_progress(self, article_id: str, state: str) -> None:
        self.progress[article_id] = state
        index = self.index_of_key("article:" + article_id)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def set_root(self, root: tree.Node, titles: tree_filter.Titles | None = None) -> bool:
        """A new tree (the library was read again); ``titles``: the filter's, if made already. Returns
        whether the rows changed: not when ``root`` holds the very nodes shown now (tree_merge kept them),
        and no filter is on (the spans the filter read are new)."""
        titles = titles or self._titles.carried(root)
        edits = titles.take_edits()
        if self.same_rows(root):
            old, self._root = self._root, root
            old._children = []  # the same rows, under a new root (tree.join): only the edits to lay out
            self._titles, self._articles = titles, None
            self._edit(edits, signals=True)
            titles.edits_made()
            return bool(edits)
        old, self._root = self._root, root
        self.beginResetModel()
        self._edit(edits, signals=False)
        titles.edits_made()
        self._titles = titles
        self._articles = None
        if self._shown is not None:
            self._shown = tree_filter.Shown(root, self._shown.query, self._titles)
        self.endResetModel()
        if old is not root:
            # In a worker: freeing a replaced tree of 20,000 articles (nodes, references, headings) took
            # half a second in the window's thread; a node at a time there, the window goes on painting.
            threading.Thread(target=tree.release, args=(old, root), name="mgreader-free", daemon=True).start()
        return True

    def _edit(self, edits: list[tree_merge.Edit], signals: bool) -> None:
        """Rows removed and inserted (tree_merge), each run announced to the view when ``signals``."""
        from mgreader.core.library.topics import tree_merge  # a rescan's: not before the first paint

        gone: list[tree.Node] = []
        for edit in edits:
            parent = self.index_of_node(edit.parent) if signals else QModelIndex()
            for first, last in reversed(edit.removed):
                if signals:
                    self.beginRemoveRows(parent, first, last)
                gone += tree_merge.remove_rows(edit.parent, first, last)
                if signals:
                    self.endRemoveRows()
            for row, nodes in edit.inserted:
                if signals:
                    self.beginInsertRows(parent, row, row + len(nodes) - 1)
                tree_merge.insert_rows(edit.parent, row, nodes)
                if signals:
                    self.endInsertRows()
        if gone:
            free = threading.Thread(target=tree_merge.let_go, args=(gone,), name="mgreader-free", daemon=True)
            free.start()

    def same_rows(self, root: tree.Node) -> bool:
        """Whether ``root`` holds the very nodes shown now, unfiltered: see ``set_root``."""
        return root is not self._root and root._children == self._root._children and self._shown is None

    def set_filter(self, text: str) -> None:
        """Show only the rows that match ``text`` (every word, ignoring case and accents); '' shows all."""
        query = fold(text.strip())
        if query == (self._shown.query if self._shown is not None else ""):
            return
        self.beginResetModel()
        self._shown = tree_filter.Shown(self._root, query, self._titles, self._shown) if query else None
        self.endResetModel()

    @property
    def query(self) -> str:
        return self._shown.query if self._shown is not None else ""

    def to_expand(self) -> list[QModelIndex]:
        """The rows the filter opens by itself (see tree_filter.Shown.to_expand); none when unfiltered."""
        if self._shown is None:
            return []
        return [self.index_of_node(node) for node in self._shown.to_expand()]

    def node(self, index: AnyIndex) -> tree.Node:
        return index.internalPointer() if index.isValid() else self._root

    def _children(self, node: tree.Node) -> list[tree.Node]:
        return node.children if self._shown is None else self._shown.children(node)

    def _row(self, node: tree.Node) -> int:
        return node.row if self._shown is None else self._shown.row(node)

    def index_of_node(self, node: tree.Node) -> QModelIndex:
        return self.createIndex(self._row(node), 0, node)

    def index_of_key(self, key: str) -> QModelIndex:
        """The row with this key, if it is shown. Topics and articles are found by key directly (a walk of
        the tree would visit 20,000 nodes); headings within their article."""
        node: tree.Node | None
        if key.startswith("heading:"):
            article = self._article_nodes().get("article:" + key[len("heading:") :].partition("#")[0])
            node = article.find(key) if article is not None else None
        else:
            node = self._article_nodes().get(key)
        if node is None or node is self._root or (self._shown is not None and not self._shown.shows(node)):
            return QModelIndex()
        return self.index_of_node(node)

    def _article_nodes(self) -> Mapping[str, tree.Node]:
        """Topics and articles by key: made with the filter's index in the worker that read the library
        (tree_filter.Titles), else here (a small tree: the bundled one). Looked up in each top-level
        topic's in turn: one dictionary of them all was 0.7 MB more at 20,000 articles."""
        if self._articles is None:
            found = {id(keys): keys for keys in map(self._titles.keys, self._root._children)}
            self._articles = ChainMap(*found.values())  # the titles may hold the keys of other trees too
        return self._articles

    # The view calls index() and hasChildren() for every opened row each time it lays the tree out (a
    # row inserted or removed anywhere): 20,000 rows in a big opened folder. Both take the shortest path
    # for the unfiltered tree, and flags() is Qt's own (enabled and selectable): a Python override of it,
    # asked twice a row, was half the cost of laying out (an enum made into C++ each time).
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = parent.internalPointer() if parent.isValid() else self._root
        children = node.children if self._shown is None else self._shown.children(node)
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        owner = self.node(index).parent
        if owner is None or owner is self._root:
            return QModelIndex()
        return self.createIndex(self._row(owner), 0, owner)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.column() > 0:
            return 0
        return len(self._children(self.node(parent)))

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        """Asked for every row the view lays out: an article answers from its metadata, so that its
        heading rows are built only when it is opened (or the filter looks into it)."""
        if not parent.isValid():
            return bool(self._children(self._root))
        node: tree.Node = parent.internalPointer()
        if self._shown is not None and not self._shown.wholly(node):
            return True  # a partly shown row shows because a row beneath it matched: not counted here
        if node._pending is not None:  # an article whose heading rows are not built yet
            if not node.indexed:
                return has_headings(node._pending)
            return node.has_lines_beneath()  # a line for each heading after the title's in the filter's index
        return bool(node._children if self._shown is None else self._shown.children(node))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        state = self.progress.get(node.article_id, "") if node.kind is tree.Kind.ARTICLE else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return node.title + PROGRESS_MARKS.get(state, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.title + (f" ({PROGRESS_WORDS[state]})" if state else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{node.kind.value}: {node.title}" + (f", {PROGRESS_WORDS[state]}" if state else "")
        if role == KeyRole:
            return node.key
        if role == ArticleRole:
            return node.article_id
        if role == AnchorRole:
            return node.anchor
        return None
