"""The article's page as a document of its own, read before it is shown (issue 11).

Read into the view's own document, a page took up to twice as long as into a new one: the view follows
every block Qt adds. A new document is read, given its margins, and shown laid out once at the width it
will keep: if the page will scroll, the scroll bar is shown first (it narrows the view, and Qt lays a
page out again whole when the width changes: a long page shown after a short one, "Preparing..." say,
would be laid out twice).

Not in another thread: PySide holds the interpreter through ``setHtml``, so the window waits all the
same (bench/article_stall.py --qt-thread); and a page laid out in another thread crashed when shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QTextEdit


def read_page(view: QTextEdit, html: str, font: QFont) -> QTextDocument:
    """``html`` read into a new document for ``view``, which loads its pictures (its ``loadResource``)."""
    document = QTextDocument(view)
    document.setDefaultFont(font)
    document.setUndoRedoEnabled(False)
    document.setDefaultTextOption(view.document().defaultTextOption())  # the view's wrapping
    document.setHtml(html)
    return document


def surely_scrolls(view: QTextEdit, document: QTextDocument, line_characters: int) -> bool:
    """Whether the page is taller than the view, from what is known before it is laid out: each block
    takes a line at least, and a line holds at most about ``line_characters`` (the text column)."""
    lines = max(document.blockCount(), document.characterCount() // line_characters)
    return lines * QFontMetricsF(document.defaultFont()).lineSpacing() > view.viewport().height()


@contextmanager
def width_kept(view: QTextEdit, document: QTextDocument, line_characters: int) -> Iterator[None]:
    """Within it, the view is as wide as it will be once ``document`` is shown in it."""
    policy = view.verticalScrollBarPolicy()
    show_bar = (
        policy == Qt.ScrollBarPolicy.ScrollBarAsNeeded
        and not view.verticalScrollBar().isVisible()
        and surely_scrolls(view, document, line_characters)
    )
    if show_bar:
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    try:
        yield
    finally:
        if show_bar:
            view.setVerticalScrollBarPolicy(policy)  # needed now: it stays


def show_document(view: QTextEdit, document: QTextDocument) -> None:
    """Show ``document`` and let the last page go, with the pictures put in it (the same name may be
    another file in the next article)."""
    old = view.document()
    ours = old.parent() is view  # else the view's first, which setDocument deletes
    if view.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth:
        # The view's width before it is shown: with none, its first piece was laid out unwrapped, as wide
        # as a paragraph, which also showed a sideways scroll bar that narrowed the page (issue 15).
        document.setPageSize(QSizeF(view.viewport().width(), -1))
    view.setDocument(document)
    if ours:
        old.deleteLater()  # after whatever still refers to it in this turn of the event loop
