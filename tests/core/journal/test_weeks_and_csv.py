"""Week summaries and the CSV a reader opens in a spreadsheet."""

import csv
import io
from datetime import date, timedelta

from mgreader.core.journal.csv_export import to_csv
from mgreader.core.journal.model import CheckIn, Symptom
from mgreader.core.journal.weeks import ENERGY, summarise

MONDAY = date(2026, 11, 2)


def day(
    offset: int, energy: int | None, fog: int | None = None, crashed: bool | None = False, note: str = ""
):
    symptoms = () if fog is None else (Symptom("Brain fog", fog),)
    return CheckIn(MONDAY + timedelta(days=offset), energy, symptoms, crashed, note, "", "")


def test_a_week_gives_lowest_typical_highest_and_crash_days():
    entries = [day(0, 3, 2), day(1, 5, 1), day(2, 2, 3, crashed=True), day(4, 6, None)]
    (week,) = summarise(entries, MONDAY, MONDAY + timedelta(days=6))
    assert week.monday == MONDAY
    assert week.days_recorded == 4
    assert week.crash_days == 1
    energy = week.spread(ENERGY)
    assert (energy.lowest, energy.typical, energy.highest, energy.days) == (2, 3, 6, 4)
    fog = week.spread("Brain fog")
    assert (fog.lowest, fog.typical, fog.highest, fog.days) == (1, 2, 3, 3)


def test_weeks_without_entries_stay_visible_and_unrated_days_are_not_zero():
    entries = [day(0, None, 2), day(14, 4)]
    weeks = summarise(entries, MONDAY, MONDAY + timedelta(days=20))
    assert [w.days_recorded for w in weeks] == [1, 0, 1]
    assert weeks[0].spread(ENERGY) is None
    assert weeks[1].ratings == ()


def test_csv_has_a_header_one_row_per_day_and_iso_dates():
    text = to_csv(
        [day(1, 5, 1, note="dizzy after lunch"), day(0, 3, None, crashed=None)], ["Brain fog", "Pain"]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "energy", "Brain fog", "Pain", "crashed", "note"]
    assert rows[1] == ["2026-11-02", "3", "", "", "", ""]
    assert rows[2] == ["2026-11-03", "5", "1", "", "no", "dizzy after lunch"]


def test_csv_never_hands_a_spreadsheet_a_formula():
    rows = list(csv.reader(io.StringIO(to_csv([day(0, 3, note='=HYPERLINK("x")')]))))
    assert rows[1][-1].startswith("'=")
