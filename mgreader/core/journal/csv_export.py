"""The journal as CSV for a spreadsheet: a header row, one row per day, one column per rating, ISO dates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from mgreader.core.journal.model import CheckIn
from mgreader.core.journal.weeks import ENERGY, rating_names


def to_csv(checkins: Iterable[CheckIn], chosen: Iterable[str] = ()) -> str:
    """Oldest day first. An unrated value is an empty cell, never 0; "crashed" is yes, no or empty."""
    days = sorted(checkins, key=lambda c: c.day)
    names = rating_names(days, chosen)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets expect
    writer.writerow(
        ["date", *(name.lower() if name == ENERGY else name for name in names), "crashed", "note"]
    )
    for day in days:
        ratings = [day.energy if name == ENERGY else day.score_of(name) for name in names]
        crashed = "" if day.crashed is None else ("yes" if day.crashed else "no")
        writer.writerow(
            [day.day.isoformat(), *("" if r is None else r for r in ratings), crashed, _cell(day.note)]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A note starting with = + - @ would run as a formula in a spreadsheet (CSV injection): quote it."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
