"""End to end through mgreader.main: check in, list medicines, restart, and everything is still there."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from mgreader.ui.main_window import MainWindow

from ..test_e2e import Step, run_app, top_level
from .conftest import fill_medicine


def window() -> MainWindow:
    found = top_level("mainWindow")
    assert isinstance(found, MainWindow)
    return found


def later(call) -> None:
    """Run ``call`` (which opens a modal dialog) from the event loop, not inside the script's step."""
    QTimer.singleShot(0, call)


def accept_disclaimer() -> Iterator[Step]:
    yield lambda: top_level("disclaimerDialog") is not None
    top_level("disclaimerDialog").findChild(QPushButton, "acceptDisclaimer").click()
    yield lambda: top_level("mainWindow") is not None and window().notes.store is not None


@pytest.mark.usefixtures("qapp")
def test_check_in_add_medicines_restart(tmp_path: Path):
    argv = ["--home", str(tmp_path / "home")]

    def first() -> Iterator[Step]:
        yield from accept_disclaimer()
        later(window().commands.check_in.trigger)
        yield lambda: top_level("checkInDialog") is not None
        checkin = top_level("checkInDialog")
        yield lambda: checkin.focusWidget() is checkin.energy  # it opens on the first rating
        for key in "52103n":
            QTest.keyClick(checkin.focusWidget(), key)
        QTest.keyClick(checkin.focusWidget(), Qt.Key.Key_Return)
        yield lambda: top_level("checkInDialog") is None

        later(window().commands.medicines.trigger)
        yield lambda: top_level("medicinesDialog") is not None
        dialog = top_level("medicinesDialog")
        fill_medicine(dialog, "Magnesium citrate", "1", "tablet", 2, mg="200")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter in a field saves the medicine
        fill_medicine(dialog, "Alendronate", "70", "mg", 1, kind="bisphosphonate")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)
        assert "400 mg a day" in dialog.total.text()
        dialog.close()
        yield lambda: top_level("medicinesDialog") is None
        window().commands.quit.trigger()

    assert run_app(argv, first) == 0

    def again() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None and window().notes.store is not None
        entry = window().notes.store.journal.checkin(date.today())
        assert (entry.energy, entry.crashed) == (5, False)
        assert [s.score for s in entry.symptoms] == [2, 1, 0, 3]
        later(window().commands.medicines.trigger)
        yield lambda: top_level("medicinesDialog") is not None
        dialog = top_level("medicinesDialog")
        assert dialog.list.count() == 2
        assert "400 mg a day" in dialog.total.text()
        assert "above the 350 mg" in dialog.total.text()
        (note,) = dialog.findChildren(QLabel, "timingNote")
        assert "Alendronate" in note.text()
        assert "at least 2 hours" in note.text()
        # The passage that explains it opens in the window.
        note.linkActivated.emit(note.text().split('href="')[1].split('"')[0])
        assert (
            window().article.ref.id == "04-using-magnesium-safely/04-medicines-that-interact-with-magnesium"
        )
        dialog.close()
        yield lambda: top_level("medicinesDialog") is None
        window().commands.quit.trigger()

    assert run_app(argv, again) == 0
