"""Imported records dated in the future (a wrong clock on the other computer, an edited file): issue 11.

Import keeps the newer of two copies by their ``updated`` stamps, so a record dated 9999-12-31 would win over
every later edit made here, at every import. A stamp after the export's own time (or after now) cannot be
trusted: it is brought back to that time, and where this computer's copy says something else, both are kept
(this computer's as it is, the imported text as a new note marked "(imported copy)"). The journal's records
follow the same rule (``journal.transfer.merge``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from mgreader.core.notes.records import is_stamp, stamp
from mgreader.core.notes.store import Bookmark, Note, RecordNotFoundError, Store

_R = TypeVar("_R", Bookmark, Note)


def ceiling(exported: Any, now: datetime) -> str:
    """The latest stamp an imported record may have: when the file says it was exported, if that is a valid
    time not after ``now``; otherwise now."""
    latest = stamp(now)
    return exported if is_stamp(exported) and exported < latest else latest


def distrust_the_future(
    store: Store, bookmarks: list[Bookmark], notes: list[Note], ceiling: str
) -> tuple[list[Bookmark], list[Note], list[Note]]:
    """Records stamped after ``ceiling`` with their stamps brought back to it; those whose text differs from
    this computer's copy are not merged but become conflict copies (new notes), returned last."""
    copies: list[Note] = []

    def bookmark_copy(local: Bookmark, imported: Bookmark) -> Note | None:
        if not imported.note.strip():
            return None  # only the colour or the flag differs: this computer's are kept
        return Note(str(uuid.uuid4()), "Note on a bookmark (imported copy)", imported.note, local.article_id,
                    local.id, False, None, "", ceiling, ceiling)  # fmt: skip

    def note_copy(_local: Note, imported: Note) -> Note:
        return replace(imported, id=str(uuid.uuid4()), title=f"{imported.title} (imported copy)".strip())

    def same_note(a: Note, b: Note) -> bool:
        return (a.title, a.body, a.answer) == (b.title, b.body, b.answer)

    kept_bookmarks = _sift(
        bookmarks, ceiling, store.get_bookmark, lambda a, b: a.note == b.note, bookmark_copy, copies
    )
    kept_notes = _sift(notes, ceiling, store.get_note, same_note, note_copy, copies)
    return kept_bookmarks, kept_notes, copies


def _sift(
    records: list[_R],
    ceiling: str,
    get: Callable[[str], _R],
    same: Callable[[_R, _R], bool],
    copy_of: Callable[[_R, _R], Note | None],
    copies: list[Note],
) -> list[_R]:
    """The records to merge, dated no later than ``ceiling``; the conflict copies of the others go to
    ``copies``."""
    kept: list[_R] = []
    for record in records:
        if record.updated <= ceiling and record.created <= ceiling:
            kept.append(record)
            continue
        record = replace(record, created=min(record.created, ceiling), updated=ceiling)
        local = _local(get, record.id)
        if local is None or same(local, record):
            kept.append(record)
        elif (copy := copy_of(local, record)) is not None:
            copies.append(copy)
    return kept


def _local(get: Callable[[str], _R], record_id: str) -> _R | None:
    try:
        return get(record_id)
    except RecordNotFoundError:
        return None
