"""How much magnesium the reader's supplements and medicines add up to in a day, against the upper limit.

Only amounts the reader took from a label count; a product that seems to contain magnesium but has no
amount is named as unknown, never guessed. Food is not counted: the limit is for supplements and medicines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from mgreader.core.journal.model import Medicine, format_amount

# US Tolerable Upper Intake Level for magnesium from supplements and medicines, ages 9 and over (Institute
# of Medicine 1997; NIH Office of Dietary Supplements). Food is not counted.
UPPER_LIMIT_MG = 350
# The article that explains the limit, opened from the medicines list.
LIMIT_ARTICLE = "04-using-magnesium-safely/02-safe-amounts-side-effects-and-medicines"
_MAGNESIUM_WORDS = ("magnes", "mg citrate", "mg glycinate", "mg oxide", "milk of magnesia", "epsom")


@dataclass(frozen=True)
class DayTotal:
    day: date
    total_mg: float
    # (medicine name, mg that day) for each product that counted.
    parts: tuple[tuple[str, float], ...]
    # Products taken that day that look like they contain magnesium but have no amount given.
    unknown: tuple[str, ...]

    @property
    def over_limit(self) -> bool:
        return self.total_mg > UPPER_LIMIT_MG

    def summary(self) -> str:
        """A calm sentence: the total, and how it compares with the limit."""
        amount = format_amount(self.total_mg)
        if not self.parts and not self.unknown:
            return "None of your supplements or medicines lists magnesium."
        text = f"Magnesium from supplements and medicines: {amount} mg a day"
        if self.unknown:
            names = ", ".join(self.unknown)
            text = f"{text}, plus an amount not given for {names} (check the label)"
        if self.over_limit:
            return (
                f"{text}. This is above the {UPPER_LIMIT_MG} mg a day upper limit for adults from "
                "supplements and medicines (food not counted). It may be what your clinician intended; "
                "it is worth asking them."
            )
        limit = f"The upper limit for adults from supplements and medicines is {UPPER_LIMIT_MG} mg a day."
        return f"{text}. {limit}"


def may_contain_magnesium(medicine: Medicine) -> bool:
    name = medicine.name.casefold()
    return medicine.magnesium_mg is not None or any(word in name for word in _MAGNESIUM_WORDS)


def day_total(medicines: Iterable[Medicine], day: date) -> DayTotal:
    parts: list[tuple[str, float]] = []
    unknown: list[str] = []
    for medicine in medicines:
        if not medicine.dosed_on(day):
            continue
        if medicine.magnesium_mg is not None:
            parts.append((medicine.name, medicine.magnesium_mg * medicine.times_per_day))
        elif may_contain_magnesium(medicine):
            unknown.append(medicine.name)
    return DayTotal(day, sum(mg for _, mg in parts), tuple(parts), tuple(unknown))


def highest_day(medicines: Iterable[Medicine], start: date, days: int = 14) -> DayTotal:
    """The day with the most magnesium among the ``days`` from ``start``: with every-other-day or weekly
    products the total differs from day to day, and the limit is about the highest."""
    chosen = list(medicines)
    totals = [day_total(chosen, start + timedelta(days=n)) for n in range(days)]
    return max(totals, key=lambda t: (t.total_mg, len(t.unknown), -t.day.toordinal()))
