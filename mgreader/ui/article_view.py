"""The article pane: a QTextBrowser that routes its own links and loads only pictures from the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import QFontMetricsF, QImage, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from mgreader.core.render import check_image_src

# The text column holds about this many characters; wider windows get wider margins.
LINE_CHARACTERS = 72
MIN_MARGIN = 24


class ArticleView(QTextBrowser):
    link_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(lambda url: self.link_clicked.emit(url.toString()))
        self._root: Path | None = None
        self._article_dir = ""
        self._point_size = 12.0

    def show_page(self, html: str, root: Path | None, article_dir: str, point_size: float) -> None:
        """Show a composed page. ``root``/``article_dir`` say where its pictures may come from."""
        self._root, self._article_dir, self._point_size = root, article_dir, point_size
        self.document().setDefaultFont(self._body_font(point_size))
        self.setHtml(html)
        self._update_margins()

    # Reading position: the character offset of the first visible text, stable across zoom and resizes.
    def reading_position(self) -> int:
        # A point inside the text column: in the side margin Qt's hit test can land in a later table.
        margin = self.document().rootFrame().frameFormat().leftMargin()
        return self.cursorForPosition(QPoint(int(margin) + 4, 4)).position()

    def scroll_to_position(self, position: int) -> None:
        block = self.document().findBlock(max(0, position))
        if not block.isValid():
            self.verticalScrollBar().setValue(0)
            return
        top = self.document().documentLayout().blockBoundingRect(block).top()
        self.verticalScrollBar().setValue(int(top))

    def scroll_to_anchor(self, anchor: str) -> bool:
        if not anchor:
            self.verticalScrollBar().setValue(0)
            return True
        cursor_before = self.verticalScrollBar().value()
        self.scrollToAnchor(anchor)
        return self.verticalScrollBar().value() != cursor_before or self._has_anchor(anchor)

    def _has_anchor(self, anchor: str) -> bool:
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                names = iterator.fragment().charFormat().anchorNames()
                if anchor in names:
                    return True
                iterator += 1
            block = block.next()
        return False

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt's name)
        """Only pictures inside the article's content root are loaded; nothing else, never the network."""
        if kind != QTextDocument.ResourceType.ImageResource.value or self._root is None:
            return None
        relative = check_image_src(url.toString() if isinstance(url, QUrl) else str(url), self._article_dir)
        if relative is None:
            return None
        path = (self._root / relative).resolve()
        if not path.is_relative_to(self._root.resolve()):
            return None  # a symbolic link that leads out of the library
        try:
            data = path.read_bytes()
        except OSError:
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        """Centre a column of comfortable width: Qt's rich text has no CSS max-width."""
        metrics = QFontMetricsF(self._body_font(self._point_size))
        column = metrics.averageCharWidth() * LINE_CHARACTERS
        width = self.viewport().width()
        side = max(MIN_MARGIN, (width - column) / 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) > 0.5:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(MIN_MARGIN)
            fmt.setBottomMargin(MIN_MARGIN)
            frame.setFrameFormat(fmt)
            # Without a fresh page size the horizontal scroll bar keeps the range of the old margins.
            self.document().setPageSize(self.document().pageSize())

    def _body_font(self, point_size: float) -> Any:
        font = self.font()
        font.setPointSizeF(point_size)
        return font

    def move_cursor_to_top(self) -> None:
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.setTextCursor(cursor)
