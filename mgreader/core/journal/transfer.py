"""The journal in the JSON export: check-ins and medicines written out, and read back with each value checked.

Merged by record on import, as the notes are: a day, a medicine or a visit edited on two computers keeps the
later edit, and a check-in keeps the other side's line of text inside it (``JournalStore.merge_checkin``).
Dates after the export's own time are not trusted (``merge``), as for notes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import astuple, dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any, TypeVar

from mgreader.core.journal import model
from mgreader.core.journal.model import CheckIn, JournalInputError, Medicine, Symptom, Visit
from mgreader.core.journal.store import JournalStore
from mgreader.core.notes.records import is_stamp

_R = TypeVar("_R")


def journal_json(journal: JournalStore) -> dict[str, list[dict[str, Any]]]:
    return {
        "checkins": [_checkin_json(c) for c in journal.checkins()],
        "medicines": [_medicine_json(m) for m in journal.medicines()],
    }


def read_journal(document: dict[str, Any], problems: list[str]) -> tuple[list[CheckIn], list[Medicine]]:
    """The valid check-ins and medicines of an export (none in files from before the journal); what is not
    valid is described in ``problems`` (and then nothing is imported)."""
    return _read(document, "checkins", _checkin, problems), _read(document, "medicines", _medicine, problems)


@dataclass
class Merged:
    """What merging the journal's records did. ``copies``: visits dated in the future that differ from this
    computer's, added beside them; ``kept_here``: check-ins and medicines dated in the future that differ
    from this computer's, which were kept (a check-in with the imported line of text inside it). ``written``:
    the ids of the records added or changed, by kind (check-ins by their day)."""

    added: int = 0
    updated: int = 0
    kept: int = 0
    copies: int = 0
    kept_here: int = 0
    written: dict[str, set[str]] = field(
        default_factory=lambda: {"checkins": set(), "medicines": set(), "visits": set()}
    )

    def count(self, kind: str, record_id: str, done: str, copy: bool = False) -> None:
        if done != "kept":
            self.written[kind].add(record_id)
        if copy:
            self.copies += 1
        else:
            setattr(self, done, getattr(self, done) + 1)


def merge(
    journal: JournalStore,
    checkins: list[CheckIn],
    medicines: list[Medicine],
    visits: list[Visit],
    ceiling: str,
) -> Merged:
    """Merge an import's journal records. A record dated after ``ceiling`` (the export's own time, or now)
    cannot be trusted to be newer, as with notes (``notes.transfer.skew``): its dates are brought back to
    ``ceiling``, and where this computer's copy says something else, this computer's is kept: a check-in
    keeps the imported line of text inside it, a visit comes in beside it as a copy marked "(imported copy)",
    and a medicine is left as it is here (a second copy would count its magnesium twice)."""
    merged = Merged()
    here_checkins = cache(lambda: {c.id: c for c in journal.checkins()})
    for checkin in checkins:
        checkin, differs = _dated(checkin, ceiling, here_checkins)
        if differs is not None:
            # Not newer for certain: this computer's ratings stay, and the imported line goes inside them.
            checkin = replace(checkin, updated=min(checkin.updated, differs.updated))
            merged.kept_here += 1
        merged.count("checkins", checkin.id, journal.merge_checkin(checkin))
    here_medicines = cache(lambda: {m.id: m for m in journal.medicines()})
    for medicine in medicines:
        medicine, mine = _dated(medicine, ceiling, here_medicines)
        if mine is not None:
            merged.kept_here += 1
            continue
        merged.count("medicines", medicine.id, journal.merge_medicine(medicine))
    here_visits = cache(lambda: {v.id: v for v in journal.visits()})
    for visit in visits:
        visit, known = _dated(visit, ceiling, here_visits)
        if known is not None:
            visit = replace(visit, id=str(uuid.uuid4()), title=_copy_title(visit.title))
        merged.count("visits", visit.id, journal.merge_visit(visit), copy=known is not None)
    return merged


_Dated = TypeVar("_Dated", CheckIn, Medicine, Visit)
_COPY = " (imported copy)"


def _dated(
    record: _Dated, ceiling: str, here: Callable[[], dict[str, _Dated]]
) -> tuple[_Dated, _Dated | None]:
    """The record with its dates no later than ``ceiling``, and this computer's copy when the record was
    dated after it and that copy says something else (None otherwise)."""
    if record.updated <= ceiling and record.created <= ceiling:
        return record, None
    record = replace(record, created=min(record.created, ceiling), updated=min(record.updated, ceiling))
    local = here().get(record.id)
    return record, local if local is not None and _content(local) != _content(record) else None


def _content(record: CheckIn | Medicine | Visit) -> tuple[Any, ...]:
    """What the reader wrote, without the stamps (each kind's last two fields): copies that say the same
    merge quietly."""
    return astuple(record)[:-2]


def _copy_title(title: str) -> str:
    return f"{title[: 200 - len(_COPY)]}{_COPY}".strip()


def _read(
    document: dict[str, Any], key: str, make: Callable[[dict[str, Any]], _R], problems: list[str]
) -> list[_R]:
    values = document.get(key, [])
    if not isinstance(values, list):
        problems.append(f"'{key}' must be a list")
        return []
    records: list[_R] = []
    for number, value in enumerate(values, start=1):
        try:
            if not isinstance(value, dict):
                raise ValueError("not an object")
            records.append(make(value))
        except (ValueError, TypeError, KeyError) as error:
            problems.append(f"{key.rstrip('s')} {number}: {error}")
    return records


def _checkin_json(c: CheckIn) -> dict[str, Any]:
    return {
        "day": c.day.isoformat(), "energy": c.energy, "symptoms": [[s.name, s.score] for s in c.symptoms],
        "crashed": c.crashed, "note": c.note, "created": c.created, "updated": c.updated,
    }  # fmt: skip


def _checkin(v: dict[str, Any]) -> CheckIn:
    day = date.fromisoformat(_text(v, "day"))
    energy = model.check_rating("energy", v.get("energy"), model.ENERGY_RANGE)
    raw = v.get("symptoms", [])
    if not isinstance(raw, list) or not all(isinstance(s, list) and len(s) == 2 for s in raw):
        raise ValueError("'symptoms' must be a list of [name, score] pairs")
    symptoms = model.check_symptoms(tuple(Symptom(str(name), score) for name, score in raw))
    crashed = v.get("crashed")
    if crashed is not None and not isinstance(crashed, bool):
        raise ValueError("'crashed' must be true, false or null")
    note = model.check_line("note", _text(v, "note", ""), 2000)
    return CheckIn(day, energy, symptoms, crashed, note, _stamp(v, "created"), _stamp(v, "updated"))


def _medicine_json(m: Medicine) -> dict[str, Any]:
    return {
        "id": m.id, "name": m.name, "form": m.form, "dose_amount": m.dose_amount, "dose_unit": m.dose_unit,
        "times_per_day": m.times_per_day, "every_days": m.every_days, "when": m.when,
        "started": m.started and m.started.isoformat(), "stopped": m.stopped and m.stopped.isoformat(),
        "magnesium_mg": m.magnesium_mg, "kind": m.kind, "created": m.created, "updated": m.updated,
    }  # fmt: skip


def _medicine(v: dict[str, Any]) -> Medicine:
    def day(key: str) -> date | None:
        value = v.get(key)
        return None if value is None else date.fromisoformat(_text(v, key))

    mg = v.get("magnesium_mg")
    medicine = Medicine(
        id=_text(v, "id"),
        name=model.check_line("name", _text(v, "name"), 120),
        form=_text(v, "form", "other"),
        dose_amount=model.parse_amount("dose_amount", v.get("dose_amount", ""), "dose"),
        dose_unit=model.check_unit(_text(v, "dose_unit")),
        times_per_day=v.get("times_per_day", 1),
        every_days=v.get("every_days", 1),
        when=model.check_line("when", _text(v, "when", ""), 120),
        started=day("started"),
        stopped=day("stopped"),
        magnesium_mg=None if mg is None else model.parse_amount("magnesium_mg", mg),
        kind=v.get("kind") if isinstance(v.get("kind"), str) else None,
        created=_stamp(v, "created"),
        updated=_stamp(v, "updated"),
    )
    model.check_schedule(medicine.times_per_day, medicine.every_days)
    if not medicine.name or not medicine.id:
        raise JournalInputError("name", "a medicine needs an id and a name")
    return medicine


def _stamp(v: dict[str, Any], key: str) -> str:
    """A time in the store's own format: any other text would compare with the others as text, and could
    win every merge (or lose every one)."""
    value = _text(v, key)
    if not is_stamp(value):
        raise ValueError(f"'{key}' must be a time like 2026-11-24T21:15:03.000000Z")
    return value


def _text(v: dict[str, Any], key: str, default: str | None = None) -> str:
    value = v.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be text")
    return value
