"""Issue 19: check-ins, medicines and visits from an import are checked for future dates, as notes are (issue
11): a record dated 9999 would otherwise win over every later edit made here, at every import."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mgreader.core.journal.model import Symptom
from mgreader.core.notes.store import Store
from mgreader.core.notes.transfer import MalformedExportError, export_json, import_json

from .conftest import med

TODAY = date(2026, 12, 1)
EXPORTED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
FAR_FUTURE = "9999-12-31T23:59:59.999999Z"


@pytest.fixture
def laptop(tmp_path: Path):
    with Store.open(tmp_path / "laptop.sqlite3") as store:
        yield store


@pytest.fixture
def desktop(tmp_path: Path):
    with Store.open(tmp_path / "desktop.sqlite3") as store:
        yield store


def dated_in_the_future(laptop: Store, path: Path) -> Path:
    """The laptop's journal exported, with every journal record's stamp moved to 9999 (a wrong clock)."""
    export_json(laptop, path, now=EXPORTED)
    document = json.loads(path.read_text(encoding="utf-8"))
    for key in ("checkins", "medicines", "visits"):
        for record in document[key]:
            record["updated"] = FAR_FUTURE
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def fill(laptop: Store) -> None:
    laptop.journal.save_checkin(TODAY, 3, [Symptom("Brain fog", 2)], False, "from the laptop", TODAY)
    laptop.journal.add_medicine(med(mg=200), TODAY)
    laptop.journal.add_visit(date(2026, 12, 3), "Dr. K", "Review")


def test_new_records_dated_in_the_future_come_in_dated_at_the_export(
    laptop: Store, desktop: Store, tmp_path: Path
):
    fill(laptop)
    report = import_json(desktop, dated_in_the_future(laptop, tmp_path / "all.json"))
    assert report.added == 3
    assert report.conflict_copies == report.kept_here == 0
    exported = "2026-12-01T09:00:00.000000Z"
    (checkin,) = desktop.journal.checkins()
    (medicine,) = desktop.journal.medicines()
    (visit,) = desktop.journal.visits()
    assert checkin.updated == medicine.updated == visit.updated == exported
    assert visit.day == date(2026, 12, 3)  # a visit still to come is not a wrong date: its day is kept


def test_a_future_date_never_overwrites_a_later_edit_here(laptop: Store, desktop: Store, tmp_path: Path):
    fill(laptop)
    path = dated_in_the_future(laptop, tmp_path / "all.json")
    import_json(desktop, path)
    (visit,) = desktop.journal.visits()
    (medicine,) = desktop.journal.medicines()
    # Edited here after the import; then the same file is imported again.
    desktop.journal.save_checkin(TODAY, 1, [], True, "crashed after the walk", TODAY)
    mine_medicine = desktop.journal.update_medicine(replace(medicine, times_per_day=2), TODAY)
    mine_visit = desktop.journal.update_visit(replace(visit, with_whom="Dr. Lee"))

    again = import_json(desktop, path)

    (day,) = desktop.journal.checkins()
    assert (day.energy, day.crashed) == (1, True), "this computer's ratings are kept"
    assert day.note == "crashed after the walk [also: from the laptop]", "and the imported line is not lost"
    assert desktop.journal.medicines() == [
        mine_medicine
    ]  # never a second copy: its magnesium would count twice
    visits = {v.id: v for v in desktop.journal.visits()}
    assert visits[mine_visit.id] == mine_visit
    (copy,) = [v for v in visits.values() if v.id != mine_visit.id]
    assert (copy.with_whom, copy.title, copy.day) == ("Dr. K", "Review (imported copy)", visit.day)
    assert again.conflict_copies == 1 and again.kept_here == 2
    said = again.describe()
    assert "1 record with a date in the future was added as a copy beside yours" in said
    assert "2 check-ins or medicines with a date in the future were kept as on this computer" in said
    assert all(v.updated < FAR_FUTURE for v in desktop.journal.visits())


def test_the_same_records_dated_in_the_future_merge_quietly(laptop: Store, desktop: Store, tmp_path: Path):
    fill(laptop)
    export_json(laptop, tmp_path / "plain.json", now=EXPORTED)
    import_json(desktop, tmp_path / "plain.json")
    report = import_json(desktop, dated_in_the_future(laptop, tmp_path / "all.json"))
    assert report.conflict_copies == report.kept_here == 0
    assert len(desktop.journal.visits()) == 1 and len(desktop.journal.medicines()) == 1


def test_a_journal_stamp_that_is_not_a_time_is_refused(laptop: Store, desktop: Store, tmp_path: Path):
    """Compared as text, "zzz" would be newer than every real stamp, and "" older: neither is let in."""
    fill(laptop)
    path = tmp_path / "all.json"
    export_json(laptop, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["checkins"][0]["updated"] = "zzz"
    document["medicines"][0]["created"] = ""
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(MalformedExportError) as error:
        import_json(desktop, path)
    assert "checkin 1: 'updated' must be a time" in str(error.value)
    assert "medicine 1: 'created' must be a time" in str(error.value)
    assert desktop.journal.checkins() == [] and desktop.journal.medicines() == []
