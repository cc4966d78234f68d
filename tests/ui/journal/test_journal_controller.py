"""The journal's chart follows the reader's one text size (the zoom), not a widget's font."""

from __future__ import annotations

from PySide6.QtGui import QFont

from mgreader.ui.look import text_size


def near(a: float, b: float) -> bool:
    # Not pytest.approx: it looks numpy up while the chart's worker may be importing it (a half-made module).
    return abs(a - b) < 1e-9


def test_the_charts_text_scale_is_the_readers_text_size(make_window, qtbot):
    window = make_window()
    window.appearance.set_zoom(4)
    # A dialog font of its own (a desktop's larger default) must not change the chart's size.
    window.setFont(QFont(window.font().family(), 30))
    window.journal.show_journal()
    view = window.journal.view
    assert view is not None
    qtbot.wait_exposed(view)
    assert near(view.scale, text_size.scale(4)), view.scale
    assert view.scale > 1.3  # the zoom is really larger than normal
    window.appearance.set_zoom(6)  # while the view is open: its chart follows
    qtbot.wait_until(lambda: near(view.scale, text_size.scale(6)))
    view.close()
    window.appearance.set_zoom(0)
    window.journal.show_journal()
    assert near(window.journal.view.scale, 1.0)
    window.journal.view.close()
