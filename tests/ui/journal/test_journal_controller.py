"""The journal's chart follows the reader's one text size (the zoom), not a widget's font."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from mgreader.ui import text_size


def test_the_charts_text_scale_is_the_readers_text_size(make_window, qtbot):
    window = make_window()
    window.appearance.set_zoom(4)
    # A dialog font of its own (a desktop's larger default) must not change the chart's size.
    window.setFont(QFont(window.font().family(), 30))
    window.journal.show_journal()
    view = window.journal.view
    assert view is not None
    qtbot.wait_exposed(view)
    assert view.scale == pytest.approx(text_size.scale(4))
    assert view.scale > 1.3  # the zoom is really larger than normal
    view.close()
    window.appearance.set_zoom(0)
    window.journal.show_journal()
    assert window.journal.view.scale == pytest.approx(1.0)
    window.journal.view.close()
