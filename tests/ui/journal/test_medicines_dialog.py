"""The medicines list: the magnesium total from labels against the limit; timing notes from the library."""

import pytest

from mgreader.core.notes.store import Store
from mgreader.core.session.journal import JournalSession
from mgreader.ui.journal.medicines_dialog import MedicinesDialog

from .conftest import fill_medicine


@pytest.fixture
def dialog(qtbot, session: JournalSession):
    d = MedicinesDialog(session)
    qtbot.add_widget(d)
    d.show()
    qtbot.wait_exposed(d)
    return d


def add(qtbot, dialog: MedicinesDialog, name: str, dose: str, unit: str, times: int, mg: str = "", kind=None):
    fill_medicine(dialog, name, dose, unit, times, mg, kind)
    return dialog.save()


def test_citrate_twice_a_day_and_alendronate(qtbot, dialog: MedicinesDialog, store: Store):
    assert add(qtbot, dialog, "Magnesium citrate", "1", "tablet", 2, mg="200")
    assert add(qtbot, dialog, "Alendronate", "70", "mg", 1, kind="bisphosphonate")
    assert "400 mg a day" in dialog.total.text()
    assert "above the 350 mg" in dialog.total.text()
    notes = dialog.findChildren(type(dialog.total), "timingNote")
    assert len(notes) == 1
    assert "Alendronate" in notes[0].text()
    assert "2 hours" in notes[0].text()
    assert "04-medicines-that-interact-with-magnesium#bone-medicines-bisphosphonates" in notes[0].text()
    assert [m.name for m in store.journal.medicines()] == ["Alendronate", "Magnesium citrate"]


def test_ask_about_timing_offers_the_question(qtbot, dialog: MedicinesDialog):
    add(qtbot, dialog, "Alendronate", "70", "mg", 1, kind="bisphosphonate")
    (button,) = [b for b in dialog.findChildren(type(dialog.save_button), "timingAsk")]
    with qtbot.wait_signal(dialog.question_requested) as asked:
        button.click()
    assert asked.args[0].startswith("Ask about timing with Alendronate")


def test_a_dose_that_is_not_a_number_gets_a_message_at_the_field(
    qtbot, dialog: MedicinesDialog, store: Store
):
    assert not add(qtbot, dialog, "Magnesium glycinate", "two", "tablet", 1)
    assert "number" in dialog.message.text()
    assert dialog.focusWidget() is dialog.amount
    assert dialog.name.text() == "Magnesium glycinate"  # nothing typed is lost
    assert store.journal.medicines() == []


def test_an_unknown_unit_is_refused_with_the_known_ones(qtbot, dialog: MedicinesDialog, store: Store):
    assert not add(qtbot, dialog, "Drops", "5", "spoonfuls", 1)
    assert "Unknown unit" in dialog.message.text()
    assert store.journal.medicines() == []


def test_no_kind_no_timing_note(qtbot, dialog: MedicinesDialog):
    add(qtbot, dialog, "Doxycycline", "100", "mg", 1)
    assert dialog.findChildren(type(dialog.total), "timingNote") == []


def test_an_amount_not_given_is_named_not_guessed(qtbot, dialog: MedicinesDialog):
    add(qtbot, dialog, "Magnesium glycinate", "2", "capsule", 1)
    assert "not given for Magnesium glycinate" in dialog.total.text()


def test_closing_with_typed_details_saves_them(qtbot, dialog: MedicinesDialog, store: Store):
    dialog.new()
    qtbot.keyClicks(dialog.name, "Vitamin D")
    qtbot.keyClicks(dialog.amount, "1000")
    dialog.unit.setCurrentText("IU")
    dialog.close()
    assert [m.name for m in store.journal.medicines()] == ["Vitamin D"]
