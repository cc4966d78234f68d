"""Search the library: a field, and ranked results with the matched words in bold, updated as you type."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.errors import MgReaderError
from mgreader.core.search.index import MARK_END, MARK_START, DocKind, Hit
from mgreader.core.words import counted
from mgreader.ui.aloud import aloud_menu

DEBOUNCE_MS = 150
KIND_LABELS = {
    DocKind.ARTICLE: "Article",
    DocKind.BOOKMARK: "Bookmark",
    DocKind.NOTE: "Note",
    DocKind.CHECKIN: "Check-in",
}
HitRole = Qt.ItemDataRole.UserRole + 1


def hit_html(hit: Hit) -> str:
    """Title, where it is, and the snippet with the matched words in bold; everything else escaped."""
    snippet = html.escape(hit.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
    where = " \u00b7 ".join(p for p in (KIND_LABELS[hit.kind], hit.topic) if p)
    title = html.escape(hit.title or "(untitled)")
    return f"<b>{title}</b><br><small>{html.escape(where)}</small><br>{snippet}"


class HitModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit_html(hit)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            plain = hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
            return f"{KIND_LABELS[hit.kind]}: {hit.title}. {plain}"
        if role == HitRole:
            return hit
        return None


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's HTML (Qt's item views draw plain text only)."""

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data())
        document.setTextWidth(max(100, option.rect.width() - 8))
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        document = self._document(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QWidget().style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        option.text = text
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        self.initStyleOption(option, index)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 6)


INCOMPLETE = "Still indexing: results may be incomplete."


class SearchPanel(QWidget):
    hit_activated = Signal(object)  # a Hit

    def __init__(
        self, search: Callable[[str], list[Hit]], incomplete: Callable[[], bool] = lambda: False
    ) -> None:
        """``incomplete`` says whether the index is still being built or brought up to date."""
        super().__init__()
        self.setObjectName("searchPanel")
        self._search = search
        self._incomplete = incomplete
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search articles, bookmarks and notes")
        self.field.setAccessibleName("Search the library")
        self.field.setAccessibleDescription("Results appear as you type. Put quotes around an exact phrase.")
        self.field.setClearButtonEnabled(True)
        self.model = HitModel(self)
        self.results = QListView()
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setAccessibleDescription("Best first. Press Enter to open a result.")
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.results.setUniformItemSizes(False)
        aloud_menu.add_entry(self.results, "hit", lambda index: self.model.hits[index.row()])
        self.status = QLabel('Type a word or two. Put "quotes" around an exact phrase.')
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._activate_first)
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)

    def run_search(self) -> None:
        self._timer.stop()
        text = self.field.text()
        if not text.strip():
            self.model.set_hits([])
            self.status.setText('Type a word or two. Put "quotes" around an exact phrase.')
            return
        try:
            hits = self._search(text)
        except MgReaderError as error:
            self.model.set_hits([])
            self.status.setText(f"Search is not available right now: {error}")
            return
        self.model.set_hits(hits)
        if hits:
            count = counted(len(hits), "result")
            status = count + (", the best first" if len(hits) > 1 else "")
        else:
            status = (
                f"Nothing found for \u201c{text.strip()}\u201d. Try fewer words, the start of a word, "
                "or a different spelling."
            )
        self.status.setText(f"{INCOMPLETE}\n{status}" if self._incomplete() else status)

    def _activate_first(self) -> None:
        self.run_search()
        if self.model.hits:
            self.results.setCurrentIndex(self.model.index(0))
            self._activated(self.model.index(0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hit_activated.emit(self.model.hits[index.row()])
