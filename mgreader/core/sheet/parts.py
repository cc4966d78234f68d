"""The values of the sheet's journal parts (issue 19): made by ``since``, rendered by ``journal_formats``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mgreader.core.dates import date_words
from mgreader.core.journal import weeks
from mgreader.core.journal.model import CheckIn, MedicineChange, Visit

NO_VISIT = (
    "No visit is recorded yet, so the sheet cannot say what changed since the last one. Record a visit "
    "(File > Record a visit), or choose a day under \u201cOnly what changed since\u201d."
)


@dataclass(frozen=True)
class Item:
    text: str
    detail: str = ""  # an answer, a source, a dose


@dataclass(frozen=True)
class SinceVisit:
    visit: Visit
    notes: tuple[Item, ...]  # new or edited notes, "new" or "edited" in the detail
    answered: tuple[Item, ...]  # question, answer
    bookmarks: tuple[Item, ...]  # quote, article
    not_found: tuple[Item, ...]  # quote, article
    changes: tuple[Item, ...]  # "2 March 2026: Magnesium glycinate", "dose 200 mg -> 300 mg"
    weeks: tuple[weeks.Week, ...]
    chart_png: bytes = b""  # the journal's chart for the period, b"" when nothing was recorded
    start: date = date.min  # the first day the part covers
    days: tuple[CheckIn, ...] = ()  # the check-ins it covers (for the chart)
    moves: tuple[MedicineChange, ...] = ()  # ... and the medicine changes

    @property
    def heading(self) -> str:
        return f"Since my last visit ({date_words(self.visit.day)})"

    @property
    def visit_line(self) -> str:
        parts = [
            p for p in (self.visit.title, f"with {self.visit.with_whom}" if self.visit.with_whom else "") if p
        ]
        return "Last visit: " + (", ".join(parts) if parts else date_words(self.visit.day))

    @property
    def is_empty(self) -> bool:
        recorded = any(w.days_recorded for w in self.weeks)
        return not (
            self.notes or self.answered or self.bookmarks or self.not_found or self.changes or recorded
        )


@dataclass(frozen=True)
class MedicineLine:
    name: str
    dose: str  # "200 mg"
    when: str  # "twice a day, with food"
    magnesium: str  # "Magnesium 200 mg a dose" or ""


@dataclass(frozen=True)
class Medicines:
    lines: tuple[MedicineLine, ...]
    total: str  # DayTotal.summary()
    timing: tuple[Item, ...]  # advice, "medicine name: source"
