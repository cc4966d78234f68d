"""The article's page as a document of its own, read before it is shown (issue 11).

Read into the view's own document, a page took up to twice as long as into a new one: the view follows
every block Qt adds. A new document is read, given its margins, and shown laid out once at the width it
will keep: if the page will scroll, the scroll bar is shown first (it narrows the view, and Qt lays a
page out again whole when the width changes: a long page shown after a short one, "Preparing..." say,
would be laid out twice).

Not in another thread: PySide holds the interpreter through ``setHtml``, so the window waits all the
same (bench/article_stall.py --qt-thread); and a page laid out in another thread crashed when shown.
A long page is read in pieces instead (core/render/pieces.py), one per turn of the event loop, each with
``setHtml``: the first into the document to be shown, the others added at its end (``read_more``), where
Qt lays each out as it is added. (Laid out in a document not shown yet, it would be laid out again
whole when shown: ``QTextEdit.setDocument`` sets the page's width; and Qt's own lazy layout of a page
shown whole takes steps of up to 200,000 characters, about 100 ms.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QTextCursor, QTextDocument, QTextDocumentFragment
from PySide6.QtWidgets import QTextEdit

from mgreader.core.render.pieces import Page

if TYPE_CHECKING:
    from mgreader.ui.reading.port import Port

# Before each piece after the first. Qt adds a piece's first block to the last block of the document (in its
# format: a heading would take the last paragraph's) unless the piece begins with an empty block, and the
# HTML reader begins a new block after a table: an empty table leaves nothing else, and the blocks that follow
# come out as one ``setHtml`` of the whole page makes them (tests/ui/reading/test_page_pieces.py).
SEAM = "<table></table>"
# The object name of the documents read here (the view deletes them once it shows another).
OWN_PAGE = "articlePage"


def read_page(view: QTextEdit, html: str, font: QFont) -> QTextDocument:
    """``html`` read into a new document for ``view``, which loads its pictures (its ``loadResource``)."""
    document = QTextDocument(view)
    document.setObjectName(OWN_PAGE)
    document.setDefaultFont(font)
    document.setUndoRedoEnabled(False)
    # Its text options are a new document's: the view's wrapping (QTextEdit's default, which setDocument
    # would otherwise set, laying the page out again; test_page_document checks). Copied from the view's
    # document, they made QTextOption's Python type before the first paint (2 M instructions).
    document.setHtml(html)
    return document


def read_first(view: QTextEdit, page: Page, piece: str, font: QFont) -> QTextDocument:
    """A new document for ``view`` holding the first ``piece`` of a long ``page``."""
    return read_page(view, page.head + piece + page.tail, font)


def read_more(view: QTextEdit, document: QTextDocument, page: Page, piece: str) -> None:
    """Add the next ``piece`` of ``page`` at the end of ``document``, a document of ``view``'s."""
    # Read as a document (setHtml), not as a fragment (insertHtml): Qt's HTML reader reads a few things
    # otherwise in a fragment (a box beginning with a rule, as footnotes do, gains an empty paragraph).
    # Its pictures are asked of the view, as the page's own are.
    read = read_page(view, page.head + SEAM + piece + page.tail, document.defaultFont())
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertFragment(QTextDocumentFragment(read))
    read.deleteLater()


def surely_scrolls(port: Port, document: QTextDocument, line_characters: int) -> bool:
    """Whether the page is taller than the view, from what is known before it is laid out: each block
    takes a line at least, and a line holds at most about ``line_characters`` (the text column)."""
    lines = max(document.blockCount(), document.characterCount() // line_characters)
    return lines * QFontMetricsF(document.defaultFont()).lineSpacing() > port.height()


@contextmanager
def width_kept(view: QTextEdit, port: Port, document: QTextDocument, line_characters: int) -> Iterator[None]:
    """Within it, the view is as wide as it will be once ``document`` is shown in it."""
    policy = view.verticalScrollBarPolicy()
    show_bar = (
        policy == Qt.ScrollBarPolicy.ScrollBarAsNeeded
        and not view.verticalScrollBar().isVisible()
        and surely_scrolls(port, document, line_characters)
    )
    if show_bar:
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    try:
        yield
    finally:
        if show_bar:
            view.setVerticalScrollBarPolicy(policy)  # needed now: it stays


def show_document(view: QTextEdit, port: Port, document: QTextDocument) -> None:
    """Show ``document`` and let the last page go, with the pictures put in it (the same name may be
    another file in the next article)."""
    old = QTextEdit.document(view)
    # Else the view's first, which setDocument deletes. Not ``old.parent() is view``: the parent of the view's
    # first document is Qt's text control, and handing it to Python walked every QObject class (port.py).
    ours = old.objectName() == OWN_PAGE
    if view.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth:
        # The view's width before it is shown: with none, its first piece was laid out unwrapped, as wide
        # as a paragraph, which also showed a sideways scroll bar that narrowed the page (issue 15).
        document.setPageSize(QSizeF(port.width(), -1))
    view.setDocument(document)
    if ours:
        old.deleteLater()  # after whatever still refers to it in this turn of the event loop


class PageReading(QObject):
    """A long page read into the document ``view`` shows, a piece each turn of the event loop, its first
    piece in already. ``frozen``: the view keeps showing the last page meanwhile (it is not painted; see
    ArticleView), until ``thaw`` or the end. ``done`` comes once every piece is in (not after ``end``)."""

    done = Signal()

    def __init__(self, view: QTextEdit, page: Page, pieces: Iterator[str], frozen: bool) -> None:
        super().__init__(view)
        self.view, self.page, self.frozen = view, page, frozen
        self.document = QTextEdit.document(view)
        self.goal: tuple[str, int] | None = None  # the anchor or position to show once the page is whole
        self.pieces_read = 1
        self._pieces = pieces
        self._then: list[Callable[[], object]] = []
        if frozen:
            view.setUpdatesEnabled(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)  # after whatever else waits: input, painting
        self._timer.timeout.connect(self._next)
        self._timer.start()

    def then(self, callback: Callable[[], object]) -> None:
        self._then.append(callback)

    def thaw(self) -> None:
        if self.frozen:
            self.frozen = False
            self.view.setUpdatesEnabled(True)

    def finish(self) -> None:
        """Every piece left, now."""
        self._timer.stop()
        for piece in self._pieces:
            self._read(piece)
        self.done.emit()

    def end(self) -> list[Callable[[], object]]:
        """Stop (the page is whole, or another takes its place): what was to be done once it was whole."""
        self._timer.stop()
        self.thaw()
        then, self._then = self._then, []
        self.deleteLater()
        return then

    def _next(self) -> None:
        piece = next(self._pieces, None)
        if piece is None:
            self.done.emit()
            return
        self._read(piece)
        self._timer.start()

    def _read(self, piece: str) -> None:
        read_more(self.view, self.document, self.page, piece)
        self.pieces_read += 1
