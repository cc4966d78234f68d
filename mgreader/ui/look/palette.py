"""Applies a core Theme to the whole application: Fusion style, a palette and a style sheet from its colours.

Every state keeps its meaning in every theme: enabled and disabled text differ, a ticked box shows a tick,
placeholder hints are not mistaken for typed text, focus and scroll bars stand out from the background
(WCAG 1.4.11: 3:1). tests/ui/test_theme_states.py computes those contrasts per theme."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from mgreader.core.paths import bundled_dir
from mgreader.core.theme import DARK, HIGHLIGHT_SHAPES, LIGHT, THEMES, Theme, contrast_ratio, highlight_label

# The highlights' classes are imported where they are used: PySide makes a class's Python enums when it is
# first named (QTextCharFormat's and QPainter's: about 200 members, 3 ms), and this module is imported
# before the first paint, which has no highlight to draw.
if TYPE_CHECKING:
    from PySide6.QtGui import QIcon, QTextCharFormat
    from PySide6.QtWidgets import QAbstractScrollArea

# The style every theme is made for (the application is made in it: app.py).
STYLE = "Fusion"
Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def system_theme() -> Theme:
    """The theme that follows the system's light or dark setting (light when the system does not say).

    Not read from the application palette: that is the palette this module set, so it would repeat the
    last theme chosen instead of the system's."""
    if QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark:
        return DARK
    return LIGHT


def resolve(name: str) -> Theme:
    """The theme for a View > Theme choice: 'system' or a theme name (unknown names follow the system)."""
    return THEMES.get(name) or system_theme()


def palette_of(theme: Theme) -> QPalette:
    palette = QPalette()
    colours = {
        Role.Window: theme.window,
        Role.WindowText: theme.text,
        Role.Base: theme.background,
        Role.AlternateBase: theme.box,
        Role.Text: theme.text,
        Role.Button: theme.window,
        Role.ButtonText: theme.text,
        Role.ToolTipBase: theme.background,
        Role.ToolTipText: theme.text,
        Role.PlaceholderText: theme.placeholder,
        Role.Highlight: theme.selection,
        Role.HighlightedText: theme.selection_text,
        Role.Link: theme.link,
        Role.Mid: theme.border,
        Role.Midlight: theme.box,
        Role.Dark: theme.control,
        Role.Shadow: theme.control,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(theme.disabled))
    # A disabled field is drawn on the window colour, not the white of one that can be typed in.
    palette.setColor(Group.Disabled, Role.Base, QColor(theme.window))
    return palette


def underline_style(shape: str) -> QTextCharFormat.UnderlineStyle:
    """The underline of a highlight's shape ("solid", "dashed", "dotted", "wavy")."""
    from PySide6.QtGui import QTextCharFormat

    style = QTextCharFormat.UnderlineStyle
    return {"solid": style.SingleUnderline, "dashed": style.DashUnderline, "dotted": style.DotLine,
            "wavy": style.WaveUnderline}[shape]  # fmt: skip


PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine,
              "wavy": Qt.PenStyle.SolidLine}  # fmt: skip


def highlight_format(theme: Theme, name: str) -> QTextCharFormat:
    """A bookmark's highlight on the page: its colour, text that reads on it, an underline of its colour's
    own shape, and its name as the tooltip (colour is never the only sign)."""
    from PySide6.QtGui import QTextCharFormat

    fmt = QTextCharFormat()
    fmt.setBackground(QColor(theme.highlight(name)))
    fmt.setForeground(QColor(theme.highlight_text))
    fmt.setUnderlineStyle(underline_style(HIGHLIGHT_SHAPES.get(name, "solid")))
    fmt.setUnderlineColor(QColor(theme.highlight_text))
    fmt.setToolTip(f"Bookmark: {highlight_label(name)}")
    return fmt


def highlight_icon(theme: Theme, name: str, size: int = 32) -> QIcon:
    """The swatch for a highlight colour in lists and menus: the colour with its underline's shape on it."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(theme.highlight(name)))
    painter = QPainter(pixmap)
    shape = HIGHLIGHT_SHAPES.get(name, "solid")
    pen = QPen(QColor(theme.highlight_text), max(2, size // 10), PEN_STYLES[shape])
    painter.setPen(pen)
    low, step = size * 0.7, size / 6
    if shape == "wavy":
        points = [QPointF(x * step, low + (step / 2 if x % 2 else -step / 2)) for x in range(7)]
        painter.drawPolyline(points)
    else:
        painter.drawLine(QPointF(2, low), QPointF(size - 2, low))
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # not tinted on a selected row: the colour stays the colour
    return icon


def tick_on(fill: str) -> str:
    """The tick drawn in a ticked box: black or white, whichever reads better on the box's fill."""
    return "black" if contrast_ratio("#000000", fill) >= contrast_ratio("#ffffff", fill) else "white"


def style_sheet(theme: Theme) -> str:
    """Check boxes with a real tick, scroll bars and (in high contrast) frames that stand out."""
    return _filled(_ALWAYS + _SCROLL_BARS + (_OUTLINED if theme.name == "high_contrast" else ""), theme)


def scroll_bar_sheet(theme: Theme) -> str:
    """The scroll bars' part of ``style_sheet``: the only part an everyday first paint shows."""
    return _filled(_SCROLL_BARS, theme)


def _filled(sheet: str, theme: Theme) -> str:
    tick = (bundled_dir("resources") / "ui" / f"check-{tick_on(theme.selection)}.svg").as_posix()
    values = {"CONTROL": theme.control, "MARK": theme.selection, "BASE": theme.background,
              "WINDOW": theme.window, "BOX": theme.box, "DISABLED": theme.disabled, "TICK": tick}  # fmt: skip
    for key, value in values.items():
        sheet = sheet.replace(key, value)
    return sheet


def apply(app: QApplication, theme: Theme, sheet: bool = True, style: bool = True) -> None:
    """Fusion (unless ``style`` is False: the application was made in it), the theme's palette and
    (``sheet``) its style sheet; without, ``styled_later`` sets it."""
    if style:
        app.setStyle(STYLE)
    app.setPalette(palette_of(theme))
    app.setStyleSheet(style_sheet(theme) if sheet else "")  # "" costs nothing where none was set


def styled_later(areas: Sequence[QAbstractScrollArea], theme: Theme) -> Callable[[], None]:
    """Style only the scroll bars of ``areas`` (those the first paint shows) now; the returned call sets the
    application's whole style sheet (issue 15): QStyleSheetStyle polishing each of the window's widgets
    before the first paint cost about a tenth of the start, and of its rules the first paint shows only the
    scroll bars' (not in high contrast, whose frames every widget shows: it is styled at once). Named, not
    found: ``findChildren`` hands Python each of the window's parts, whose Python types PySide then makes."""
    bars = [bar for area in areas for bar in (area.verticalScrollBar(), area.horizontalScrollBar())]
    sheet = scroll_bar_sheet(theme)
    for bar in bars:
        bar.setStyleSheet(sheet)

    def style_all() -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.styleSheet():  # not restyled meanwhile (a theme)
            app.setStyleSheet(style_sheet(theme))
        for bar in filter(isValid, bars):
            bar.setStyleSheet("")  # the application's sheet, which follows a change of theme, from now on

    return style_all


# Fusion draws check box edges and scroll bar handles in a shade of the window colour: about 1.3:1, which
# tired or low-vision eyes do not see. These draw them in the theme's control colour instead.
_ALWAYS = """
QCheckBox::indicator, QAbstractItemView::indicator { border: 2px solid CONTROL; border-radius: 2px;
    background: BASE; width: 1em; height: 1em; }
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked { background: MARK; border-color: MARK;
    image: url(TICK); }
QCheckBox::indicator:disabled { border-style: dashed; border-color: DISABLED; }
QCheckBox::indicator:focus { border-color: MARK; }
#messageBar { border: 2px solid MARK; border-radius: 4px; margin: 4px; background: BOX; }
"""

_SCROLL_BARS = """
QScrollBar:vertical { background: WINDOW; width: 14px; margin: 0; border-left: 1px solid CONTROL; }
QScrollBar:horizontal { background: WINDOW; height: 14px; margin: 0; border-top: 1px solid CONTROL; }
QScrollBar::handle { background: CONTROL; border-radius: 4px; margin: 2px; }
QScrollBar::handle:vertical { min-height: 32px; }
QScrollBar::handle:horizontal { min-width: 32px; }
QScrollBar::handle:hover, QScrollBar::handle:pressed { background: MARK; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""

# Fusion's frames vanish on high contrast's black: draw them in the control colour, focus in the mark colour,
# and disabled controls dashed (a shape as well as a colour).
_OUTLINED = """
QLineEdit, QPlainTextEdit, QComboBox, QListView, QTreeView, QTextBrowser, QTabWidget::pane, QPushButton,
QToolButton { border: 1px solid CONTROL; }
QPushButton, QToolButton { padding: 3px 8px; }
QPushButton:disabled, QToolButton:disabled, QLineEdit:disabled, QComboBox:disabled {
    border: 1px dashed DISABLED; color: DISABLED; }
QTabBar::tab { border: 1px solid CONTROL; padding: 4px 10px; }
QTabBar::tab:selected { border: 2px solid MARK; }
*:focus { border: 2px solid MARK; }
"""
