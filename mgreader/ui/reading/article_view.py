"""The article pane: a QTextBrowser that routes its own links and loads only pictures from the library.

A long page comes in pieces (issue 11: page_document.PageReading), one each turn of the event loop, so that
the window never waits for a whole page. Until the last piece is in, what needs the whole page waits for
it (``when_complete``, ``page_completed``): the reader's place, the highlights, Find, the reading guide.
Whoever asks for the page itself (``document()``, its text, a highlight, a flash) gets it whole: the
rest is read at once, as every page was read before. A page asked to open at its top is shown as it comes;
one opened further down (or at a heading) keeps the last page on screen, unpainted and deaf to clicks,
until it can be shown at that place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip, QWidget

from mgreader.core.render.pieces import Page
from mgreader.ui.reading.known_range import KnownRange
from mgreader.ui.reading.page_document import (
    PageReading,
    read_first,
    read_page,
    show_document,
    width_kept,
)
from mgreader.ui.reading.picture_loader import PictureLoader, put_pictures
from mgreader.ui.reading.port import Port

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import (
        QContextMenuEvent,
        QHelpEvent,
        QImage,
        QPaintEvent,
        QResizeEvent,
        QTextCharFormat,
        QTextDocument,
    )

# The text column holds about this many characters; wider windows get wider margins.
LINE_CHARACTERS = 72
MIN_MARGIN = 24
FLASH_MS = 1500
# What a frozen view (the last page still on screen) does not take: it would act on the page not shown yet.
_CLICKS = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel, QEvent.Type.ContextMenu,
}  # fmt: skip


class ArticleView(QTextBrowser):
    link_clicked = Signal(str)
    bookmark_requested = Signal(int, int)  # selection start and end (equal: the paragraph at that position)
    first_painted = Signal()  # once, after the first page is on screen
    page_completed = Signal()  # each page, once it is whole (a short one within show_page)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setAccessibleName("Article")
        self.setAccessibleDescription(
            "The article you are reading. Arrow keys move the cursor, Shift and the arrows select; "
            "Ctrl+D bookmarks the selection or the paragraph."
        )
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Caret browsing: arrows move a text cursor and Shift+arrows select, so a passage can be chosen and
        # bookmarked without a mouse.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(lambda url: self.link_clicked.emit(url.toString()))
        self._root: Path | None = None
        self._pictures = PictureLoader(self)  # off the window's thread; a placeholder until each arrives
        self._pictures.arrived.connect(self._pictures_arrived)
        self._article_dir = ""
        self._point_size = 12.0
        self._pending: int | None = None
        # Set by the window: the tooltip for a link (a glossary term's meaning), or None for no tooltip.
        self.describe_link: Callable[[str], str | None] | None = None
        self._painted = False
        self._html = ""
        self._spans: list[tuple[int, int]] = []
        self._originals: list[list[tuple[int, int, QTextCharFormat]]] = []
        self._find: tuple[list[tuple[int, int]], int, str, str] | None = None  # the find bar's marks
        self._find_page = ""  # the text of the page they were made on (taken when it is shown again)
        self._reading: PageReading | None = None  # the page still coming in pieces
        self._guide: list[QTextEdit.ExtraSelection] = []  # the reading guide's (reading_guide.py)
        self._guide_text = ""
        self._flashed = (-1, -1)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._end_flash)
        self.port = Port(self)  # the viewport's size (port.py: not the viewport, before the first paint)
        self._range = KnownRange(self, self.port)  # the last range, for the first paint (known_range.py)

    def show_page(self, html: str, root: Path | None, article_dir: str, point_size: float) -> None:
        """Show a composed page. ``root``/``article_dir`` say where its pictures may come from."""
        self._root, self._article_dir, self._point_size = root, article_dir, point_size
        self._range.shown(html)
        self._pictures.clear()
        if self._find and self._reading is None:
            self._find_page = self._shown().toRawText()
        frozen = self._painted and self.isVisible()
        if self._reading is not None:  # another page takes its place before it was whole
            frozen = self._reading.frozen or frozen
            self._reading.end()
            self._reading = None
        # The last page's highlights go first: clearing moves the caret, and whoever follows it (the reading
        # guide) must not be handed places past the end of the empty page.
        self._spans, self._originals = [], []
        self._html = html
        font = self._body_font(self._point_size)
        # Its own font: the window's text size reaches every widget in posted events, which would otherwise
        # reset the article to the window's size after the page was shown at the article's.
        self.setFont(font)
        page = Page.long(html)  # None: read whole
        pieces = page.pieces() if page is not None else iter(())
        document = read_first(self, page, next(pieces), font) if page else read_page(self, html, font)
        with width_kept(self, self.port, document, LINE_CHARACTERS):
            self._update_margins(document)  # before it is laid out: else it would be laid out twice
            show_document(self, self.port, document)
        if page is None:
            self._range.pin(document)
            self._complete()
            return
        self._range.expect(None)  # only the first page shown may be the one remembered
        self._reading = PageReading(self, page, pieces, frozen)
        self._reading.done.connect(self._complete)

    @property
    def page_complete(self) -> bool:
        """Whether the page shown is whole (no piece of it is still to come)."""
        return self._reading is None

    def when_complete(self, callback: Callable[[], object]) -> None:
        """``callback`` now, or once the page is whole; never, if another page is shown first."""
        if self._reading is None:
            callback()
        else:
            self._reading.then(callback)

    def finish_reading(self) -> None:
        """The rest of a page still coming, now (one call, as before pages came in pieces)."""
        if self._reading is not None:
            self._reading.finish()

    def document(self) -> QTextDocument:
        """The page, whole (see the module's docstring)."""
        self.finish_reading()
        return self._shown()

    def toPlainText(self) -> str:  # noqa: N802 (Qt's name)
        """The page's text, whole (as ``document``)."""
        self.finish_reading()
        return super().toPlainText()

    def _shown(self) -> QTextDocument:
        """The document on screen, as far as it has come."""
        return super().document()

    def _complete(self) -> None:
        reading, self._reading = self._reading, None
        then = reading.end() if reading is not None else []
        if reading is not None and reading.goal is not None:
            anchor, position = reading.goal
            if anchor:
                self.scroll_to_anchor(anchor)
            else:
                self.scroll_to_position(position)
        if self._find and self._shown().toRawText() == self._find_page:
            # The same words in another style (theme, text size, font): the find bar still counts its matches,
            # so they stay marked. A new page is searched again by the find bar itself.
            self._mark_matches(*self._find)
        else:
            self._find = None
        for callback in then:
            callback()
        self.page_completed.emit()

    def page_text(self) -> str:
        return self.document().toRawText()

    # Bookmarks (highlights.py). A highlight is a colour ('#rrggbb') or a whole format.
    def set_highlights(self, spans: Sequence[tuple[int, int, str | QTextCharFormat]]) -> None:
        from mgreader.ui.reading import highlights  # here: not needed for the first paint

        self._range.end()  # a page changed in place is drawn again from its layout's signals
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        if self._spans:
            highlights.take_out(cursor, self._originals)
            self._spans, self._originals = [], []
        self.add_highlights(spans)
        cursor.endEditBlock()

    def add_highlights(self, spans: Sequence[tuple[int, int, str | QTextCharFormat]]) -> None:
        if spans:
            from mgreader.ui.reading import highlights

            self._range.end()
            self._originals += highlights.paint(self.document(), spans)
            self._spans += [(start, end) for start, end, _colour in spans]

    def set_find_matches(
        self, spans: list[tuple[int, int]], current: int, colour: str, current_colour: str
    ) -> None:
        """Mark every match of the find bar, the current one more strongly, and scroll to the current one.
        Matches are transient, so they are extra selections, drawn over the page without changing it."""
        self._range.end()  # it scrolls
        self._find = (spans, current, colour, current_colour) if spans else None
        self._mark_matches(spans, current, colour, current_colour)
        if 0 <= current < len(spans):
            cursor = QTextCursor(self.document())
            cursor.setPosition(spans[current][0])
            self.setTextCursor(cursor)
            # In the middle of the view, not at its bottom edge where the eye does not look.
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.cursorRect(cursor).center().y() - self.port.height() // 2)

    def _mark_matches(
        self, spans: list[tuple[int, int]], current: int, colour: str, current_colour: str
    ) -> None:
        from PySide6.QtGui import QTextCharFormat

        selections = []
        for number, (start, end) in enumerate(spans):
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(current_colour if number == current else colour))
            if self._guide:  # a match the guide dims stays readable on its mark
                fmt.setForeground(QColor(self._guide_text))
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(self._guide + selections)

    def set_guide(self, selections: list[QTextEdit.ExtraSelection], text: str = "") -> None:
        """The reading guide's marks: drawn over the page without changing it, under the find bar's (whose
        matches are then drawn in ``text``, the theme's text colour)."""
        self._guide, self._guide_text = selections, text
        self._mark_matches(*(self._find or ([], -1, "", "")))

    def highlighted_spans(self) -> list[tuple[int, int]]:
        return list(self._spans)

    def highlighted_texts(self) -> list[str]:
        """The text of each highlighted passage, in the order they were given."""
        text = self.document().toRawText()
        return [text[start:end] for start, end in self._spans]

    def flash(self, start: int, end: int) -> None:
        """Scroll to a passage and select it for a moment, so the eye finds it."""
        self._range.end()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        self.setTextCursor(cursor)
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.port.height() // 4)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self._flashed = (start, end)
        self._flash_timer.start()

    def _end_flash(self) -> None:
        cursor = self.textCursor()
        if (cursor.selectionStart(), cursor.selectionEnd()) == self._flashed:
            cursor.clearSelection()
            self.setTextCursor(cursor)
        self._flashed = (-1, -1)

    def request_bookmark(self, at: QPoint | None = None) -> None:
        """The selection, or with none the paragraph at ``at`` (viewport point) or at the text cursor."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            self.bookmark_requested.emit(cursor.selectionStart(), cursor.selectionEnd())
            return
        position = self.cursorForPosition(at).position() if at is not None else cursor.position()
        if at is None and position == 0:
            position = self.reading_position()
        self.bookmark_requested.emit(position, position)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        """Hovering a glossary term shows its meaning (Qt's rich text shows no title tooltips itself)."""
        if self._reading is not None and self._reading.frozen and event.type() in _CLICKS:
            return True
        if event.type() == QEvent.Type.ToolTip and self.describe_link is not None:
            help_event = cast("QHelpEvent", event)
            text = self.describe_link(self.anchorAt(help_event.pos()))
            # Else a highlight's name: its colour is never the only sign of which one it is.
            text = text or self.cursorForPosition(help_event.pos()).charFormat().toolTip()
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
                return True
            QToolTip.hideText()
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        point = event.pos()
        action = menu.addAction("Bookmark passage")
        action.setObjectName("contextBookmarkPassage")
        action.triggered.connect(lambda: self.request_bookmark(point))
        menu.exec(event.globalPos())

    # Reading position: the character offset of the first visible text, stable across zoom and resizes.
    def reading_position(self) -> int:
        if self._reading is not None and self._reading.goal is not None:
            return self._reading.goal[1]  # where the page will be shown: the reader has not seen it yet
        # Hit-test a point on the first visible line of the text column. In the page's margins Qt's hit test
        # can land anywhere (often in the footer table), so the point is kept inside the column.
        document = self._shown()
        fmt = document.rootFrame().frameFormat()
        x = fmt.leftMargin() + 2
        y = max(float(self.verticalScrollBar().value()), fmt.topMargin()) + 2
        layout = document.documentLayout()
        return max(0, layout.hitTest(QPointF(x, y), Qt.HitTestAccuracy.FuzzyHit))

    def _scroll_later(self, position: int, anchor: str = "") -> bool:
        """While a page comes: at its top, show it as it comes; at a place it has (shown as it comes) go
        there now; else once it is whole. True when it waits."""
        reading = self._reading
        if reading is None:
            return False
        reading.goal = None
        if not anchor and position <= 0:
            reading.thaw()
            return False
        if not anchor and not reading.frozen and position < self._shown().characterCount() - 1:
            return False
        reading.goal = (anchor, position)
        return True

    def expect_range(self, saved: object) -> None:
        """The next page may be the one ``page_range`` described: if so, its first paint need not wait for it
        to be laid out whole (known_range.py)."""
        self._range.expect(saved)

    def page_range(self) -> dict[str, Any] | None:
        """The page shown and its scroll range (for ``expect_range`` when the window opens again)."""
        if self._reading is not None or self._shown().isEmpty():
            return None
        return self._range.record(self._shown())

    def scroll_to_position(self, position: int) -> None:
        if self._scroll_later(position):
            return
        # Qt lays long documents out lazily; the scroll range is only right once layout has finished (or
        # the range is known: known_range.py; the block's top below lays the page out as far as it).
        document = self._shown()
        if not self._range.held:
            document.size()
        block = document.findBlock(max(0, position))
        if not block.isValid():
            self.verticalScrollBar().setValue(0)
            self._pending = None
            return
        top = document.documentLayout().blockBoundingRect(block).top()
        if self._range.held and top > self.verticalScrollBar().maximum():
            self._range.end()  # not the range remembered after all: the page's own
        if not self.textCursor().hasSelection():
            # The text cursor follows, or focusing the view would scroll back to wherever the cursor was.
            cursor = QTextCursor(block)
            self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(int(top))
        # Before the view is on screen its scroll range is empty: scroll again once it is shown and sized.
        self._pending = None if self.isVisible() else position

    def scroll_to_anchor(self, anchor: str) -> bool:
        if self._scroll_later(0, anchor):
            return True  # it may not be there: said once the page is whole, if the reader asks again
        self._range.end()
        if not anchor:
            self.verticalScrollBar().setValue(0)
            return True
        cursor_before = self.verticalScrollBar().value()
        self.scrollToAnchor(anchor)
        return self.verticalScrollBar().value() != cursor_before or self._has_anchor(anchor)

    def _has_anchor(self, anchor: str) -> bool:
        return self.anchor_position(lambda name: name == anchor) is not None

    def anchor_position(self, wanted: Callable[[str], bool]) -> int | None:
        """Where the first anchor whose name is ``wanted`` starts (a heading's id, a footnote's)."""
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if any(wanted(name) for name in fragment.charFormat().anchorNames()):
                    return fragment.position()
                iterator += 1
            block = block.next()
        return None

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 (Qt's name)
        """Only pictures inside the article's content root are loaded; nothing else, never the network.
        What a picture may be, and how large, is decided in picture_loader.py."""
        # Here, not at the top: neither they nor the markdown module are needed for an article without
        # pictures (PySide makes a Qt class's enums when it is first named).
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QTextDocument

        if kind != QTextDocument.ResourceType.ImageResource.value or self._root is None:
            return None
        from mgreader.core.render.markdown import check_image_src

        name = url.toString() if isinstance(url, QUrl) else str(url)
        relative = check_image_src(name, self._article_dir)
        if relative is None:
            return None
        return self._pictures.request(self._root, relative, name)

    def pictures_loading(self) -> bool:
        return self._pictures.loading()

    def wait_for_pictures(self) -> None:
        """Until every picture asked for is in the page (tests, screenshots)."""
        self._pictures.wait()

    def _pictures_arrived(self, names: dict[str, QImage]) -> None:
        """Decoded pictures replace their placeholders; if one above the reader changed height, the reader
        stays on the same words."""
        self._range.end()
        document = self._shown()
        bar, layout = self.verticalScrollBar(), document.documentLayout()
        anchor = document.findBlock(self.reading_position()) if bar.value() > 0 else None
        top = layout.blockBoundingRect(anchor).top() if anchor is not None else 0.0
        put_pictures(document, names)
        if anchor is not None:
            bar.setValue(bar.value() + round(layout.blockBoundingRect(anchor).top() - top))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._painted and not self._shown().isEmpty():
            self._painted = True
            QTimer.singleShot(0, self, self._range.end)  # the rest of the page, before the rest of the window
            self.first_painted.emit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # A new style or font (a theme is set for the whole application before the page is set again) makes
        # Qt lay the page out again lazily, and the scroll range shrinks to what is laid out: the reader was
        # put back near the top (the place the window then kept for the page in the new theme).
        kept = event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange) and self.page_complete
        if kept:
            self._range.end()
        position = self.reading_position() if kept else 0
        super().changeEvent(event)
        if position:
            self.scroll_to_position(position)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        # Qt sends the viewport's resize events here. First: ending a held range below can show or hide the
        # scroll bar, whose own resize of the viewport comes within this one and must not be overwritten.
        self.port.resized(event.size())
        # Re-wrapping moves the text under a fixed scroll offset: keep the reader on the same words instead.
        self._range.end()
        position = self._pending if self._pending is not None else self.reading_position()
        super().resizeEvent(event)
        self._update_margins()
        # After a shrink Qt can keep the sideways range of the wider view although the page now fits.
        width = math.ceil(self._shown().documentLayout().documentSize().width())
        self.horizontalScrollBar().setRange(0, max(0, width - self.port.width()))
        if position or self._pending is not None:
            self.scroll_to_position(position)

    def _update_margins(self, document: QTextDocument | None = None) -> None:
        """Centre a column of comfortable width: Qt's rich text has no CSS max-width."""
        metrics = QFontMetricsF(self._body_font(self._point_size))
        column = metrics.averageCharWidth() * LINE_CHARACTERS
        width = self.port.width()
        side = max(MIN_MARGIN, (width - column) / 2)
        document = document or self._shown()
        frame = document.rootFrame()
        fmt = frame.frameFormat()
        if abs(fmt.leftMargin() - side) > 0.5:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(MIN_MARGIN)
            fmt.setBottomMargin(MIN_MARGIN)
            frame.setFrameFormat(fmt)
            # Without a fresh page size the horizontal scroll bar keeps the range of the old margins.
            document.setPageSize(document.pageSize())

    def _body_font(self, point_size: float) -> Any:
        font = self.font()
        font.setPointSizeF(point_size)
        return font
