"""Imported records dated in the future (a wrong clock on the other computer, an edited file): issue 11.

Import keeps the newer of two copies by their ``updated`` stamps, so a record dated 9999-12-31 would win over
every later edit made here, at every import. A stamp after the export's own time (or after now) cannot be
trusted: it is brought back to that time, and where this computer's copy says something else, both are kept
(this computer's as it is, the imported text as a new note marked "(imported copy)").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from mgreader.core.notes.store import Bookmark, Note, RecordNotFoundError, Store

_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_R = TypeVar("_R", Bookmark, Note)


def ceiling(exported: Any, now: datetime) -> str:
    """The latest stamp an imported record may have: when the file says it was exported, if that is a valid
    time not after ``now``; otherwise now."""
    stamp = now.astimezone(UTC).strftime(_STAMP_FORMAT)
    if isinstance(exported, str) and _STAMP.fullmatch(exported) and exported < stamp:
        try:
            datetime.strptime(exported, _STAMP_FORMAT)
        except ValueError:
            return stamp
        return exported
    return stamp


def distrust_the_future(
    store: Store, bookmarks: list[Bookmark], notes: list[Note], ceiling: str
) -> tuple[list[Bookmark], list[Note], list[Note]]:
    """Records stamped after ``ceiling`` with their stamps brought back to it; those whose text differs from
    this computer's copy are not merged but become conflict copies (new notes), returned last."""
    copies: list[Note] = []
    kept_bookmarks: list[Bookmark] = []
    for bookmark in bookmarks:
        if bookmark.updated <= ceiling and bookmark.created <= ceiling:
            kept_bookmarks.append(bookmark)
            continue
        bookmark = replace(bookmark, created=min(bookmark.created, ceiling), updated=ceiling)
        local = _local(store.get_bookmark, bookmark.id)
        if local is None or local.note == bookmark.note:
            kept_bookmarks.append(bookmark)
        elif bookmark.note.strip():
            copies.append(
                Note(str(uuid.uuid4()), "Note on a bookmark (imported copy)", bookmark.note, local.article_id,
                     local.id, False, None, "", ceiling, ceiling)  # fmt: skip
            )
    kept_notes: list[Note] = []
    for note in notes:
        if note.updated <= ceiling and note.created <= ceiling:
            kept_notes.append(note)
            continue
        note = replace(note, created=min(note.created, ceiling), updated=ceiling)
        local = _local(store.get_note, note.id)
        same = local is not None and (local.title, local.body, local.answer) == (note.title, note.body, note.answer)
        if local is None or same:
            kept_notes.append(note)
        else:
            copies.append(
                replace(note, id=str(uuid.uuid4()), title=f"{note.title} (imported copy)".strip(),
                        created=ceiling)  # fmt: skip
            )
    return kept_bookmarks, kept_notes, copies


def _local(get: Callable[[str], _R], record_id: str) -> _R | None:
    try:
        return get(record_id)
    except RecordNotFoundError:
        return None
