"""The reader's records (bookmarks and notes) and the rules each stored one keeps: colours, questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from mgreader.core.errors import MgReaderError
from mgreader.core.notes.anchoring import Anchor

COLORS = ("yellow", "green", "blue", "pink")
QuestionState = Literal["to_ask", "asked", "answered"]
QUESTION_STATES: tuple[QuestionState, ...] = ("to_ask", "asked", "answered")
# How each state reads in the app: in lists, the sheet dialog and its question-state menu.
QUESTION_STATE_LABELS: dict[QuestionState, str] = {
    "to_ask": "To ask",
    "asked": "Asked",
    "answered": "Answered",
}
# Every record's created / updated stamp (journal records too): UTC to the microsecond, in a form in which
# stamps compare as text, the later the greater.
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def is_stamp(value: object) -> bool:
    """Whether ``value`` is a stamp in the store's own format and a real time (not 2026-02-30)."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return False
    try:
        datetime.strptime(value, STAMP_FORMAT)
    except ValueError:
        return False
    return True


# What ``Store.merge`` did with a record: "older" means the store's own copy was newer and was kept.
MergeResult = Literal["added", "updated", "unchanged", "older"]


class RecordNotFoundError(MgReaderError, LookupError):
    """The bookmark or note no longer exists (deleted in the meantime)."""


@dataclass(frozen=True)
class Bookmark:
    id: str
    article_id: str
    quote: str
    prefix: str
    suffix: str
    start: int
    content_hash: str
    color: str
    note: str
    include_in_sheet: bool
    created: str
    updated: str

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.quote, self.prefix, self.suffix, self.start, self.content_hash)


@dataclass(frozen=True)
class Note:
    """A note on a bookmark (``bookmark_id`` and its ``article_id``), on an article, or standalone."""

    id: str
    title: str
    body: str
    article_id: str | None
    bookmark_id: str | None
    is_question: bool
    question_state: QuestionState | None  # None exactly when the note is not a question
    answer: str
    created: str
    updated: str
    starred: bool = False  # one of the reader's top questions: first on the sheet


def question(
    is_question: bool, state: QuestionState | None, old: QuestionState | None
) -> tuple[bool, QuestionState | None]:
    """Whether a note is a question and in which state, from what was asked and what it was."""
    if state is not None and state not in QUESTION_STATES:
        raise ValueError(f"unknown question state {state!r}; expected one of {QUESTION_STATES}")
    if not is_question:
        if state is not None:
            raise ValueError("only a question has a question state")
        return False, None
    return True, state or old or "to_ask"


def check_color(color: str) -> None:
    if color not in COLORS:
        raise ValueError(f"unknown highlight colour {color!r}; expected one of {COLORS}")
