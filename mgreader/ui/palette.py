"""Applies a core Theme to the whole application: Fusion style, a palette from the theme's colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from mgreader.core.theme import DARK, LIGHT, Theme

Role = QPalette.ColorRole


def system_theme() -> Theme:
    """The theme that follows the system's light or dark setting."""
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return DARK
    if hints.colorScheme() == Qt.ColorScheme.Light:
        return LIGHT
    window = QGuiApplication.palette().color(Role.Window)
    return DARK if window.lightness() < 128 else LIGHT


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
