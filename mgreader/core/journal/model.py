"""The journal's records (a day's check-in, a medicine, a medicine change, a visit) and their validation.

Every value a reader types is checked here, before anything is written, so a bad one gets a plain message
naming its field (``JournalInputError.field``) and nothing is saved half-way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from mgreader.core.errors import MgReaderError

ENERGY_RANGE = (0, 10)
SYMPTOM_RANGE = (0, 3)
MAX_SYMPTOMS = 5
MAX_LINE = 500  # one line of text on a check-in
# Symptoms offered before the reader has chosen their own (they can rename, add and remove them).
DEFAULT_SYMPTOMS = ("Brain fog", "Pain", "Sleep", "Dizziness on standing")
# Units a dose may be written in. Anything else is refused with the list, never guessed.
UNITS = ("mg", "g", "mcg", "ml", "tablet", "capsule", "sachet", "scoop", "drop", "puff", "IU")
MEDICINE_FORMS = ("tablet", "capsule", "powder", "liquid", "chewable", "injection", "patch", "cream", "other")


class JournalInputError(MgReaderError, ValueError):
    """A value the reader typed cannot be saved; ``field`` names the field the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Symptom:
    name: str
    score: int  # 0 none, 1 mild, 2 moderate, 3 severe


@dataclass(frozen=True)
class CheckIn:
    """One day's check-in. A day has at most one; ``None`` means "not rated", never zero."""

    day: date
    energy: int | None
    symptoms: tuple[Symptom, ...]
    crashed: bool | None
    note: str
    created: str
    updated: str

    @property
    def id(self) -> str:
        """Check-ins are identified by their day (one a day), also in search and change records."""
        return self.day.isoformat()

    def is_empty(self) -> bool:
        return self.energy is None and not self.symptoms and self.crashed is None and not self.note.strip()

    def score_of(self, name: str) -> int | None:
        for symptom in self.symptoms:
            if symptom.name == name:
                return symptom.score
        return None


@dataclass(frozen=True)
class Medicine:
    """A medicine or supplement as the reader describes it (from its label).

    ``magnesium_mg`` is the elemental magnesium in one dose as printed on the label ("Magnesium (as
    citrate) 200 mg"); None when the product has none or the reader has not given it. ``kind`` is the key
    of a timing rule declared in the library (see ``timing``), or None.
    """

    id: str
    name: str
    form: str
    dose_amount: float
    dose_unit: str
    times_per_day: int
    every_days: int  # 1 daily, 2 every other day, 7 weekly
    when: str
    started: date | None
    stopped: date | None
    magnesium_mg: float | None
    kind: str | None
    created: str
    updated: str

    def active_on(self, day: date) -> bool:
        """Taken on ``day``'s schedule: started by then (or no start given) and not yet stopped (the stop
        day is the first day without it)."""
        if self.started is not None and day < self.started:
            return False
        return not (self.stopped is not None and day >= self.stopped)

    def dosed_on(self, day: date) -> bool:
        """Whether a dose falls on ``day``. With a schedule of every N days and no start date the days are
        not known, so every day counts: the total is then the most it can be, never less."""
        if not self.active_on(day):
            return False
        if self.every_days == 1 or self.started is None:
            return True
        return (day - self.started).days % self.every_days == 0

    def dose_text(self) -> str:
        return f"{format_amount(self.dose_amount)} {self.dose_unit}"

    def schedule_text(self) -> str:
        times = {1: "once", 2: "twice"}.get(self.times_per_day, f"{self.times_per_day} times")
        every = {1: "a day", 2: "every other day", 7: "a week"}.get(
            self.every_days, f"every {self.every_days} days"
        )
        text = f"{times} {every}"
        return f"{text}, {self.when}" if self.when else text


@dataclass(frozen=True)
class MedicineChange:
    """A start, a stop or a dose change, kept so the chart and the sheet can show when things changed."""

    id: str
    medicine_id: str
    day: date
    what: str  # "started", "stopped", "dose", "added"
    detail: str
    created: str


@dataclass(frozen=True)
class Visit:
    """An appointment the reader recorded: the next sheet can say what changed since it."""

    id: str
    day: date
    with_whom: str
    title: str
    created: str
    updated: str


def format_amount(value: float) -> str:
    """200.0 -> "200", 2.5 -> "2.5"."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def check_rating(field: str, value: object, bounds: tuple[int, int]) -> int | None:
    low, high = bounds
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise JournalInputError(field, f"Please give a whole number from {low} to {high}.")
    return value


def check_day(field: str, day: date, today: date) -> date:
    if day > today:
        raise JournalInputError(field, "That date is in the future. Please pick today or an earlier day.")
    if day.year < 1900:
        raise JournalInputError(field, "That date is too long ago. Please check the year.")
    return day


def check_symptoms(symptoms: tuple[Symptom, ...]) -> tuple[Symptom, ...]:
    if len(symptoms) > MAX_SYMPTOMS:
        raise JournalInputError("symptoms", f"A check-in holds at most {MAX_SYMPTOMS} symptoms.")
    seen: set[str] = set()
    clean: list[Symptom] = []
    for symptom in symptoms:
        name = " ".join(symptom.name.split())
        if not name:
            raise JournalInputError("symptoms", "Each symptom needs a name.")
        if len(name) > 60:
            raise JournalInputError("symptoms", "Please keep a symptom's name under 60 characters.")
        if name.casefold() in seen:
            raise JournalInputError("symptoms", f"“{name}” is listed twice.")
        seen.add(name.casefold())
        score = check_rating(f"symptom:{name}", symptom.score, SYMPTOM_RANGE)
        assert score is not None
        clean.append(Symptom(name, score))
    return tuple(clean)


def check_line(field: str, text: str, limit: int = MAX_LINE) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        raise JournalInputError(field, f"Please keep this under {limit} characters.")
    return text


def parse_amount(field: str, text: str | float, what: str = "amount") -> float:
    """A positive number the reader typed ("200", "2.5", "2,5"); a plain message otherwise."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        cleaned = str(text).strip().replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            raise JournalInputError(field, f"The {what} must be a number, such as 200 or 2.5.") from None
    if not math.isfinite(value) or value <= 0:
        raise JournalInputError(field, f"The {what} must be a number above zero.")
    if value > 100_000:
        raise JournalInputError(field, f"That {what} looks too large. Please check it.")
    return value


def check_unit(unit: str) -> str:
    for known in UNITS:
        if unit.strip().casefold() in (known.casefold(), known.casefold() + "s"):
            return known
    known = ", ".join(UNITS)
    raise JournalInputError("dose_unit", f"Unknown unit “{unit.strip()}”. Please use one of: {known}.")


def check_schedule(times_per_day: int, every_days: int) -> None:
    if isinstance(times_per_day, bool) or not isinstance(times_per_day, int) or not 1 <= times_per_day <= 12:
        raise JournalInputError("times_per_day", "How often a day must be a whole number from 1 to 12.")
    if isinstance(every_days, bool) or not isinstance(every_days, int) or not 1 <= every_days <= 90:
        raise JournalInputError("every_days", "Every how many days must be a whole number from 1 to 90.")


def check_dates(started: date | None, stopped: date | None, today: date) -> None:
    if started is not None:
        check_day("started", started, today)
    if stopped is not None:
        check_day("stopped", stopped, today)
    if started is not None and stopped is not None and stopped < started:
        raise JournalInputError("stopped", "The stop date is before the start date.")
