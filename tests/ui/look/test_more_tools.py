"""The tool bar's "More tools" button (Qt's "»" when the buttons do not fit) follows the text size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QToolButton, QWidget

from mgreader.ui.look import palette, text_size
from mgreader.ui.look.more_tools import EXTENSION_NAME, MORE_TOOLS


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_at_200_percent_more_tools_is_as_large_as_the_other_tool_buttons_and_named(make_window, qtbot, theme):
    window = make_window()
    try:
        qtbot.waitUntil(lambda: window.start_up.done)  # the tool bar is filled after the first paint
        window.resize(1280, 720)
        window.appearance.set_theme(theme)
        window.appearance.set_zoom(7)  # about 200%
        toolbar = window.findChild(QWidget, "navigationToolbar")
        more = toolbar.findChild(QToolButton, EXTENSION_NAME)
        qtbot.waitUntil(lambda: more.isVisible())  # at 200% the buttons do not all fit in 1280 pixels

        def others() -> list[QToolButton]:
            return [b for b in toolbar.findChildren(QToolButton) if b is not more and b.isVisible()]

        qtbot.waitUntil(lambda: more.height() >= max(b.height() for b in others()))
        assert more.width() >= max(b.height() for b in others())  # at least as wide as a button is high
        assert toolbar.rect().contains(more.geometry())  # all of it on the bar, not cut off at its end
        assert all(not b.geometry().intersects(more.geometry()) for b in others())
        # "»" is drawn at the window's text size, as the buttons' names are (it stayed at the size the tool
        # bar was polished at: a sliver of a sign in a large box).
        large = text_size.ui_point_size(QApplication.instance(), 7)
        assert more.font().pointSizeF() == pytest.approx(large)
        assert all(b.font().pointSizeF() == pytest.approx(large) for b in others())
        assert more.fontMetrics().horizontalAdvance(more.text()) > 0.3 * more.fontMetrics().height()
        assert more.accessibleName() == MORE_TOOLS
        assert MORE_TOOLS in more.toolTip()
        window.appearance.set_zoom(0)  # and back: it follows the text size both ways
        normal = text_size.ui_point_size(QApplication.instance(), 0)
        qtbot.waitUntil(lambda: more.font().pointSizeF() == pytest.approx(normal))
    finally:
        text_size.apply(QApplication.instance(), 0)
        palette.apply(QApplication.instance(), palette.resolve("light"))


def test_at_the_normal_size_more_tools_still_has_room_for_its_sign(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.start_up.done)
    window.resize(700, 600)
    toolbar = window.findChild(QWidget, "navigationToolbar")
    more = toolbar.findChild(QToolButton, EXTENSION_NAME)
    qtbot.waitUntil(lambda: more.isVisible())
    buttons = [b for b in toolbar.findChildren(QToolButton) if b is not more and b.isVisible()]
    assert more.width() >= max(b.height() for b in buttons)
    assert more.accessibleName() == MORE_TOOLS
