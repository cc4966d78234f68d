"""The journal's changes as the UI makes them: each returns its result and the record of what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from mgreader.core.journal import magnesium, timing
from mgreader.core.journal.model import CheckIn, Medicine, Symptom, Visit
from mgreader.core.journal.store import JournalStore
from mgreader.core.session.changes import Changes, Done


class JournalSession:
    """Check-ins, medicines and visits. ``today`` is passed in so that tests can fix the clock."""

    def __init__(
        self, journal: JournalStore, today: Callable[[], date], rules: Iterable[timing.TimingRule] = ()
    ) -> None:
        self.journal = journal
        self._today = today
        self.rules = tuple(rules)

    def today(self) -> date:
        return self._today()

    def check_in(
        self, day: date, energy: int | None, symptoms: Iterable[Symptom], crashed: bool | None, note: str
    ) -> Done[CheckIn]:
        checkin = self.journal.save_checkin(day, energy, symptoms, crashed, note, self._today())
        return Done(checkin, Changes(checkins=frozenset({checkin.id})))

    def add_medicine(self, medicine: Medicine) -> Done[Medicine]:
        saved = self.journal.add_medicine(medicine, self._today())
        return Done(saved, Changes(medicines=frozenset({saved.id})))

    def update_medicine(self, medicine: Medicine) -> Done[Medicine]:
        saved = self.journal.update_medicine(medicine, self._today())
        return Done(saved, Changes(medicines=frozenset({saved.id})))

    def delete_medicine(self, medicine_id: str) -> Done[Medicine]:
        old = self.journal.delete_medicine(medicine_id)
        return Done(old, Changes(medicines=frozenset({medicine_id})))

    def record_visit(self, day: date, with_whom: str, title: str) -> Done[Visit]:
        visit = self.journal.add_visit(day, with_whom, title)
        return Done(visit, Changes(visits=frozenset({visit.id})))

    def update_visit(self, visit: Visit) -> Done[Visit]:
        saved = self.journal.update_visit(visit)
        return Done(saved, Changes(visits=frozenset({saved.id})))

    def delete_visit(self, visit_id: str) -> Done[None]:
        self.journal.delete_visit(visit_id)
        return Done(None, Changes(visits=frozenset({visit_id})))

    # Reading (no changes)

    def magnesium_today(self) -> magnesium.DayTotal:
        """The highest day in the next two weeks: the number to hold against the daily limit."""
        return magnesium.highest_day(self.journal.medicines(), self._today())

    def timing_notes(self) -> list[timing.TimingNote]:
        return timing.notes_for(self.journal.medicines(), self.rules)
