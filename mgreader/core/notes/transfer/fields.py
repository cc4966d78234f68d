"""The records of an export: each written out as the format describes it (docs/export-format.md), and read
back with every field checked, so that every problem of a record is reported at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from mgreader.core.journal.model import Visit
from mgreader.core.notes.records import COLORS, QUESTION_STATES, Bookmark, Note, is_stamp

_MAX_ID = 200
# Told how far reading has come: (what, done, total).
Progress = Callable[[str, int, int], None]


def bookmark_json(bookmark: Bookmark) -> dict[str, Any]:
    anchor = {
        "quote": bookmark.quote,
        "prefix": bookmark.prefix,
        "suffix": bookmark.suffix,
        "start": bookmark.start,
        "content_hash": bookmark.content_hash,
    }
    return {
        "id": bookmark.id,
        "article_id": bookmark.article_id,
        "anchor": anchor,
        "color": bookmark.color,
        "note": bookmark.note,
        "include_in_sheet": bookmark.include_in_sheet,
        "created": bookmark.created,
        "updated": bookmark.updated,
    }


def note_json(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "title": note.title,
        "body": note.body,
        "article_id": note.article_id,
        "bookmark_id": note.bookmark_id,
        "is_question": note.is_question,
        "question_state": note.question_state,
        "answer": note.answer,
        "created": note.created,
        "updated": note.updated,
        "starred": note.starred,
    }


def visit_json(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.id, "day": visit.day.isoformat(), "with_whom": visit.with_whom, "title": visit.title,
        "created": visit.created, "updated": visit.updated,
    }  # fmt: skip


_R = TypeVar("_R", Bookmark, Note, Visit)


def read_records(
    document: dict[str, Any],
    key: str,
    make: Callable[[Fields], _R],
    problems: list[str],
    tell: Progress = lambda what, done, total: None,
) -> list[_R]:
    """The valid records of one kind, the newest of each id; the problems of the others go to ``problems``."""
    values = document.get(key, [])
    if not isinstance(values, list):
        problems.append(f"'{key}' must be a list")
        return []
    kind = key.rstrip("s")
    by_id: dict[str, _R] = {}
    for number, value in enumerate(values, start=1):
        if number % 1000 == 0:
            tell(f"Checking the {key}", number, len(values))
        if not isinstance(value, dict):
            problems.append(f"{kind} {number}: not an object")
            continue
        fields = Fields(value)
        record = make(fields)
        if fields.problems:
            shown_id = value.get("id") if isinstance(value.get("id"), str) else None
            name = f"{kind} {number}" + (f" (id {shown_id[:40]})" if shown_id else "")
            problems.append(f"{name}: {'; '.join(fields.problems)}")
            continue
        old = by_id.get(record.id)
        if old is None or record.updated > old.updated:
            by_id[record.id] = record
    return list(by_id.values())


class Fields:
    """Reads the fields of one record, noting each problem instead of stopping at the first."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.problems: list[str] = []

    def text(self, key: str, *, nullable: bool = False, nonempty: bool = False) -> Any:
        value = self.values.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.problems.append(f"'{key}' must be text")
            return ""
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.problems.append(f"'{key}' is not valid text")
        if nonempty and not value:
            self.problems.append(f"'{key}' must not be empty")
        return value

    def ident(self, key: str, *, nullable: bool = False) -> Any:
        value = self.text(key, nullable=nullable, nonempty=True)
        if isinstance(value, str) and len(value) > _MAX_ID:
            self.problems.append(f"'{key}' is too long to be an id")
        return value

    def flag(self, key: str) -> bool:
        value = self.values.get(key)
        if not isinstance(value, bool):
            self.problems.append(f"'{key}' must be true or false")
            return False
        return value

    def count(self, key: str) -> int:
        value = self.values.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problems.append(f"'{key}' must be a whole number, 0 or more")
            return 0
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, nullable: bool = False) -> Any:
        value = self.values.get(key)
        if value is None and nullable:
            return None
        if value not in choices:
            self.problems.append(f"'{key}' must be one of {', '.join(choices)}")
            return choices[0]
        return value

    def stamp(self, key: str) -> str:
        value = self.values.get(key)
        if is_stamp(value):
            return str(value)
        self.problems.append(f"'{key}' must be a time like 2026-11-24T21:15:03.000000Z")
        return ""

    def nested(self, key: str) -> Fields:
        value = self.values.get(key)
        inner = Fields(value if isinstance(value, dict) else {})
        inner.problems = self.problems  # one list: problems inside read as the record's own
        if not isinstance(value, dict):
            self.problems.append(f"'{key}' must be an object")
        return inner


def read_bookmark(fields: Fields) -> Bookmark:
    anchor = fields.nested("anchor")
    return Bookmark(
        id=fields.ident("id"),
        article_id=fields.ident("article_id"),
        quote=anchor.text("quote", nonempty=True),
        prefix=anchor.text("prefix"),
        suffix=anchor.text("suffix"),
        start=anchor.count("start"),
        content_hash=anchor.text("content_hash"),
        color=fields.choice("color", COLORS),
        note=fields.text("note"),
        include_in_sheet=fields.flag("include_in_sheet"),
        created=fields.stamp("created"),
        updated=fields.stamp("updated"),
    )


def read_note(fields: Fields) -> Note:
    is_question = fields.flag("is_question")
    state = fields.choice("question_state", QUESTION_STATES, nullable=True)
    if is_question != (state is not None):
        fields.problems.append("'question_state' must be set exactly when 'is_question' is true")
    return Note(
        id=fields.ident("id"),
        title=fields.text("title"),
        body=fields.text("body"),
        article_id=fields.ident("article_id", nullable=True),
        bookmark_id=fields.ident("bookmark_id", nullable=True),
        is_question=is_question,
        question_state=state,
        answer=fields.text("answer"),
        created=fields.stamp("created"),
        updated=fields.stamp("updated"),
        starred=fields.flag("starred") if "starred" in fields.values else False,  # not in older files
    )


def read_visit(fields: Fields) -> Visit:
    day_text = fields.text("day")
    try:
        day = date.fromisoformat(day_text) if isinstance(day_text, str) else date.min
    except ValueError:
        fields.problems.append("'day' must be a date like 2026-03-03")
        day = date.min
    who, title = fields.text("with_whom"), fields.text("title")
    if len(who) > 200 or len(title) > 200:
        fields.problems.append("'with_whom' and 'title' must be at most 200 characters")
    return Visit(
        fields.ident("id"), day, who, title,
        fields.stamp("created"), fields.stamp("updated"),
    )  # fmt: skip
