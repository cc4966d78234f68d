"""The journal in the notes file: one check-in a day, validated input, medicines and their changes, visits."""

from datetime import date
from pathlib import Path

import pytest

from mgreader.core.journal.model import JournalInputError, Symptom
from mgreader.core.notes.store import Store

from .conftest import med

TODAY = date(2026, 12, 1)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as s:
        yield s


def test_a_day_has_one_check_in_and_a_correction_replaces_it(store: Store):
    first = store.journal.save_checkin(TODAY, 4, [Symptom("Brain fog", 2)], False, "slow morning", TODAY)
    again = store.journal.save_checkin(TODAY, 6, [Symptom("Brain fog", 1)], True, "better", TODAY)
    assert store.journal.checkins() == [again]
    assert again.created == first.created
    assert again.updated > first.updated
    assert again.energy == 6


def test_an_earlier_day_can_be_filled_in_later_but_not_a_future_one(store: Store):
    store.journal.save_checkin(date(2026, 11, 20), 3, [], None, "", TODAY)
    with pytest.raises(JournalInputError) as error:
        store.journal.save_checkin(date(2026, 12, 2), 3, [], None, "", TODAY)
    assert error.value.field == "day"
    assert [c.day for c in store.journal.checkins()] == [date(2026, 11, 20)]


@pytest.mark.parametrize(
    ("energy", "symptoms", "field"),
    [
        (11, [], "energy"),
        (-1, [], "energy"),
        (5, [Symptom("Pain", 4)], "symptom:Pain"),
        (5, [Symptom(str(n), 1) for n in range(6)], "symptoms"),
        (5, [Symptom("Pain", 1), Symptom("pain", 2)], "symptoms"),
    ],
)
def test_a_rating_out_of_range_is_refused_and_nothing_is_saved(store: Store, energy, symptoms, field):
    with pytest.raises(JournalInputError) as error:
        store.journal.save_checkin(TODAY, energy, symptoms, None, "", TODAY)
    assert error.value.field == field
    assert store.journal.checkins() == []


def test_medicines_are_validated_with_a_message_at_the_field(store: Store):
    with pytest.raises(JournalInputError) as error:
        store.journal.add_medicine(med(amount="two"), TODAY)  # type: ignore[arg-type]
    assert error.value.field == "dose_amount"
    assert "number" in str(error.value)
    with pytest.raises(JournalInputError) as error:
        store.journal.add_medicine(med(unit="spoonful"), TODAY)
    assert error.value.field == "dose_unit"
    assert "mg" in str(error.value)
    assert store.journal.medicines() == []


def test_dose_changes_starts_and_stops_are_recorded(store: Store):
    citrate = store.journal.add_medicine(med(mg=200, started=date(2026, 11, 1)), TODAY)
    from dataclasses import replace

    store.journal.update_medicine(replace(citrate, times_per_day=2), TODAY)
    store.journal.update_medicine(replace(citrate, times_per_day=2, stopped=TODAY), TODAY)
    changes = [(c.day, c.what) for c in store.journal.changes()]
    assert changes == [(date(2026, 11, 1), "started"), (TODAY, "dose"), (TODAY, "stopped")]
    assert "once a day -> 1 tablet twice a day" in store.journal.changes()[1].detail


def test_visits_newest_first_and_the_last_one(store: Store):
    store.journal.add_visit(date(2026, 9, 1), "Dr K", "Follow-up")
    store.journal.add_visit(date(2026, 11, 3), "Dr K", "Review")
    assert [v.title for v in store.journal.visits()] == ["Review", "Follow-up"]
    assert store.journal.last_visit().title == "Review"
    assert store.journal.last_visit(before=date(2026, 10, 1)).title == "Follow-up"


def test_a_damaged_journal_row_never_hides_the_others_or_the_notes(store: Store):
    store.journal.save_checkin(TODAY, 5, [], None, "fine", TODAY)
    store.add_note("kept", "my note")
    store._db.execute("INSERT INTO checkins VALUES ('2026-11-30', 3, 'not json', NULL, '', 'x', 'x')")
    assert [c.note for c in store.journal.checkins()] == ["fine"]
    assert [n.title for n in store.notes()] == ["kept"]


def test_merging_a_day_edited_on_two_computers_keeps_the_later_edit_and_the_other_text(store: Store):
    from dataclasses import replace

    local = store.journal.save_checkin(TODAY, 5, [], None, "local words", TODAY)
    older = replace(local, energy=2, note="laptop words", updated="2026-01-01T00:00:00.000000Z")
    assert store.journal.merge_checkin(older) == "updated"
    (merged,) = store.journal.checkins()
    assert merged.energy == 5
    assert "local words" in merged.note
    assert "laptop words" in merged.note


def test_the_reader_chooses_the_symptoms_a_check_in_asks_about(store: Store):
    assert store.journal.symptom_choices()[0] == "Brain fog"
    assert store.journal.set_symptom_choices(["  Pain ", "Nausea"]) == ["Pain", "Nausea"]
    assert store.journal.symptom_choices() == ["Pain", "Nausea"]
    with pytest.raises(JournalInputError):
        store.journal.set_symptom_choices(["a", "b", "c", "d", "e", "f"])
    assert store.journal.symptom_choices() == ["Pain", "Nausea"]


def test_medicines_are_listed_as_a_reader_orders_names(store: Store):
    for name in ("Zinc", "vitamin B12", "vitamin B6", "aspirin", "Émulsion of fish oil"):
        store.journal.add_medicine(med(name), TODAY)
    store.journal.add_medicine(med("Calcium", stopped=TODAY), TODAY)
    # SQLite's order of names put 'aspirin' after 'Zinc', 'B12' before 'B6', and 'É' after everything.
    assert [m.name for m in store.journal.medicines()] == [
        "aspirin", "Émulsion of fish oil", "vitamin B6", "vitamin B12", "Zinc", "Calcium",
    ]  # fmt: skip
