"""Every journal change returns a record naming what it touched, so views refresh only that."""

from datetime import date
from pathlib import Path

import pytest

from mgreader.core.journal import timing
from mgreader.core.journal.model import Medicine, Symptom
from mgreader.core.notes.store import Store
from mgreader.core.paths import bundled_dir
from mgreader.core.session.journal import JournalSession

TODAY = date(2026, 12, 1)


@pytest.fixture
def session(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        yield JournalSession(store.journal, lambda: TODAY, timing.load(bundled_dir("content")))


def medicine(name: str, mg: float | None, times: int, kind: str | None = None) -> Medicine:
    return Medicine("", name, "tablet", 1, "tablet", times, 1, "", None, None, mg, kind, "", "")


def test_a_check_in_names_its_day(session: JournalSession):
    done = session.check_in(TODAY, 4, [Symptom("Pain", 1)], False, "")
    assert done.changes.checkins == {"2026-12-01"}
    assert not done.changes.notes
    assert done.changes.touches_records()


def test_the_issue_example_citrate_twice_a_day_and_alendronate(session: JournalSession):
    citrate = session.add_medicine(medicine("Magnesium citrate", 200, 2))
    alendronate = session.add_medicine(medicine("Alendronate", None, 1, kind="bisphosphonate"))
    assert citrate.changes.medicines == {citrate.value.id}
    assert alendronate.changes.medicines == {alendronate.value.id}
    total = session.magnesium_today()
    assert total.total_mg == 400
    assert total.over_limit
    (note,) = session.timing_notes()
    assert note.medicine.name == "Alendronate"
    assert "2 hours" in note.rule.advice


def test_a_visit_names_itself(session: JournalSession):
    done = session.record_visit(date(2026, 11, 20), "Dr K", "Review")
    assert done.changes.visits == {done.value.id}
    assert session.journal.last_visit() == done.value


def test_a_suggested_question_becomes_a_question_to_ask(tmp_path: Path):
    from mgreader.core.session.notes import NotesSession

    with Store.open(tmp_path / "n.sqlite3") as store:
        done = NotesSession(store).add_question("Ask about timing with Alendronate: keep 2 hours apart.")
        assert done.changes.notes == {done.value.id}
        (note,) = store.notes()
        assert note.is_question
        assert note.question_state == "to_ask"
        assert note.title.startswith("Ask about timing with Alendronate")
