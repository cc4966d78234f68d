"""One text size for everything: the article, every panel, list, editor, tooltip, menu, dialog (issue 16)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from mgreader.core.settings import Settings
from mgreader.ui.help.shortcuts import ShortcutsDialog, shortcut_rows
from mgreader.ui.look import text_size


def sizes(window) -> dict[str, float]:
    names = ["topicTree", "topicFilter", "bookmarkList", "noteList", "notesTabs", "leftTabs"]
    found = {name: window.findChild(QWidget, name).font().pointSizeF() for name in names}
    found["note editor"] = window.notes.notes_panel.editor.edit.font().pointSizeF()
    found["menu"] = window.menuBar().actions()[0].menu().font().pointSizeF()
    found["tooltip"] = QToolTip.font().pointSizeF()
    found["article"] = window.article_view.document().defaultFont().pointSizeF()
    return found


def settled(qtbot, window, points: float) -> None:
    """Qt hands a new application font to the widgets in posted events."""
    qtbot.waitUntil(lambda: abs(window.topic_tree.font().pointSizeF() - points) < 0.01)


def test_larger_text_grows_every_part_of_the_window_together_and_is_remembered(make_window, qtbot, tmp_path):
    window = make_window()
    try:
        before = sizes(window)
        for _ in range(7):  # Ctrl+= seven times: about 195%
            window.commands.zoom_in.trigger()
        scale = text_size.scale(7)
        settled(qtbot, window, before["topicTree"] * scale)
        after = sizes(window)
        assert 1.9 < scale < 2.0
        for part, points in after.items():
            assert abs(points / before[part] - scale) < 0.02, part
        dialog = ShortcutsDialog(window.commands.all(), window)
        assert abs(dialog.font().pointSizeF() / before["menu"] - scale) < 0.02
        dialog.deleteLater()
        window.close()
        assert Settings.load(tmp_path / "home" / "config" / "settings.json").get("zoom") == 7
        again = make_window()
        settled(qtbot, again, before["topicTree"] * scale)
        again.commands.zoom_reset.trigger()
        settled(qtbot, again, before["topicTree"])
        assert sizes(again) == before
    finally:
        text_size.apply(QApplication.instance(), 0)


def test_view_menu_has_text_size_with_ctrl_equals_minus_and_zero(make_window):
    window = make_window()
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    size = next(a.menu() for a in view.actions() if a.text() == "Text &size")
    assert [a.objectName() for a in size.actions()] == ["actionZoomIn", "actionZoomOut", "actionZoomReset"]
    rows = dict(shortcut_rows(window.commands.all()))
    assert rows["Larger text"].split(", ")[0] == "Ctrl+="
    assert rows["Smaller text"].startswith("Ctrl+-") and rows["Normal text size"] == "Ctrl+0"


def test_the_shortcuts_list_names_only_keys_a_keyboard_has(make_window):
    window = make_window()
    listed = ", ".join(keys for _what, keys in shortcut_rows(window.commands.all()))
    for not_a_key in ("Zoom In", "Zoom Out", "F14", "F16", "F19", "Undo", "Find", "Back", "Forward"):
        assert not_a_key not in listed.split(", ")
    assert "Ctrl+Z" in listed and "Alt+Left" in listed


def test_no_sideways_scrolling_in_the_side_panels_at_double_size(make_window, qtbot):
    window = make_window()
    try:
        window.resize(1280, 650)
        window.appearance.set_zoom(7)
        qtbot.waitUntil(lambda: window.topic_tree.font().pointSizeF() > 15)
        for name in ("topicTree", "bookmarkList", "noteList"):
            view = window.findChild(QWidget, name)
            assert view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff or (
                not view.horizontalScrollBar().isVisible()), name
    finally:
        text_size.apply(QApplication.instance(), 0)
