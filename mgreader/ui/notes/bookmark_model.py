"""The list model behind the Bookmarks tab: rows of bookmarks, newest first, fetched a page at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from mgreader.core.notes import placement
from mgreader.core.notes.store import Bookmark
from mgreader.core.theme import Theme, highlight_label
from mgreader.ui.look import palette

IdRole = Qt.ItemDataRole.UserRole + 1
MissingRole = Qt.ItemDataRole.UserRole + 2
# "All articles" loads this many bookmarks at a time, more as the list is scrolled.
PAGE_SIZE = 500


@dataclass(frozen=True)
class Row:
    bookmark: Bookmark
    article_title: str
    missing: bool
    now: str | None = None  # found with low confidence: the text there now, for the reader to check


class BookmarkListModel(QAbstractListModel):
    """Rows of bookmarks, newest first. A model rather than item widgets: the 'all articles' view may hold
    tens of thousands of rows and only the visible ones are ever drawn."""

    def __init__(self, theme: Theme, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.theme = theme
        self._more: Callable[[int], list[Row]] | None = None
        self._icons: dict[tuple[str, str], QIcon] = {}

    def set_rows(self, rows: list[Row], more: Callable[[int], list[Row]] | None = None) -> None:
        """Show ``rows``; ``more(offset)`` gives the next page when the view scrolls to the end."""
        self.beginResetModel()
        self.rows = rows
        self._more = more
        self.endResetModel()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return self._more is not None and not parent.isValid()

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if self._more is None or parent.isValid():
            return
        page = self._more(len(self.rows))
        if len(page) < PAGE_SIZE:
            self._more = None
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # The highlight's name and shape as words: its colour is never the only sign.
            text = placement.row_text(row.bookmark, row.article_title, row.missing, row.now)
            return f"{text} \u00b7 {highlight_label(row.bookmark.color)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.bookmark.quote[:1000] + (f"\n\nNote: {row.bookmark.note}" if row.bookmark.note else "")
        if role == Qt.ItemDataRole.DecorationRole:
            key = (self.theme.name, row.bookmark.color)
            if key not in self._icons:  # drawn once per theme and colour, not for every row painted
                self._icons[key] = palette.highlight_icon(self.theme, row.bookmark.color)
            return self._icons[key]
        if role == IdRole:
            return row.bookmark.id
        if role == MissingRole:
            return row.missing
        return None
