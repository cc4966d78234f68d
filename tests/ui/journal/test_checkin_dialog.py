"""The check-in from the keyboard: a typical day in at most 12 key presses, nothing entered lost."""

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from mgreader.core.notes.store import Store
from mgreader.core.session.journal import JournalSession
from mgreader.ui.journal.checkin_dialog import CheckInDialog

from .conftest import TODAY


@pytest.fixture
def dialog(qtbot, session: JournalSession):
    d = CheckInDialog(session)
    qtbot.add_widget(d)
    d.show()
    qtbot.wait_exposed(d)
    qtbot.wait_until(lambda: d.focusWidget() is d.energy)
    return d


def press(qtbot, keys: str) -> int:
    """Type each character into whatever has the focus; returns how many key presses that was."""
    for key in keys:
        qtbot.keyClick(QApplication.focusWidget(), key)
    return len(keys)


def test_a_typical_day_in_at_most_twelve_key_presses(qtbot, dialog: CheckInDialog, store: Store):
    with qtbot.wait_signal(dialog.finished):
        count = press(qtbot, "5") + press(qtbot, "2103") + press(qtbot, "n")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        count += 1
    assert count <= 12
    (entry,) = store.journal.checkins()
    assert entry.day == TODAY
    assert entry.energy == 5
    assert [(s.name, s.score) for s in entry.symptoms] == [
        ("Brain fog", 2),
        ("Pain", 1),
        ("Sleep", 0),
        ("Dizziness on standing", 3),
    ]
    assert entry.crashed is False


def test_each_rating_is_saved_the_moment_it_is_set(qtbot, dialog: CheckInDialog, store: Store):
    press(qtbot, "7")
    assert store.journal.checkin(TODAY).energy == 7  # no Enter: already in the notes file
    assert dialog.focusWidget() is dialog.symptom_rows[0]


def test_a_digit_out_of_range_does_nothing_and_stays(qtbot, dialog: CheckInDialog, store: Store):
    press(qtbot, "3")
    press(qtbot, "9")  # a symptom is 0-3
    assert dialog.symptom_rows[0].value() is None
    assert dialog.focusWidget() is dialog.symptom_rows[0]


def test_the_up_arrow_reaches_ten(qtbot, dialog: CheckInDialog, store: Store):
    press(qtbot, "9")
    qtbot.keyClick(dialog.energy, Qt.Key.Key_Up)
    assert store.journal.checkin(TODAY).energy == 10


def test_the_line_of_text_is_saved_while_typing_and_on_close(qtbot, dialog: CheckInDialog, store: Store):
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "dizzy after the shower")
    qtbot.wait_until(lambda: (e := store.journal.checkin(TODAY)) is not None and e.note.startswith("dizzy"))
    qtbot.keyClicks(dialog.note, " again")
    dialog.close()
    assert store.journal.checkin(TODAY).note == "dizzy after the shower again"


def test_an_earlier_day_is_corrected_in_place(qtbot, store: Store, dialog: CheckInDialog):
    store.journal.save_checkin(date(2026, 11, 28), 2, [], True, "bad day", TODAY)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(-3))
    assert dialog.energy.value() == 2
    assert dialog.note.text() == "bad day"
    assert "28 November 2026" in dialog.message.text()
    dialog.energy.setFocus()
    press(qtbot, "4")
    assert [(c.day, c.energy, c.note) for c in store.journal.checkins()] == [
        (date(2026, 11, 28), 4, "bad day")
    ]


def test_the_date_cannot_be_in_the_future(dialog: CheckInDialog):
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(5))
    assert dialog.day() == TODAY


def test_opening_and_closing_without_entering_anything_saves_nothing(dialog: CheckInDialog, store: Store):
    dialog.close()
    assert store.journal.checkins() == []


def test_the_day_picker_writes_the_date_in_words_in_the_readers_language(qtbot, session: JournalSession):
    before = QLocale()
    QLocale.setDefault(QLocale("de_DE"))
    try:
        dialog = CheckInDialog(session)
        qtbot.add_widget(dialog)
        assert "1. Dezember 2026" in dialog.date_edit.text()  # TODAY, never "1 12 2026"
    finally:
        QLocale.setDefault(before)
