"""Dates in the window, in the reader's language and in words: the date pickers and the QDate <-> date
conversions. Dates shown as text (lists, labels) use core.dates.date_words, as the sheet does.

Qt 6's QDate.toString(format) writes the C locale's (English) month names whatever the reader's language;
the pickers take QLocale's own long format instead ("1. Dezember 2026", "Tuesday, December 1, 2026"), so
they never read as numbers only ("1 12 2026")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QWidget


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def long_format(locale: QLocale | None = None) -> str:
    """The locale's long date format, with the month in words (the reader's locale by default)."""
    return (locale or QLocale()).dateFormat(QLocale.FormatType.LongFormat)


def date_picker(
    name: str, day: date | QDate | None = None, maximum: date | None = None, parent: QWidget | None = None
) -> QDateEdit:
    """A date field that shows the date in words in the reader's language, with a calendar."""
    start = to_qdate(day) if isinstance(day, date) else day or QDate.currentDate()
    picker = QDateEdit(start, parent)
    picker.setObjectName(name)
    picker.setDisplayFormat(long_format(picker.locale()))
    picker.setCalendarPopup(True)
    if maximum is not None:
        picker.setMaximumDate(to_qdate(maximum))
    return picker
