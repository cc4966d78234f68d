"""The journal's tables in the notes file: check-ins (one a day), medicines with their changes, visits.

Shares the notes file's connection and transactions (``notes.db``), so a backup, a restore and the JSON
export carry the journal with the notes. Values are validated (``model``) before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from mgreader.core.journal import model
from mgreader.core.journal.model import CheckIn, JournalInputError, Medicine, MedicineChange, Symptom, Visit
from mgreader.core.notes import db as notes_db
from mgreader.core.sort_key import name_key

_MEDICINE_COLUMNS = (
    "id, name, form, dose_amount, dose_unit, times_per_day, every_days, timing, started, stopped, "
    "magnesium_mg, kind, created, updated"
)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _checkin(row: Any) -> CheckIn:
    symptoms = tuple(Symptom(str(name), int(score)) for name, score in json.loads(row[2]))
    crashed = None if row[3] is None else bool(row[3])
    return CheckIn(date.fromisoformat(row[0]), row[1], symptoms, crashed, row[4], row[5], row[6])


def _medicine(row: Any) -> Medicine:
    values = list(row)
    values[8], values[9] = _day(values[8]), _day(values[9])
    return Medicine(*values)


def _visit(row: Any) -> Visit:
    return Visit(row[0], date.fromisoformat(row[1]), row[2], row[3], row[4], row[5])


class JournalStore:
    """Check-ins, medicines and visits in the open notes file. Every change commits before it returns."""

    def __init__(self, db: sqlite3.Connection, path: Path, stamp: Callable[[], str]) -> None:
        self._db = db
        self._path = path
        self._stamp = stamp

    # Check-ins

    def save_checkin(
        self,
        day: date,
        energy: int | None,
        symptoms: Iterable[Symptom],
        crashed: bool | None,
        note: str,
        today: date,
    ) -> CheckIn:
        """Write the day's check-in, replacing the one the day had (a day never has two)."""
        model.check_day("day", day, today)
        energy = model.check_rating("energy", energy, model.ENERGY_RANGE)
        clean = model.check_symptoms(tuple(symptoms))
        note = model.check_line("note", note)
        now = self._stamp()
        with self._write() as db:
            row = db.execute("SELECT created FROM checkins WHERE day = ?", (day.isoformat(),)).fetchone()
            checkin = CheckIn(day, energy, clean, crashed, note, row[0] if row else now, now)
            self._put_checkin(db, checkin)
        return checkin

    def checkin(self, day: date) -> CheckIn | None:
        with self._read() as db:
            row = db.execute("SELECT * FROM checkins WHERE day = ?", (day.isoformat(),)).fetchone()
        return None if row is None else _checkin(row)

    def checkins(self, start: date | None = None, end: date | None = None) -> list[CheckIn]:
        """Oldest first. A record that cannot be read is left out, so one damaged row never hides the rest."""
        low = (start or date.min).isoformat()
        high = (end or date.max).isoformat()
        with self._read() as db:
            rows = db.execute("SELECT * FROM checkins WHERE day BETWEEN ? AND ? ORDER BY day", (low, high))
            return [c for row in rows if (c := _safe(_checkin, row)) is not None]

    def delete_checkin(self, day: date) -> CheckIn | None:
        old = self.checkin(day)
        with self._write() as db:
            db.execute("DELETE FROM checkins WHERE day = ?", (day.isoformat(),))
        return old

    def symptom_choices(self) -> list[str]:
        """The symptoms a check-in asks about, in the reader's order (the defaults until they choose)."""
        with self._read() as db:
            row = db.execute("SELECT value FROM journal_prefs WHERE key = 'symptoms'").fetchone()
        try:
            names = json.loads(row[0]) if row else list(model.DEFAULT_SYMPTOMS)
            return [str(n) for n in names][: model.MAX_SYMPTOMS]
        except (ValueError, TypeError):
            return list(model.DEFAULT_SYMPTOMS)

    def set_symptom_choices(self, names: Iterable[str]) -> list[str]:
        clean = [s.name for s in model.check_symptoms(tuple(Symptom(n, 0) for n in names))]
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO journal_prefs VALUES ('symptoms', ?)",
                (json.dumps(clean, ensure_ascii=False),),
            )
        return clean

    def pref(self, key: str) -> str | None:
        """A remembered value of the reader's (such as the sheet's "My illness in brief"), or None."""
        with self._read() as db:
            row = db.execute("SELECT value FROM journal_prefs WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_pref(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO journal_prefs VALUES (?, ?)", (key, value))

    # Medicines

    def add_medicine(self, medicine: Medicine, today: date) -> Medicine:
        """Add a medicine (its id, created and updated are filled in); its start is recorded as a change."""
        now = self._stamp()
        medicine = replace(_validated(medicine, today), id=str(uuid.uuid4()), created=now, updated=now)
        with self._write() as db:
            self._put_medicine(db, medicine)
            start = medicine.started or today
            what = "started" if medicine.started else "added"
            self._change(db, medicine.id, start, what, f"{medicine.name} {medicine.dose_text()}", now)
            if medicine.stopped:
                self._change(db, medicine.id, medicine.stopped, "stopped", medicine.name, now)
        return medicine

    def update_medicine(self, medicine: Medicine, today: date) -> Medicine:
        """Save an edited medicine; a new dose, start or stop is recorded as a change on the day it took
        effect (today for a dose change, the given date for a start or stop)."""
        old = self.medicine(medicine.id)
        now = self._stamp()
        medicine = replace(_validated(medicine, today), created=old.created, updated=now)
        with self._write() as db:
            self._put_medicine(db, medicine)
            if (old.dose_amount, old.dose_unit, old.times_per_day, old.every_days, old.magnesium_mg) != (
                medicine.dose_amount,
                medicine.dose_unit,
                medicine.times_per_day,
                medicine.every_days,
                medicine.magnesium_mg,
            ):
                detail = f"{medicine.name}: {old.dose_text()} {old.schedule_text()} -> " + (
                    f"{medicine.dose_text()} {medicine.schedule_text()}"
                )
                self._change(db, medicine.id, today, "dose", detail, now)
            if medicine.started and medicine.started != old.started:
                self._change(db, medicine.id, medicine.started, "started", medicine.name, now)
            if medicine.stopped and medicine.stopped != old.stopped:
                self._change(db, medicine.id, medicine.stopped, "stopped", medicine.name, now)
        return medicine

    def medicine(self, medicine_id: str) -> Medicine:
        with self._read() as db:
            row = db.execute(
                f"SELECT {_MEDICINE_COLUMNS} FROM medicines WHERE id = ?", (medicine_id,)
            ).fetchone()
        if row is None:
            raise LookupError(f"No medicine {medicine_id}")
        return _medicine(row)

    def medicines(self) -> list[Medicine]:
        """Current ones first, then stopped ones; by name (sort_key: SQLite's order put 'aspirin' after
        'Zinc' and 'B12' before 'B6')."""
        with self._read() as db:
            rows = db.execute(f"SELECT {_MEDICINE_COLUMNS} FROM medicines")
            found = [m for row in rows if (m := _safe(_medicine, row)) is not None]
        return sorted(found, key=lambda m: (m.stopped is not None, name_key(m.name)))

    def delete_medicine(self, medicine_id: str) -> Medicine:
        old = self.medicine(medicine_id)
        with self._write() as db:
            db.execute("DELETE FROM medicines WHERE id = ?", (medicine_id,))
            db.execute("DELETE FROM medicine_changes WHERE medicine_id = ?", (medicine_id,))
        return old

    def changes(self, start: date | None = None, end: date | None = None) -> list[MedicineChange]:
        low = (start or date.min).isoformat()
        high = (end or date.max).isoformat()
        with self._read() as db:
            rows = db.execute(
                "SELECT id, medicine_id, day, what, detail, created FROM medicine_changes "
                "WHERE day BETWEEN ? AND ? ORDER BY day, created",
                (low, high),
            )
            return [MedicineChange(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5]) for r in rows]

    # Visits

    def add_visit(self, day: date, with_whom: str, title: str) -> Visit:
        now = self._stamp()
        visit = Visit(
            str(uuid.uuid4()),
            day,
            model.check_line("with_whom", with_whom, 200),
            model.check_line("title", title, 200),
            now,
            now,
        )
        with self._write() as db:
            self._put_visit(db, visit)
        return visit

    def update_visit(self, visit: Visit) -> Visit:
        now = self._stamp()
        visit = replace(
            visit,
            with_whom=model.check_line("with_whom", visit.with_whom, 200),
            title=model.check_line("title", visit.title, 200),
            updated=now,
        )
        with self._write() as db:
            self._put_visit(db, visit)
        return visit

    def delete_visit(self, visit_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM visits WHERE id = ?", (visit_id,))

    def visits(self) -> list[Visit]:
        """Newest first."""
        with self._read() as db:
            rows = db.execute("SELECT * FROM visits ORDER BY day DESC, created DESC")
            return [v for row in rows if (v := _safe(_visit, row)) is not None]

    def last_visit(self, before: date | None = None) -> Visit | None:
        for visit in self.visits():
            if before is None or visit.day <= before:
                return visit
        return None

    # Merging an import: by record, the later edit wins, the other is never silently lost.

    def merge_checkin(self, incoming: CheckIn) -> str:
        """ "added", "updated" or "kept". When both sides edited the day, the later edit wins and the other's
        line of text is kept inside it, marked, so nothing typed disappears."""
        with self._write() as db:
            row = db.execute("SELECT * FROM checkins WHERE day = ?", (incoming.day.isoformat(),)).fetchone()
            if row is None:
                self._put_checkin(db, incoming)
                return "added"
            local = _checkin(row)
            if local == incoming:
                return "kept"
            newer, older = (incoming, local) if incoming.updated > local.updated else (local, incoming)
            merged = newer
            if older.note and older.note not in newer.note:
                merged = replace(
                    newer, note=model.check_line("note", f"{newer.note} [also: {older.note}]", 2000)
                )
            self._put_checkin(db, merged)
            return "updated" if merged != local else "kept"

    def merge_medicine(self, incoming: Medicine) -> str:
        """ "added", "updated" (the file's copy is newer) or "kept", by id: nothing is deleted."""
        with self._write() as db:
            row = db.execute("SELECT updated FROM medicines WHERE id = ?", (incoming.id,)).fetchone()
            if row is not None and incoming.updated <= row[0]:
                return "kept"
            self._put_medicine(db, incoming)
            return "added" if row is None else "updated"

    def merge_visit(self, incoming: Visit) -> str:
        """ "added", "updated" (the file's copy is newer) or "kept", by id: nothing is deleted."""
        with self._write() as db:
            row = db.execute("SELECT updated FROM visits WHERE id = ?", (incoming.id,)).fetchone()
            if row is not None and incoming.updated <= row[0]:
                return "kept"
            self._put_visit(db, incoming)
            return "added" if row is None else "updated"

    # Plumbing

    @staticmethod
    def _put_checkin(db: sqlite3.Connection, c: CheckIn) -> None:
        symptoms = json.dumps([[s.name, s.score] for s in c.symptoms], ensure_ascii=False)
        crashed = None if c.crashed is None else int(c.crashed)
        db.execute(
            "INSERT OR REPLACE INTO checkins VALUES (?, ?, ?, ?, ?, ?, ?)",
            (c.day.isoformat(), c.energy, symptoms, crashed, c.note, c.created, c.updated),
        )

    @staticmethod
    def _put_medicine(db: sqlite3.Connection, m: Medicine) -> None:
        db.execute(
            f"INSERT OR REPLACE INTO medicines ({_MEDICINE_COLUMNS}) VALUES ({', '.join('?' * 14)})",
            (
                m.id,
                m.name,
                m.form,
                m.dose_amount,
                m.dose_unit,
                m.times_per_day,
                m.every_days,
                m.when,
                m.started and m.started.isoformat(),
                m.stopped and m.stopped.isoformat(),
                m.magnesium_mg,
                m.kind,
                m.created,
                m.updated,
            ),
        )

    @staticmethod
    def _put_visit(db: sqlite3.Connection, v: Visit) -> None:
        db.execute(
            "INSERT OR REPLACE INTO visits VALUES (?, ?, ?, ?, ?, ?)",
            (v.id, v.day.isoformat(), v.with_whom, v.title, v.created, v.updated),
        )

    @staticmethod
    def _change(
        db: sqlite3.Connection, medicine_id: str, day: date, what: str, detail: str, now: str
    ) -> None:
        db.execute(
            "INSERT INTO medicine_changes VALUES (?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), medicine_id, day.isoformat(), what, detail, now),
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with notes_db.transaction(self._db, self._path) as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with notes_db.translated(self._path):
            yield self._db


def _safe(make: Callable[[Any], Any], row: Any) -> Any:
    """A row written by a damaged file or a foreign tool is skipped, never allowed to stop the app."""
    try:
        return make(row)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _validated(m: Medicine, today: date) -> Medicine:
    name = model.check_line("name", m.name, 120)
    if not name:
        raise JournalInputError("name", "Please give the medicine's name.")
    amount = model.parse_amount("dose_amount", m.dose_amount, "dose")
    unit = model.check_unit(m.dose_unit)
    model.check_schedule(m.times_per_day, m.every_days)
    model.check_dates(m.started, m.stopped, today)
    magnesium = m.magnesium_mg
    if magnesium is not None:
        magnesium = model.parse_amount("magnesium_mg", magnesium, "magnesium amount")
        if magnesium > 2000:
            raise JournalInputError("magnesium_mg", "That is more magnesium than any single dose holds.")
    form = m.form if m.form in model.MEDICINE_FORMS else "other"
    return replace(
        m,
        name=name,
        dose_amount=amount,
        dose_unit=unit,
        magnesium_mg=magnesium,
        form=form,
        when=model.check_line("when", m.when, 120),
        kind=m.kind or None,
    )
