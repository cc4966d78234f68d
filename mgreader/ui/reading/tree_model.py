"""The topic tree's Qt model: a thin QAbstractItemModel over core.library.tree nodes, and its filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from mgreader.core.library import tree
from mgreader.core.words import fold

KeyRole = Qt.ItemDataRole.UserRole + 1
ArticleRole = Qt.ItemDataRole.UserRole + 2
AnchorRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex
PROGRESS_MARKS = {"read": "  \u2713", "started": "  \u25d4"}  # a tick; a quarter-filled circle
PROGRESS_WORDS = {"read": "read", "started": "partly read"}


class TopicTreeModel(QAbstractItemModel):
    def __init__(self, root: tree.Node, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = root
        self.progress: dict[str, str] = {}  # article id -> "read" or "started"

    def set_progress(self, article_id: str, state: str) -> None:
        self.progress[article_id] = state
        index = self.index_of_key("article:" + article_id)
        if index.isValid():
            self.dataChanged.emit(index, index)

    def set_root(self, root: tree.Node) -> None:
        self.beginResetModel()
        self._root = root
        self.endResetModel()

    def node(self, index: AnyIndex) -> tree.Node:
        return index.internalPointer() if index.isValid() else self._root

    def index_of_key(self, key: str) -> QModelIndex:
        node = self._root.find(key)
        return (
            self.createIndex(node.row, 0, node)
            if node is not None and node is not self._root
            else QModelIndex()
        )

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        owner = self.node(parent)
        if column != 0 or not 0 <= row < len(owner.children):
            return QModelIndex()
        return self.createIndex(row, 0, owner.children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        owner = self.node(index).parent
        if owner is None or owner is self._root:
            return QModelIndex()
        return self.createIndex(owner.row, 0, owner)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

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

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TopicFilterModel(QSortFilterProxyModel):
    """Shows nodes whose title holds every typed word (ignoring case and accents), with their ancestors;
    a matching topic or article keeps everything beneath it."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ""
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        if not self._query:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return tree.matches(model.node(index), self._query)  # type: ignore[attr-defined]
