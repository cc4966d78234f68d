"""One text size for the whole window: the article, every panel, list, editor, tooltip, menu and dialog.

The reader's choice is one number (the zoom step saved as "zoom"); the article's point size, the application
font and the font sizes written into style sheets are all derived from it here, so they cannot drift apart."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QToolTip

from mgreader.core.render.page import point_size

# The application's own font before any scaling: kept on the application, so that applying a size twice
# (or switching back to 100%) starts from the desktop's font rather than from an already scaled one.
_BASE_PROPERTY = "mgreaderBaseFont"


def scale(zoom: int) -> float:
    """How much larger than normal the text is at ``zoom`` (1.0 at the normal size)."""
    return point_size(zoom) / point_size(0)


def percent(zoom: int) -> int:
    return round(100 * scale(zoom))


def base_font(app: QApplication) -> QFont:
    saved = app.property(_BASE_PROPERTY)
    if isinstance(saved, QFont):
        return QFont(saved)
    font = QFont(app.font())
    app.setProperty(_BASE_PROPERTY, font)
    return QFont(font)


def ui_point_size(app: QApplication, zoom: int) -> float:
    """The point size of the window's text (menus, lists, editors, dialogs) at ``zoom``."""
    base = base_font(app)
    points = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    return points * scale(zoom)


def apply(app: QApplication, zoom: int) -> None:
    """Scale the application font (every widget that does not set its own, menus and tooltips included)."""
    font = base_font(app)
    font.setPointSizeF(ui_point_size(app, zoom))
    if app.font() == font and QToolTip.font() == font:
        return  # already so (the window applies it before its widgets are made): re-styling would cost time
    app.setFont(font)
    QToolTip.setFont(font)
    # A widget polished under a style sheet keeps the font it had then: polishing again hands every widget
    # the new size (without it, lists and trees stayed small while the rest grew).
    sheet = app.styleSheet()
    if sheet:
        app.setStyleSheet(sheet)


def style_points(app: QApplication, zoom: int, relative: float = 1.0) -> str:
    """A font size for a style sheet, in step with the window's text ('13.2pt')."""
    return f"{ui_point_size(app, zoom) * relative:.1f}pt"
