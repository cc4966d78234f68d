"""The size of the article view's viewport, without asking Qt for the viewport itself (issue 15).

``QAbstractScrollArea.viewport()`` hands Python a widget that Python has not seen yet. PySide works out
its most derived class by walking every subclass of QWidget, and builds each one's Python type and enums
as it goes (77 enums). The first such call of the start took about 100 M instructions, an eighth of it,
and the bare window it is measured against makes none. The view gets its viewport's size anyway: Qt sends
it the viewport's resize events (``QAbstractScrollArea.resizeEvent``). While the view is on screen they
come as the size changes. While it is hidden the viewport itself is asked: its resize events wait until it
is shown, and some changes (its margins) move it without one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractScrollArea


class Port:
    def __init__(self, view: QAbstractScrollArea) -> None:
        self._view = view
        self._size: QSize | None = None

    def resized(self, size: QSize) -> None:
        """From the view's ``resizeEvent``: the viewport's new size."""
        self._size = QSize(size)

    def size(self) -> QSize:
        if self._size is not None and self._view.isVisible():
            return QSize(self._size)
        return self._view.viewport().size()

    def width(self) -> int:
        return self.size().width()

    def height(self) -> int:
        return self.size().height()
