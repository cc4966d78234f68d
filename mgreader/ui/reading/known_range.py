"""The scroll range a page had when it was last shown, so that the everyday start paints it before laying it
out whole (issue 15).

Qt lays a page out lazily: what is on screen first, the rest a step at a time, while the scroll bar shows a
height extrapolated from the part laid out (QTextEdit's adjustScrollbars: 7,818 pixels for the welcome page
whose whole range is 8,224, growing as the rest comes). The start therefore laid the whole page out before
its first paint (``document().size()``, 28 M instructions, about 2% of the start) only so that the scroll
bar's handle would not move after it. Instead, the range the page had when the window closed is kept in the
settings with what it depends on (the page's text, the view's size, the font, the screen's resolution);
when the window opens on that page at that size again, the scroll bar is given that range at once, Qt's
own adjustments wait, and the rest of the page is laid out just after the first paint. The handle Qt then
sets is the one already on screen. When anything differs, the page is laid out whole first, as before.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtGui import QAbstractTextDocumentLayout, QTextDocument
    from PySide6.QtWidgets import QTextEdit

    from mgreader.ui.reading.port import Port

MAX_RANGE = 2**31 - 1  # a scroll bar takes a C int
# The view ends the wait once it is painted (or resized, changed, scrolled to an anchor ...); a window that is
# never painted (shown minimised) waits no longer than this.
HOLD_MS = 2000


class KnownRange:
    """A page's scroll range, remembered (``record``) and given back (``expect``, ``pin``) once."""

    def __init__(self, view: QTextEdit, port: Port) -> None:
        self._view, self._port = view, port
        self._expected: tuple[str, int] | None = None
        self._held: QAbstractTextDocumentLayout | None = None  # the layout whose adjustments wait
        self._page = 0  # the text of the page shown, as a checksum

    def expect(self, saved: object) -> None:
        """The next page shown may be the one ``record`` described (read from the settings: checked here)."""
        self._expected = None
        if isinstance(saved, dict):
            key, maximum = saved.get("page"), saved.get("maximum")
            if isinstance(key, str) and type(maximum) is int and 0 <= maximum <= MAX_RANGE:
                self._expected = (key, maximum)

    def shown(self, html: str) -> None:
        """A new page is shown: what was held for the last one ends first."""
        self.end()
        self._page = zlib.crc32(html.encode("utf-8", "replace"))

    @property
    def held(self) -> bool:
        """Whether the scroll bar shows the remembered range, the page not yet laid out whole."""
        return self._held is not None

    def pin(self, document: QTextDocument) -> bool:
        """Once the page is in the view: if it is the page expected, at the same size, its range now."""
        expected, self._expected = self._expected, None
        if expected is None or expected[0] != self._key(document):
            return False
        layout = document.documentLayout()
        layout.blockSignals(True)  # QTextEdit would set the range from the part laid out so far
        self._held = layout
        self._view.verticalScrollBar().setRange(0, expected[1])
        QTimer.singleShot(HOLD_MS, self._view, self.end)
        return True

    def end(self) -> None:
        """The rest of the page laid out now, and the range Qt's own again (the same one, unless the
        font files changed since)."""
        layout, self._held = self._held, None
        if layout is None:
            return
        size = layout.documentSize()  # lays the rest out
        layout.blockSignals(False)
        layout.documentSizeChanged.emit(size)  # QTextEdit sets its scroll bars from the whole page

    def record(self, document: QTextDocument) -> dict[str, Any]:
        """The page shown and its whole scroll range, for the settings."""
        self.end()
        layout = document.documentLayout()
        layout.documentSizeChanged.emit(layout.documentSize())  # the range of the whole page, set now
        return {"page": self._key(document), "maximum": self._view.verticalScrollBar().maximum()}

    def _key(self, document: QTextDocument) -> str:
        """What the page's height depends on besides its text: the view's size, the font, the screen."""
        view, port = self._view, self._port.size()
        return (
            f"{self._page:08x} {port.width()}x{port.height()} {document.defaultFont().toString()} "
            f"{view.logicalDpiY()} {view.devicePixelRatioF()}"
        )
