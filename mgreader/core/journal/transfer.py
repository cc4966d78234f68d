"""The journal in the JSON export: check-ins and medicines written out, and read back with each value checked.

Merged by record on import, as the notes are: a day or a medicine edited on two computers keeps the later
edit, and a check-in keeps the other side's line of text inside it (``JournalStore.merge_checkin``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from mgreader.core.journal import model
from mgreader.core.journal.model import CheckIn, JournalInputError, Medicine, Symptom
from mgreader.core.journal.store import JournalStore

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


def merge(journal: JournalStore, checkins: list[CheckIn], medicines: list[Medicine]) -> dict[str, int]:
    counts = {"added": 0, "updated": 0, "kept": 0}
    for checkin in checkins:
        counts[journal.merge_checkin(checkin)] += 1
    for medicine in medicines:
        counts[journal.merge_medicine(medicine)] += 1
    return counts


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
    return CheckIn(day, energy, symptoms, crashed, note, _text(v, "created"), _text(v, "updated"))


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
        created=_text(v, "created"),
        updated=_text(v, "updated"),
    )
    model.check_schedule(medicine.times_per_day, medicine.every_days)
    if not medicine.name or not medicine.id:
        raise JournalInputError("name", "a medicine needs an id and a name")
    return medicine


def _text(v: dict[str, Any], key: str, default: str | None = None) -> str:
    value = v.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be text")
    return value
