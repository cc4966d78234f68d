"""The check-in that test_checkin_crash.py kills: rates the day, then types its line of text without pause.

Prints one line per key press, after the press was handled: ``<monotonic time> <what>``.
"""

import sys
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from mgreader.core.notes.store import Store
from mgreader.core.session.journal import JournalSession
from mgreader.ui.journal.checkin_dialog import CheckInDialog

app = QApplication(sys.argv[:1])
store = Store.open(Path(sys.argv[1]))
dialog = CheckInDialog(JournalSession(store.journal, date.today))
dialog.show()
keys = iter("52103n" + "dizzy after the shower " * 40)


def press() -> None:
    key = next(keys, None)
    if key is None:
        app.quit()
        return
    QTest.keyClick(QApplication.focusWidget() or dialog, key)
    print(f"{time.monotonic():.6f} {key}", flush=True)
    QTimer.singleShot(20, press)  # a fast, steady typist: never a pause long enough for the debounce


def start() -> None:
    """Type only once the energy rating has the keyboard, as a reader would after the dialog opens."""
    if QApplication.focusWidget() is dialog.energy:
        press()
    else:
        dialog.activateWindow()
        dialog.energy.setFocus()
        QTimer.singleShot(10, start)


QTimer.singleShot(0, start)
app.exec()
