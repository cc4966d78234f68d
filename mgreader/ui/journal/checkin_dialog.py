"""File > Check in (Ctrl+J): how today went, in ten seconds, from the keyboard.

The dialog opens on the energy rating. A digit sets the focused rating and moves on, Tab moves, Enter saves
and closes. Every rating is saved the moment it is set and the line of text while it is typed (at least
once a second), so closing the window, a crash or a power cut loses nothing older than a moment. An earlier
day can be picked and corrected; a day never has two entries.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.dates import date_words
from mgreader.core.errors import MgReaderError
from mgreader.core.journal.model import MAX_LINE, JournalInputError, Symptom
from mgreader.core.session.journal import JournalSession
from mgreader.ui.journal.rating_row import RatingRow, crashed_row, energy_row, symptom_row
from mgreader.ui.journal.symptoms_dialog import SymptomsDialog
from mgreader.ui.look.dates import date_picker, from_qdate

TYPING_PAUSE_MS = 400
LONGEST_WAIT_MS = 1000


class CheckInDialog(QDialog):
    changed = Signal(object)  # a core Changes record, after each save

    def __init__(
        self, session: JournalSession, day: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkInDialog")
        self.setWindowTitle("Check in")
        self.setAccessibleName("Daily check-in")
        self.session = session
        self._loading = False
        self._dirty = False
        today = session.today()

        self.date_edit = date_picker("checkInDate", day or today, maximum=today)
        self.date_edit.setAccessibleName("Day")
        self.energy = energy_row()
        self.energy.setObjectName("checkInEnergy")
        self.crashed = crashed_row()
        self.crashed.setObjectName("checkInCrashed")
        self.note = QLineEdit()
        self.note.setObjectName("checkInNote")
        self.note.setMaxLength(MAX_LINE)
        self.note.setPlaceholderText("One line about today (optional)")
        self.note.setAccessibleName("One line about today")
        self.message = QLabel()
        self.message.setObjectName("checkInMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Check-in status")

        self.symptom_rows: list[RatingRow] = []
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.addRow("Day:", self.date_edit)
        self.rows_box = QVBoxLayout()
        self.rows_box.addWidget(self.energy)
        self.symptoms_box = QVBoxLayout()
        self.rows_box.addLayout(self.symptoms_box)
        self.rows_box.addWidget(self.crashed)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Save and close", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("checkInSave")
        self.save_button.setDefault(True)
        self.choose_button = QPushButton("Choose symptoms…")
        self.choose_button.setObjectName("checkInChooseSymptoms")
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ResetRole)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.buttons.accepted.connect(self.save_and_close)
        self.buttons.rejected.connect(self.reject)
        self.choose_button.clicked.connect(self.choose_symptoms)

        help_text = QLabel("Type a number for each rating: it moves on by itself. Enter saves and closes.")
        help_text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(help_text)
        layout.addLayout(self.rows_box)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._longest = QTimer(self, singleShot=True, interval=LONGEST_WAIT_MS)
        self._pause.timeout.connect(self.save)
        self._longest.timeout.connect(self.save)
        self.note.textEdited.connect(self._typed)
        self.note.returnPressed.connect(self.save_and_close)
        self.date_edit.dateChanged.connect(self._day_changed)
        for row in (self.energy, self.crashed):
            self._connect_row(row)
        self._build_symptom_rows(session.journal.symptom_choices())
        self._load(self.day())

    # Building

    def _connect_row(self, row: RatingRow) -> None:
        row.value_changed.connect(lambda _value: self._changed_now())
        row.move_on.connect(self.focusNextChild)

    def _build_symptom_rows(self, names: list[str]) -> None:
        for row in self.symptom_rows:
            self.symptoms_box.removeWidget(row)
            row.deleteLater()
        self.symptom_rows = []
        for n, name in enumerate(names):
            row = symptom_row(name)
            row.setObjectName(f"checkInSymptom{n}")
            row.setProperty("symptom", name)
            self._connect_row(row)
            self.symptoms_box.addWidget(row)
            self.symptom_rows.append(row)
        chain: list[QWidget] = [self.energy, *self.symptom_rows, self.crashed, self.note, self.save_button]
        chain += [self.choose_button, self.date_edit]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.energy.setFocus(Qt.FocusReason.OtherFocusReason)

    # Values

    def day(self) -> date:
        return from_qdate(self.date_edit.date())

    def _load(self, day: date) -> None:
        self._loaded_day = day
        self._loading = True
        try:
            entry = self.session.journal.checkin(day)
            self.energy.set_value(entry.energy if entry else None, announce=False)
            self.crashed.set_value(entry.crashed if entry else None, announce=False)
            for row in self.symptom_rows:
                row.set_value(entry.score_of(row.property("symptom")) if entry else None, announce=False)
            self.note.setText(entry.note if entry else "")
            self._dirty = False
            words = date_words(day)
            self._say(f"Editing the check-in of {words}." if entry else "")
        finally:
            self._loading = False

    def _symptoms(self) -> list[Symptom]:
        chosen = [(row.property("symptom"), row.value()) for row in self.symptom_rows]
        return [Symptom(str(name), int(value)) for name, value in chosen if isinstance(value, int)]

    def _is_blank(self) -> bool:
        values = [self.energy.value(), self.crashed.value(), *(r.value() for r in self.symptom_rows)]
        return all(v is None for v in values) and not self.note.text().strip()

    # Saving

    def _changed_now(self) -> None:
        if not self._loading:
            self._dirty = True
            self.save()

    def _typed(self, _text: str) -> None:
        self._dirty = True
        self._pause.start()
        if not self._longest.isActive():
            self._longest.start()

    def save(self) -> bool:
        """Write the day's check-in now. False (with the message shown at its field) when it could not be."""
        self._pause.stop()
        self._longest.stop()
        if not self._dirty:
            return True
        day = self._loaded_day
        if self._is_blank() and self.session.journal.checkin(day) is None:
            self._dirty = False
            return True
        energy = self.energy.value()
        crashed = self.crashed.value()
        try:
            done = self.session.check_in(
                day,
                energy if isinstance(energy, int) else None,
                self._symptoms(),
                crashed if isinstance(crashed, bool) else None,
                self.note.text(),
            )
        except JournalInputError as error:
            self._say(f"Not saved: {error}", error=True)
            return False
        except MgReaderError as error:
            # The store could not be written: keep everything on screen and try again shortly.
            self._say(f"Not saved yet: {error} Mg Reader will try again.", error=True)
            self._longest.start()
            return False
        self._dirty = False
        self._say("Saved.")
        self.changed.emit(done.changes)
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def _day_changed(self, _value: QDate) -> None:
        # What was entered belongs to the day it was entered for: save it there, then show the new day.
        self.save()
        self._load(self.day())

    def choose_symptoms(self) -> None:
        self.save()
        dialog = SymptomsDialog(self.session.journal.symptom_choices(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            names = self.session.journal.set_symptom_choices(dialog.names())
        except JournalInputError as error:
            self._say(str(error), error=True)
            return
        self._build_symptom_rows(names)
        self._load(self.day())
        self.energy.setFocus()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def reject(self) -> None:
        self.save()  # closing keeps what was entered: nothing typed is lost
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save()
        super().closeEvent(event)
