"""The journal week by week: for each rating its lowest, typical (median) and highest value, and crash days.

A week runs Monday to Sunday (ISO). Days without a check-in are left out, never counted as zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median_low

from mgreader.core.journal.model import CheckIn

ENERGY = "Energy"


@dataclass(frozen=True)
class Spread:
    lowest: int
    typical: int  # the median (the lower middle value for an even count: a real day's value)
    highest: int
    days: int

    def text(self) -> str:
        if self.lowest == self.highest:
            return str(self.typical)
        return f"{self.lowest}-{self.highest} (typically {self.typical})"


@dataclass(frozen=True)
class Week:
    monday: date
    days_recorded: int
    crash_days: int
    ratings: tuple[tuple[str, Spread], ...]  # energy first, then symptoms in the reader's order

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def spread(self, name: str) -> Spread | None:
        return dict(self.ratings).get(name)


def _rating(checkin: CheckIn, name: str) -> int | None:
    return checkin.energy if name == ENERGY else checkin.score_of(name)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rating_names(checkins: Iterable[CheckIn], chosen: Iterable[str] = ()) -> list[str]:
    """Energy, then the reader's chosen symptoms, then any other symptom named in the entries."""
    names = [ENERGY, *chosen]
    for checkin in checkins:
        for symptom in checkin.symptoms:
            if symptom.name not in names:
                names.append(symptom.name)
    return names


def summarise(checkins: Iterable[CheckIn], start: date, end: date, chosen: Iterable[str] = ()) -> list[Week]:
    """One Week for every week from the one holding ``start`` to the one holding ``end``, oldest first;
    weeks with no check-in are included (``days_recorded == 0``) so gaps stay visible."""
    entries = [c for c in checkins if start <= c.day <= end]
    names = rating_names(entries, chosen)
    by_week: dict[date, list[CheckIn]] = {}
    for entry in entries:
        by_week.setdefault(monday_of(entry.day), []).append(entry)
    weeks: list[Week] = []
    monday = monday_of(start)
    while monday <= end:
        days = by_week.get(monday, [])
        ratings: list[tuple[str, Spread]] = []
        for name in names:
            values = [v for c in days if (v := _rating(c, name)) is not None]
            if values:
                ratings.append((name, Spread(min(values), median_low(values), max(values), len(values))))
        crashes = sum(1 for c in days if c.crashed)
        weeks.append(Week(monday, len(days), crashes, tuple(ratings)))
        monday += timedelta(weeks=1)
    return weeks
