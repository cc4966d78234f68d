"""Long work off the window's thread, with a progress dialog (issue 11): a 100,000-record import froze the
window for seconds with no sign of life. ``run`` starts ``work`` in a thread, keeps the window painting
behind a modal progress dialog, and returns what ``work`` returned (or raises what it raised)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
# The work is given this: report(what, done, total); total 0 means "busy, no count".
Report = Callable[[str, int, int], None]


class _Relay(QObject):
    progressed = Signal(str, int, int)
    finished = Signal()


def run(parent: QWidget | None, title: str, work: Callable[[Report], T]) -> T:
    relay = _Relay()
    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setObjectName("longWorkProgress")
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # an import is all or nothing: it is not stopped half way
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    outcome: list[tuple[bool, Any]] = []

    def show(what: str, done: int, total: int) -> None:
        dialog.setLabelText(f"{what}..." if not total else f"{what}: {done:,} of {total:,}")
        dialog.setRange(0, total)
        dialog.setValue(done)

    def thread() -> None:
        try:
            outcome.append((True, work(relay.progressed.emit)))
        except BaseException as error:  # noqa: BLE001 (given back to the caller on the window's thread)
            outcome.append((False, error))
        relay.finished.emit()

    loop = QEventLoop()
    relay.progressed.connect(show)
    relay.finished.connect(loop.quit)
    dialog.show()
    threading.Thread(target=thread, daemon=True, name="mgreader-long-work").start()
    if not outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result
