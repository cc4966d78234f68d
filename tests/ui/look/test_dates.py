"""The window's date pickers write the date in words in the reader's language (ui/look/dates.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from mgreader.ui.look.dates import date_picker, from_qdate


@pytest.fixture
def reader_locale() -> Iterator[None]:
    """Qt's default locale, put back after a test that sets the reader's."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("name", "month", "order"),
    [("de_DE", "Dezember", "1. Dezember 2026"), ("fr_FR", "d\u00e9cembre", "1 d\u00e9cembre 2026"),
     ("en_US", "December", "December 1, 2026"), ("en_GB", "December", "1 December 2026")],
)  # fmt: skip
def test_a_picker_shows_the_date_in_words_in_the_readers_language(
    qtbot, reader_locale: None, name: str, month: str, order: str
):
    QLocale.setDefault(QLocale(name))
    picker = date_picker("somePicker", date(2026, 12, 1))
    qtbot.add_widget(picker)
    assert month in picker.text() and order in picker.text()
    assert from_qdate(picker.date()) == date(2026, 12, 1)
