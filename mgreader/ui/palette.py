"""Applies a core Theme to the whole application: Fusion style, a palette from the theme's colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from mgreader.core.theme import DARK, LIGHT, THEMES, Theme

Role = QPalette.ColorRole


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


def apply(app: QApplication, theme: Theme) -> None:
    app.setStyle("Fusion")
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
        Role.PlaceholderText: theme.muted,
        Role.Highlight: theme.selection,
        Role.HighlightedText: theme.selection_text,
        Role.Link: theme.link,
        Role.Mid: theme.border,
        Role.Midlight: theme.box,
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted))
    app.setPalette(palette)
    # Fusion draws frames in a shade of the window colour, which vanishes on high contrast's black: draw them
    # in the border colour instead. Other themes keep Fusion's own look.
    app.setStyleSheet(_OUTLINED.replace("BORDER", theme.border).replace("MARK", theme.selection)
                      if theme.name == "high_contrast" else "")  # fmt: skip


_OUTLINED = """
QLineEdit, QPlainTextEdit, QComboBox, QListView, QTreeView, QTextBrowser, QTabWidget::pane, QPushButton,
QToolButton { border: 1px solid BORDER; }
QTabBar::tab { border: 1px solid BORDER; padding: 4px 10px; }
QTabBar::tab:selected { border: 2px solid MARK; }
QCheckBox::indicator { border: 2px solid BORDER; width: 14px; height: 14px; }
QCheckBox::indicator:checked { background: MARK; }
*:focus { border: 2px solid MARK; }
"""
