"""Windows and dialogs that fit the screen they open on: never taller or wider than its free area.

Laptop screens of 1280x720 and 1366x768 leave about 650 pixels of height once the desktop's panels are
subtracted; a window sized for a desktop monitor would put its buttons (or its message bar) off-screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# A first window takes at most this share of the screen's free area: the desktop stays visible around it.
SHARE = 0.9


def screen_of(widget: QWidget) -> QScreen:
    """The screen the widget opens on: its parent's when it has one (a dialog opens over its window)."""
    parent = widget.parentWidget()
    for candidate in (parent.window() if parent is not None else None, widget):
        if candidate is not None and candidate.screen() is not None:
            return candidate.screen()
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen


def fitted_size(wanted: QSize, available: QRect, share: float = SHARE) -> QSize:
    """``wanted``, made smaller where it would not fit within ``share`` of ``available``."""
    return QSize(
        min(wanted.width(), int(available.width() * share)),
        min(wanted.height(), int(available.height() * share)),
    )


def clamped(geometry: QRect, available: QRect) -> QRect:
    """``geometry`` moved and shrunk so that all of it is on ``available`` (a restored window whose
    screen was larger, or is gone)."""
    size = geometry.size().boundedTo(available.size())
    left = min(max(geometry.left(), available.left()), available.right() - size.width() + 1)
    top = min(max(geometry.top(), available.top()), available.bottom() - size.height() + 1)
    return QRect(QPoint(left, top), size)


def centred(size: QSize, available: QRect) -> QRect:
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return rect


def fit(widget: QWidget, width: int, height: int, share: float = SHARE) -> None:
    """Size ``widget`` to ``width`` x ``height``, or less where its screen is smaller, centred on it."""
    available = screen_of(widget).availableGeometry()
    size = fitted_size(QSize(width, height), available, share)
    widget.resize(size)
    parent = widget.parentWidget()
    # Over its window when it has one (where the reader is looking), else in the middle of the screen.
    area = parent.window().frameGeometry().intersected(available) if parent is not None else available
    widget.move(clamped(centred(size, area), available).topLeft())


def keep_on_screen(widget: QWidget) -> None:
    """Move and shrink a window whose restored geometry reaches past its screen's free area."""
    available = screen_of(widget).availableGeometry()
    frame = widget.frameGeometry()
    inside = clamped(frame, available)
    if inside != frame:
        extra = frame.size() - widget.geometry().size()  # title bar and borders
        widget.resize(inside.size() - extra)
        widget.move(inside.topLeft())


def fit_to_screen(dialog: QWidget, wanted: QSize, minimum_width: int = 0) -> None:
    """Open a dialog at the size its content wants (at least ``minimum_width`` wide), never more than
    ``SHARE`` of the screen it opens on."""
    fit(dialog, max(wanted.width(), minimum_width), wanted.height())
