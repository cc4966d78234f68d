"""Every window and dialog fits the screen it opens on: laptop screens of 1280x720 and 1366x768 (issue 16)."""

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QTextBrowser, QWidget

from mgreader.ui.help.disclaimer_dialog import DisclaimerDialog
from mgreader.ui.help.shortcuts import ShortcutsDialog
from mgreader.ui.look import screen_fit, text_size
from mgreader.ui.sheet.sheet_dialog import SheetDialog

# What such screens leave free under a desktop's top bar (about 30 px) and a task bar (about 40 px).
LAPTOPS = [QRect(0, 30, 1280, 650), QRect(0, 30, 1366, 698)]


class FakeScreen:
    def __init__(self, available: QRect) -> None:
        self.available = available

    def availableGeometry(self) -> QRect:  # noqa: N802
        return self.available


@pytest.fixture(params=LAPTOPS, ids=["1280x720", "1366x768"])
def laptop(request, monkeypatch) -> QRect:
    monkeypatch.setattr(screen_fit, "screen_of", lambda _widget: FakeScreen(request.param))
    return request.param


def test_sizes_are_clamped_to_the_free_area():
    available = QRect(0, 30, 1280, 650)
    assert screen_fit.fitted_size(QSize(1100, 760), available) == QSize(1100, 585)
    inside = screen_fit.clamped(QRect(900, 500, 1200, 800), available)
    assert available.contains(inside) and inside.size() == QSize(1200, 650)


def test_first_launch_takes_at_most_nine_tenths_of_the_screen(make_window, laptop):
    window = make_window()
    window.settings.set("geometry", "")
    window.restore_state()
    assert window.width() <= laptop.width() * 0.9 and window.height() <= laptop.height() * 0.9
    assert laptop.contains(window.frameGeometry())


def test_a_geometry_saved_on_a_larger_screen_is_brought_onto_this_one(make_window, laptop):
    window = make_window()
    window.setGeometry(200, 100, 1900, 1150)  # as on the desktop monitor the settings came from
    window.settings.set("geometry", window.saveGeometry().toBase64().data().decode("ascii"))
    window.restore_state()
    assert laptop.contains(window.frameGeometry())


def all_buttons_inside(dialog) -> None:
    dialog.show()
    rect = dialog.rect()
    for button in dialog.findChildren(QPushButton):
        if button.isVisible():
            where = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
            assert rect.contains(where), (button.text(), where, rect)


def sheet_fits(dialog, qtbot) -> None:
    """The sheet's choices scroll up and down inside their pane, never sideways; Print, Save and Close are
    seen whole; the preview keeps room to be read."""
    choices = dialog.findChild(QScrollArea, "sheetChoices")
    qtbot.waitUntil(lambda: choices.widget().width() > 0)
    # The scrolling pane is not a stop for Tab: the focus starts in the Title field, as before it scrolled.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.focusWidget() is not None)
    assert dialog.focusWidget().objectName() == "sheetTitle"
    assert choices.horizontalScrollBar().maximum() == 0, choices.widget().minimumSizeHint()
    seen = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert {"Print...", "Save as PDF...", "Close"} <= set(seen), seen
    assert dialog.findChild(QTextBrowser, "sheetPreview").width() >= dialog.width() // 4
    # What the choices hold is all reachable: the pane scrolls to its last row.
    bar = choices.verticalScrollBar()
    bar.setValue(bar.maximum())
    items = dialog.findChild(QWidget, "sheetItems")
    bottom = items.mapTo(choices.viewport(), items.rect().bottomLeft()).y()
    assert bottom <= choices.viewport().height() + 1


@pytest.mark.parametrize("zoom", [0, 7], ids=["100%", "195%"])
def test_dialogs_fit_with_their_buttons_visible_at_any_text_size(make_window, qtbot, laptop, zoom):
    window = make_window()
    app = QApplication.instance()
    try:
        text_size.apply(app, zoom)
        disclaimer = window.loader.composer.disclaimer
        dialogs = [
            SheetDialog(window.notes.store, window.library, disclaimer, window.settings, window),
            DisclaimerDialog(disclaimer, must_acknowledge=True, parent=window),
            ShortcutsDialog(window.commands.all(), window),
        ]
        for dialog in dialogs:
            qtbot.addWidget(dialog)
            assert laptop.contains(dialog.frameGeometry()), dialog.objectName()
            # Qt would grow a dialog past its screen to honour its layout's minimum: there must be none.
            minimum = dialog.minimumSizeHint()
            assert minimum.width() <= laptop.width() and minimum.height() <= laptop.height() * 0.9, (
                dialog.objectName(), minimum)
            all_buttons_inside(dialog)
            if dialog.objectName() == "appointmentSheetDialog":
                sheet_fits(dialog, qtbot)
            dialog.close()
    finally:
        text_size.apply(app, 0)
