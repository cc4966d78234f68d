"""Record a visit (issue 19): the date, with whom, a title; visits are listed and can be corrected or removed.

The next appointment sheet can say what changed since the last one (core.sheet.since).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.dates import date_words
from mgreader.core.errors import MgReaderError
from mgreader.core.journal.model import Visit
from mgreader.core.session.journal import JournalSession
from mgreader.ui.look.dates import date_picker, to_qdate
from mgreader.ui.look.screen_fit import fit_to_screen

VisitRole = Qt.ItemDataRole.UserRole + 1


def visit_text(visit: Visit) -> str:
    """'3 March 2026: Review, with Dr. K'."""
    day = date_words(visit.day)
    parts = [p for p in (visit.title, f"with {visit.with_whom}" if visit.with_whom else "") if p]
    return f"{day}: {', '.join(parts)}" if parts else day


class VisitsDialog(QDialog):
    def __init__(self, session: JournalSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitsDialog")
        self.setWindowTitle("Visits")
        self.session = session
        self.editing: Visit | None = None

        self.day = date_picker("visitDay")
        self.with_whom = QLineEdit()
        self.with_whom.setObjectName("visitWith")
        self.with_whom.setPlaceholderText("e.g. Dr. K, my GP")
        self.title = QLineEdit()
        self.title.setObjectName("visitTitle")
        self.title.setPlaceholderText("e.g. Review of my medicines")
        form = QFormLayout()
        form.addRow("Date", self.day)
        form.addRow("With", self.with_whom)
        form.addRow("Title", self.title)

        self.save_button = QPushButton("&Record visit")
        self.save_button.setObjectName("visitSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("&New visit")
        self.new_button.setObjectName("visitNew")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton("Re&move visit")
        self.delete_button.setObjectName("visitDelete")
        self.delete_button.clicked.connect(self.delete)
        self.delete_button.setEnabled(False)
        row = QHBoxLayout()
        for button in (self.save_button, self.new_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)

        self.list = QListWidget()
        self.list.setObjectName("visitList")
        self.list.setAccessibleName("Visits, newest first")
        self.list.currentItemChanged.connect(lambda item, _old: self._edit(item))
        self.message = QLabel("")
        self.message.setObjectName("visitMessage")
        self.message.setWordWrap(True)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Visits recorded (choose one to correct it):"))
        layout.addWidget(self.list, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.fill()
        fit_to_screen(self, self.sizeHint(), 560)

    def fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for visit in self.session.journal.visits():
            item = QListWidgetItem(visit_text(visit))
            item.setData(VisitRole, visit)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _edit(self, item: QListWidgetItem | None) -> None:
        visit = item.data(VisitRole) if item is not None else None
        if visit is None:
            return
        self.editing = visit
        self.day.setDate(to_qdate(visit.day))
        self.with_whom.setText(visit.with_whom)
        self.title.setText(visit.title)
        self.save_button.setText("&Save correction")
        self.delete_button.setEnabled(True)

    def start_new(self) -> None:
        self.editing = None
        self.list.clearSelection()
        self.day.setDate(QDate.currentDate())
        self.with_whom.clear()
        self.title.clear()
        self.save_button.setText("&Record visit")
        self.delete_button.setEnabled(False)
        self.day.setFocus()

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)  # a QDate converts to a datetime.date
        try:
            if self.editing is None:
                done = self.session.record_visit(day, self.with_whom.text(), self.title.text())
                said = "Recorded"
            else:
                from dataclasses import replace

                visit = replace(
                    self.editing, day=day, with_whom=self.with_whom.text(), title=self.title.text()
                )
                done = self.session.update_visit(visit)
                said = "Corrected"
        except MgReaderError as error:
            self.message.setText(f"Not saved: {error}")
            return
        self.message.setText(f"{said}: {visit_text(done.value)}.")
        self.fill()
        self.start_new()

    def delete(self) -> None:
        if self.editing is None:
            return
        gone = self.editing
        try:
            self.session.delete_visit(gone.id)
        except MgReaderError as error:
            self.message.setText(f"Not removed: {error}")
            return
        self.message.setText(f"Removed: {visit_text(gone)}.")
        self.fill()
        self.start_new()
