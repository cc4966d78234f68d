"""The reading guide (View > Reading guide): the paragraph or line being read stays as it is, the rest of the
article is dimmed, and a bar in the margin marks where the eye is. For a foggy mind that loses its line.

It follows the text cursor (arrow keys, Page Down, a click, Find, a bookmark jump), the sentence read aloud,
and scrolling that leaves the marked paragraph out of view. Its marks are extra selections and a small
widget over the margin: the page itself is never set again (that cleared highlights and Find's marks).
The dimmed colour (Theme.dimmed) keeps 4.5:1 (7:1 in high contrast) against the page; bookmark highlights
are left undimmed, so their text keeps its own contrast; tests/ui/reading/test_reading_guide.py computes
both per theme.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from mgreader.core.settings import READING_GUIDE_MODES
from mgreader.core.theme import Theme
from mgreader.ui.reading.article_view import ArticleView

MODES = tuple(zip(READING_GUIDE_MODES, ("Off", "Paragraph", "Line"), strict=True))
BAR_WIDTH = 5
BAR_GAP = 8  # between the bar and the text column


class ReadingGuide(QObject):
    """Marks one paragraph (or line) of the article view and dims the rest."""

    def __init__(self, view: ArticleView, theme: Theme) -> None:
        super().__init__(view)
        self.view = view
        self.theme = theme
        self.mode = "off"
        self._at = 0  # the guided position: a character offset in the page
        self.span = (0, 0)  # the marked paragraph or line, as (start, end) offsets
        self.bar = QWidget(view.viewport())
        self.bar.setObjectName("readingGuideBar")
        self.bar.setAccessibleName("Reading guide")
        self.bar.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the application has a style sheet
        self.bar.hide()
        # The page changes in pieces (a new page, highlights merged in): mark it again once it settles.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        view.cursorPositionChanged.connect(self._caret_moved)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self._place_bar())
        view.textChanged.connect(self._later.start)  # the page's, whichever document shows it
        view.page_completed.connect(self._later.start)
        view.viewport().installEventFilter(self)

    @property
    def on(self) -> bool:
        return self.mode != "off"

    def set_mode(self, mode: str) -> None:
        self.mode = mode if mode in dict(MODES) else "off"
        if self.on:
            self._at = self.view.textCursor().position()
        self.refresh()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.refresh()

    def follow(self, position: int, _end: int = -1) -> None:
        """Guide the paragraph (or line) at ``position``: the caret's, or the sentence read aloud."""
        self._at = position
        if self.on:
            self.refresh()

    def refresh(self) -> None:
        """Mark the guided paragraph or line again (after a move, a new page, a theme or a resize)."""
        if not self.view.page_complete:
            return  # a long page still coming in pieces: marked once it is whole (page_completed)
        if not self.on:
            self.span = (0, 0)
            self.bar.hide()
            self.view.set_guide([])
            return
        self.span = self._span_at(self._at)
        self.view.set_guide(self._dim_outside(*self.span), self.theme.text)
        self._place_bar()

    # ------------------------------------------------------------------------------------------ moves
    def _caret_moved(self) -> None:
        self.follow(self.view.textCursor().position())

    def _scrolled(self, _value: int) -> None:
        """Scrolled with the wheel or the scroll bar, the caret staying behind: guide the first paragraph in
        view once the guided one has left it."""
        if not self.view.page_complete:
            return
        if self.on and not self._span_rect().intersects(QRectF(self.view.viewport().rect())):
            self.follow(self.view.reading_position())
        else:
            self._place_bar()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Resized: lines wrap elsewhere, so the guided line (and the bar's place) change.
        if event.type() == QEvent.Type.Resize and self.on:
            self._later.start()
        return False

    # ---------------------------------------------------------------------------------------- the marks
    def _block(self, position: int) -> QTextBlock:
        document = self.view.document()
        return document.findBlock(max(0, min(position, document.characterCount() - 1)))

    def _span_at(self, position: int) -> tuple[int, int]:
        block = self._block(position)
        if not block.isValid():
            return (0, 0)
        start, end = block.position(), block.position() + max(0, block.length() - 1)
        layout = block.layout()
        if self.mode == "line" and layout is not None and layout.lineCount():
            self.view.document().size()  # the lines exist once the page is laid out
            line = layout.lineForTextPosition(max(0, position - start))
            if line.isValid():
                return (start + line.textStart(), start + line.textStart() + line.textLength())
        return (start, end)

    def _dim_outside(self, start: int, end: int) -> list[QTextEdit.ExtraSelection]:
        """Extra selections colouring the text outside ``start``-``end`` dimmed, except bookmark highlights
        (their text is drawn for their own colour)."""
        keep = sorted([(start, end), *self.view.highlighted_spans()])
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(self.theme.dimmed))
        selections = []
        low = 0
        for keep_start, keep_end in [*keep, (self.view.document().characterCount() - 1, 0)]:
            if keep_start > low:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.view.document())
                cursor.setPosition(low)
                cursor.setPosition(keep_start, QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
            low = max(low, keep_end)
        return selections

    def _span_rect(self) -> QRectF:
        """Where the guided paragraph or line is, in the view's viewport."""
        start, end = self.span
        block = self._block(start)
        if not block.isValid():
            return QRectF()
        rect = self.view.document().documentLayout().blockBoundingRect(block)
        layout = block.layout()
        if self.mode == "line" and layout is not None and layout.lineCount():
            line = layout.lineForTextPosition(start - block.position())
            if line.isValid():
                rect = line.rect().translated(rect.topLeft())
        return rect.translated(
            -self.view.horizontalScrollBar().value(), -self.view.verticalScrollBar().value()
        )

    def _place_bar(self) -> None:
        if not self.on or not self.view.page_complete:
            return
        rect = self._span_rect()
        if rect.isEmpty():
            self.bar.hide()
            return
        self.bar.setStyleSheet(f"background: {self.theme.selection}; border: none;")
        left = max(0, int(rect.left()) - BAR_GAP - BAR_WIDTH)
        self.bar.setGeometry(QRect(left, int(rect.top()), BAR_WIDTH, max(1, int(rect.height()))))
        self.bar.show()
