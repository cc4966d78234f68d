"""Themes, focus mode and the shortcuts list."""

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from mgreader.core.settings import Settings
from mgreader.core.theme import DARK, HIGH_CONTRAST, SEPIA
from mgreader.ui.help.shortcuts import shortcut_rows


def test_theme_applies_to_window_and_article_and_is_remembered(make_window, tmp_path):
    window = make_window()
    try:
        window.commands.themes["dark"].trigger()
        palette = QApplication.instance().palette()
        assert palette.color(QPalette.ColorRole.Window).name() == DARK.window
        assert window.theme is DARK
        assert DARK.background in window.article_view.toHtml()
        window.commands.themes["sepia"].trigger()
        assert window.theme is SEPIA
        assert SEPIA.text in window.article_view.toHtml()
        window.commands.themes["high_contrast"].trigger()
        window.close()
        assert Settings.load(tmp_path / "home" / "config" / "settings.json").get("theme") == "high_contrast"
        again = make_window()
        assert again.commands.themes["high_contrast"].isChecked()
        again.appearance.set_theme("high_contrast")
        assert HIGH_CONTRAST.background in again.article_view.toHtml()
    finally:
        window.appearance.set_theme("light")


def test_theme_change_keeps_highlights_and_the_reading_place(make_window):
    window = make_window()
    try:
        window.follow_link("02-second.md")
        view = window.article_view
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        before = view.reading_position()
        window.appearance.set_theme("dark")
        assert abs(view.reading_position() - before) < 200
    finally:
        window.appearance.set_theme("light")


def test_focus_mode_shows_only_the_article_and_escape_leaves_it(make_window):
    window = make_window()
    window.commands.focus_mode.trigger()
    assert window.article_view.isVisible()
    assert not window.topic_tree.isVisible()
    assert not window.notes.notes_panel.isVisible()
    assert not window.toolbar.isVisible()
    window.commands.leave_focus_mode.trigger()
    assert (
        window.topic_tree.isVisible() and window.notes.notes_panel.isVisible() and window.toolbar.isVisible()
    )
    assert not window.commands.focus_mode.isChecked()
    assert not window.commands.leave_focus_mode.isEnabled()


def test_shortcuts_list_comes_from_the_actions(make_window):
    window = make_window()
    rows = dict(shortcut_rows(window.commands.all()))
    assert rows["Bookmark passage"] == "Ctrl+D"
    assert rows["Search library"] == "Ctrl+Shift+F"
    assert "F11" in rows["Focus mode"]
    assert "Alt+Left" in rows["Back"]


def test_font_and_line_spacing_change_the_article_and_are_remembered(make_window, tmp_path):
    window = make_window()
    window.follow_link("02-second.md")
    view = window.article_view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    before = view.reading_position()
    window.commands.fonts["serif"].trigger()
    window.commands.spacings["loose"].trigger()
    assert "Serif" in view.toHtml()
    assert window.commands.spacings["loose"].isChecked()
    assert abs(view.reading_position() - before) < 200
    window.close()
    saved = Settings.load(tmp_path / "home" / "config" / "settings.json")
    assert (saved.get("font"), saved.get("line_spacing")) == ("serif", "loose")
    assert make_window().commands.fonts["serif"].isChecked()


def test_follow_the_system_follows_a_change_of_the_desktop_colour_scheme(make_window, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from mgreader.ui.look import palette

    window = make_window()
    hints = QGuiApplication.styleHints()
    try:
        window.appearance.set_theme("system")
        # The offscreen platform cannot change its scheme: stand in for the desktop's answer, then send the
        # signal the desktop sends.
        monkeypatch.setattr(palette, "system_theme", lambda: DARK)
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert window.theme is DARK
        window.appearance.set_theme("sepia")
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert window.theme is SEPIA  # a theme the reader chose stays
    finally:
        monkeypatch.undo()
        window.appearance.set_theme("light")
