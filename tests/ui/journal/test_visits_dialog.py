"""Visits (issue 19): recorded, listed newest first, corrected and removed; recorded by the sheet's tick."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QLocale

from mgreader.core.notes.store import Store
from mgreader.core.session.journal import JournalSession
from mgreader.ui.journal.visits_dialog import VisitsDialog

TODAY = date(2026, 3, 8)


def make(qtbot, tmp_path: Path) -> tuple[Store, VisitsDialog]:  # type: ignore[no-untyped-def]
    store = Store.open(tmp_path / "notes.sqlite3")
    dialog = VisitsDialog(JournalSession(store.journal, lambda: TODAY))
    qtbot.addWidget(dialog)
    return store, dialog


def fill(dialog: VisitsDialog, day: date, who: str, title: str) -> None:
    dialog.day.setDate(QDate(day.year, day.month, day.day))
    dialog.with_whom.setText(who)
    dialog.title.setText(title)
    dialog.save_button.click()


def test_record_list_correct_and_remove_visits(qtbot, tmp_path: Path):
    store, dialog = make(qtbot, tmp_path)
    assert dialog.objectName() == "visitsDialog"
    # The picker writes the month in words, in the reader's language (ui/look/dates.py).
    assert QLocale().monthName(dialog.day.date().month()) in dialog.day.text()
    fill(dialog, date(2026, 1, 12), "Dr. K", "Review")
    fill(dialog, date(2026, 3, 1), "the nurse", "Blood test")
    assert [dialog.list.item(n).text() for n in range(dialog.list.count())] == [
        "1 March 2026: Blood test, with the nurse",
        "12 January 2026: Review, with Dr. K",
    ]
    assert dialog.message.text() == "Recorded: 1 March 2026: Blood test, with the nurse."

    dialog.list.setCurrentRow(1)  # choose one to correct it
    assert dialog.with_whom.text() == "Dr. K" and dialog.save_button.text() == "&Save correction"
    fill(dialog, date(2026, 1, 13), "Dr. K", "Review of medicines")
    assert [(v.day, v.title) for v in store.journal.visits()] == [
        (date(2026, 3, 1), "Blood test"), (date(2026, 1, 13), "Review of medicines"),
    ]  # fmt: skip

    dialog.list.setCurrentRow(0)
    dialog.delete_button.click()
    assert [v.title for v in store.journal.visits()] == ["Review of medicines"]
    assert dialog.message.text() == "Removed: 1 March 2026: Blood test, with the nurse."
    store.close()


def test_a_too_long_name_is_refused_with_a_message(qtbot, tmp_path: Path):
    store, dialog = make(qtbot, tmp_path)
    fill(dialog, TODAY, "x" * 500, "")
    assert dialog.message.text().startswith("Not saved:") and store.journal.visits() == []
    store.close()


def test_the_sheets_tick_records_the_appointment_once(make_window, qtbot, tmp_path: Path):
    from mgreader.ui.sheet.sheet_dialog import SheetDialog

    window = make_window()
    store = window.notes.store
    store.add_note("Ask about ferritin", "Ask about ferritin", is_question=True)
    dialog = SheetDialog(store, window.library, window.loader.composer.disclaimer, window.settings, window)
    qtbot.addWidget(dialog)
    assert not dialog.since_visit.isChecked()  # no visit yet
    dialog.since_visit.setChecked(True)
    assert "No visit is recorded yet" in dialog.preview.toPlainText()
    dialog.taking.setChecked(True)
    dialog.visit_day.setDate(QDate(2026, 12, 3))
    dialog.visit_with.setText("Dr. K")
    dialog.title.setText("Appointment with Dr. K")
    assert dialog.save("md", tmp_path / "sheet.md")
    assert dialog.status.text().endswith("Recorded your appointment on 3 December 2026.")
    assert dialog.save("html", tmp_path / "sheet.html")
    assert "Recorded" not in dialog.status.text()  # saved twice: still one visit
    assert [(v.day, v.with_whom, v.title) for v in store.journal.visits()] == [
        (date(2026, 12, 3), "Dr. K", "Appointment with Dr. K")
    ]
