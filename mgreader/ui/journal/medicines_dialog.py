"""Medicines and supplements: the reader's list, the day's magnesium total and the library's timing notes.

The total counts only the elemental magnesium the reader copied from a label, and says calmly how it
compares with the limit. Timing notes appear only for a medicine whose kind the reader chose from the
kinds the library declares rules for; each links the passage that explains it.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.dates import date_words
from mgreader.core.errors import MgReaderError
from mgreader.core.journal import magnesium
from mgreader.core.journal.model import MEDICINE_FORMS, UNITS, JournalInputError, Medicine, format_amount
from mgreader.core.session.journal import JournalSession
from mgreader.ui.look.dates import date_picker, from_qdate, to_qdate
from mgreader.ui.look.screen_fit import fit_to_screen

EVERY = (("every day", 1), ("every other day", 2), ("once a week", 7))


class DateField(QWidget):
    """A date that may be left unset: a tick box and a date picker in words."""

    def __init__(self, label: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.edit = date_picker("", today, maximum=today)
        self.edit.setAccessibleName(label)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)

    def value(self) -> date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(to_qdate(day))


class MedicinesDialog(QDialog):
    changed = Signal(object)  # a core Changes record
    article_requested = Signal(str)  # an article id (with "#anchor"), to open in the window
    question_requested = Signal(str)  # the text of a question for the clinician

    def __init__(self, session: JournalSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("medicinesDialog")
        self.setWindowTitle("Medicines and supplements")
        self.session = session
        self._editing: Medicine | None = None
        today = session.today()

        self.total = QLabel()
        self.total.setObjectName("magnesiumTotal")
        self.total.setWordWrap(True)
        self.total.setTextFormat(Qt.TextFormat.RichText)
        self.total.linkActivated.connect(self.article_requested.emit)
        self.timing = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("medicineList")
        self.list.setAccessibleName("Your medicines and supplements")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(lambda item, _old: self._edit(item))
        add = QPushButton("New medicine")
        add.setObjectName("medicineNew")
        add.clicked.connect(self.new)
        self.delete_button = QPushButton("Remove")
        self.delete_button.setObjectName("medicineRemove")
        self.delete_button.clicked.connect(self.delete)

        self.name = QLineEdit()
        self.name.setObjectName("medicineName")
        self.form = QComboBox()
        self.form.addItems(list(MEDICINE_FORMS))
        self.amount = QLineEdit()
        self.amount.setObjectName("medicineDose")
        self.amount.setPlaceholderText("for example 1 or 200")
        self.unit = QComboBox()
        self.unit.setObjectName("medicineUnit")
        self.unit.setEditable(True)
        self.unit.addItems(list(UNITS))
        self.unit.setCurrentText("tablet")
        self.times = QSpinBox()
        self.times.setObjectName("medicineTimes")
        self.times.setRange(1, 12)
        self.times.setSuffix(" a day")
        self.every = QComboBox()
        for text, days in EVERY:
            self.every.addItem(text, days)
        self.when = QLineEdit()
        self.when.setPlaceholderText("for example with breakfast and at bedtime")
        self.started = DateField("Started on", today)
        self.stopped = DateField("Stopped on", today)
        self.magnesium = QLineEdit()
        self.magnesium.setObjectName("medicineMagnesium")
        self.magnesium.setPlaceholderText("mg of magnesium in one dose, from the label; empty if none")
        self.kind = QComboBox()
        self.kind.setObjectName("medicineKind")
        # Long kind names must not widen the dialog past a small screen: the list shows them in full.
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(16)
        self.kind.addItem("None of these, or not sure", None)
        for rule in session.rules:
            self.kind.addItem(rule.label, rule.kind)
        self.message = QLabel()
        self.message.setObjectName("medicineMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save medicine")
        self.save_button.setObjectName("medicineSave")
        self.save_button.clicked.connect(self.save)
        for field in (self.name, self.amount, self.when, self.magnesium):
            field.returnPressed.connect(self.save)  # Enter in a field saves the medicine

        fields = QFormLayout()
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        fields.addRow("Name:", self.name)
        fields.addRow("Form:", self.form)
        dose = QHBoxLayout()
        dose.addWidget(self.amount, 1)
        dose.addWidget(self.unit)
        fields.addRow("Dose:", dose)
        often = QHBoxLayout()
        often.addWidget(self.times)
        often.addWidget(self.every, 1)
        fields.addRow("How often:", often)
        fields.addRow("When:", self.when)
        fields.addRow("", self.started)
        fields.addRow("", self.stopped)
        fields.addRow("Magnesium per dose (mg):", self.magnesium)
        fields.addRow("Kind (for timing notes):", self.kind)
        for label, widget in (
            ("Name", self.name),
            ("Form", self.form),
            ("Dose amount", self.amount),
            ("Dose unit", self.unit),
            ("Times a day", self.times),
            ("How often", self.every),
            ("When", self.when),
            ("Magnesium per dose in milligrams, from the label", self.magnesium),
            ("Kind of medicine, for timing notes", self.kind),
        ):
            widget.setAccessibleName(label)

        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        editor = QVBoxLayout()
        editor.addLayout(fields)
        editor.addWidget(self.message)
        body = QHBoxLayout()
        body.addLayout(side, 2)
        body.addLayout(editor, 3)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.total)
        inner_layout.addLayout(self.timing)
        inner_layout.addLayout(body, 1)
        scroll = QScrollArea()  # long content scrolls inside; the buttons below stay on screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        # The buttons stay below the scrolling part: always on screen, whatever the text size.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(add, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            # Enter is for saving the medicine (above), never for whichever button last had the focus.
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.refresh()
        self.new()
        fit_to_screen(self, inner.sizeHint() + QSize(48, 96), minimum_width=860)

    # The list and the summary

    def refresh(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for medicine in self.session.journal.medicines():
            text = f"{medicine.name}: {medicine.dose_text()}, {medicine.schedule_text()}"
            if medicine.magnesium_mg is not None:
                text += f" ({format_amount(medicine.magnesium_mg)} mg magnesium a dose)"
            if medicine.stopped is not None:
                text += f" (stopped {date_words(medicine.stopped)})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, medicine.id)
            self.list.addItem(item)
            if medicine.id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        total = self.session.magnesium_today()
        link = f'<a href="{magnesium.LIMIT_ARTICLE}">About the limit</a>'
        self.total.setText(f"{total.summary()} {link}")
        self.total.setAccessibleName(total.summary())
        self._show_timing()

    def _show_timing(self) -> None:
        while self.timing.count():
            item = self.timing.takeAt(0)
            if item is not None and (widget := item.widget()):
                widget.deleteLater()
        for note in self.session.timing_notes():
            label = QLabel(
                f"<b>{html.escape(note.medicine.name)}</b>: {html.escape(note.rule.advice)} "
                f'<a href="{note.rule.article}#{note.rule.heading}">Read why</a>'
            )
            label.setWordWrap(True)
            label.setObjectName("timingNote")
            label.linkActivated.connect(self.article_requested.emit)
            ask = QPushButton(f"Ask about timing with {note.medicine.name}")
            ask.setObjectName("timingAsk")
            question = note.rule.question(note.medicine.name)
            ask.clicked.connect(lambda _=False, q=question: self.question_requested.emit(q))
            row = QWidget()
            row_layout = QVBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(label)
            row_layout.addWidget(ask, 0, Qt.AlignmentFlag.AlignLeft)
            self.timing.addWidget(row)

    # Editing

    def new(self) -> None:
        self._editing = None
        self.list.clearSelection()
        self._fill(Medicine("", "", "tablet", 1, "tablet", 1, 1, "", None, None, None, None, "", ""))
        self.amount.clear()
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def _edit(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self._editing = self.session.journal.medicine(item.data(Qt.ItemDataRole.UserRole))
        self._fill(self._editing)
        self.delete_button.setEnabled(True)

    def _fill(self, m: Medicine) -> None:
        self.name.setText(m.name)
        self.form.setCurrentText(m.form)
        self.amount.setText(format_amount(m.dose_amount))
        self.unit.setCurrentText(m.dose_unit)
        self.times.setValue(m.times_per_day)
        index = self.every.findData(m.every_days)
        if index < 0:
            self.every.addItem(f"every {m.every_days} days", m.every_days)
            index = self.every.count() - 1
        self.every.setCurrentIndex(index)
        self.when.setText(m.when)
        self.started.set_value(m.started)
        self.stopped.set_value(m.stopped)
        self.magnesium.setText("" if m.magnesium_mg is None else format_amount(m.magnesium_mg))
        self.kind.setCurrentIndex(max(0, self.kind.findData(m.kind)))
        self._say("")

    def _read(self) -> Medicine:
        """The form as a Medicine; amounts are checked (with a message at the field) by the session."""
        base = self._editing or Medicine("", "", "", 1, "", 1, 1, "", None, None, None, None, "", "")
        amount: object = self.amount.text().strip() or "missing"
        mg_text = self.magnesium.text().strip()
        return replace(
            base,
            name=self.name.text(),
            form=self.form.currentText(),
            dose_amount=amount,  # type: ignore[arg-type]
            dose_unit=self.unit.currentText(),
            times_per_day=self.times.value(),
            every_days=int(self.every.currentData()),
            when=self.when.text(),
            started=self.started.value(),
            stopped=self.stopped.value(),
            magnesium_mg=mg_text or None,  # type: ignore[arg-type]
            kind=self.kind.currentData(),
        )

    def save(self) -> bool:
        medicine = self._read()
        try:
            done = (
                self.session.update_medicine(medicine)
                if self._editing
                else self.session.add_medicine(medicine)
            )
        except JournalInputError as error:
            self._say(f"Not saved: {error}", error=True)
            self._focus_field(error.field)
            return False
        except MgReaderError as error:
            self._say(f"Not saved: {error}", error=True)
            return False
        self._editing = done.value
        self.refresh(select=done.value.id)
        self.delete_button.setEnabled(True)
        self._say(f"Saved {done.value.name}.")
        self.changed.emit(done.changes)
        return True

    def delete(self) -> None:
        if self._editing is None:
            return
        done = self.session.delete_medicine(self._editing.id)
        self.refresh()
        self.new()
        self._say(f"Removed {done.value.name}.")
        self.changed.emit(done.changes)

    def _focus_field(self, field: str) -> None:
        widgets: dict[str, QWidget] = {
            "name": self.name,
            "dose_amount": self.amount,
            "dose_unit": self.unit,
            "times_per_day": self.times,
            "every_days": self.every,
            "when": self.when,
            "started": self.started.edit,
            "stopped": self.stopped.edit,
            "magnesium_mg": self.magnesium,
        }
        if widget := widgets.get(field):
            widget.setFocus()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)

    def _unsaved(self) -> bool:
        if not self.name.text().strip():
            return False
        try:
            medicine = self._read()
        except (TypeError, ValueError):
            return True
        if self._editing is None:
            return True
        keys = (
            "name",
            "form",
            "dose_unit",
            "times_per_day",
            "every_days",
            "when",
            "started",
            "stopped",
            "kind",
        )
        return any(getattr(medicine, k) != getattr(self._editing, k) for k in keys) or (
            self.amount.text().strip() != format_amount(self._editing.dose_amount)
        )

    def reject(self) -> None:
        # Typed details are saved on closing; if they cannot be (a message says why), the first close keeps
        # the dialog open so nothing is lost without the reader seeing it.
        if self._unsaved() and not self.save() and not self.property("warned"):
            self.setProperty("warned", True)
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._unsaved() and not self.save() and not self.property("warned"):
            self.setProperty("warned", True)
            event.ignore()
            return
        super().closeEvent(event)
