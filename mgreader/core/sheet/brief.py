"""'My illness in brief' (issue 19): a short form the sheet remembers, shown first on page 1.

Clinicians ask what a good day and a bad day look like, what the reader could do before and cannot now, and
what they need from this visit. Kept in the notes file (``journal_prefs``), so it travels with the notes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mgreader.core.journal.store import JournalStore

PREF_KEY = "sheet_brief"
HEADING = "My illness in brief"
MAX_CHARS = 400
# (key, label on the sheet, hint in the form)
FIELDS = (
    ("good_day", "A good day", "e.g. up for 4 hours, a short walk, cook once"),
    ("bad_day", "A bad day", "e.g. in bed all day, cannot read or stand for long"),
    ("before_now", "Before and now", "e.g. worked full time; now 2 hours from home, with rests"),
    ("need", "What I need at this visit", "e.g. a plan for the crashes after appointments"),
    ("with_me", "Who comes with me", "e.g. my partner, who can tell you about my nights"),
)

Brief = dict[str, str]


def load(journal: JournalStore) -> Brief:
    try:
        values = json.loads(journal.pref(PREF_KEY) or "{}")
    except ValueError:
        return {}
    if not isinstance(values, dict):
        return {}
    return {key: str(values[key])[:MAX_CHARS] for key, _, _ in FIELDS if isinstance(values.get(key), str)}


def save(journal: JournalStore, brief: Brief) -> Brief:
    clean = {key: " ".join(str(brief.get(key, "")).split())[:MAX_CHARS] for key, _, _ in FIELDS}
    journal.set_pref(PREF_KEY, json.dumps({k: v for k, v in clean.items() if v}, ensure_ascii=False))
    return clean


def lines(brief: Brief) -> tuple[tuple[str, str], ...]:
    """(label, text) for each part filled in, in the form's order."""
    return tuple((label, brief[key]) for key, label, _ in FIELDS if brief.get(key))
