"""Export of all bookmarks and notes to a documented JSON file, and import of one by merging (issue 6).

The format is described in docs/export-format.md: ``{"format": "mgreader-export", "version": 1, ...}``.
Import merges by record id: a record new to this computer is added, one that is newer in the file (a later
``updated``) replaces this computer's copy, nothing is duplicated and nothing is deleted. A file that is
not an export, is from a newer format, or holds malformed records is refused as a whole, saying why.
"""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from mgreader.core.atomic import write_atomic
from mgreader.core.errors import MgReaderError
from mgreader.core.files import NotReadable, read_regular
from mgreader.core.journal import transfer as journal_transfer
from mgreader.core.journal.model import Visit
from mgreader.core.notes import skew
from mgreader.core.notes.store import COLORS, QUESTION_STATES, Bookmark, MergeResult, Note, Store
from mgreader.core.version import __version__

FORMAT = "mgreader-export"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024 * 1024  # far above any real collection; refuses a huge file before reading it
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")  # the store's own format (compared as text)
_MAX_ID = 200
_SHOWN_PROBLEMS = 10


class TransferError(MgReaderError):
    """An export could not be written, or a file could not be imported. Nothing was changed."""


class NotAnExportError(TransferError):
    """The file is not a Mg Reader export (not JSON, not UTF-8, another program's file)."""


class NewerFormatError(TransferError):
    """The file was exported by a newer version of Mg Reader, in a format this version does not know."""


class MalformedExportError(TransferError):
    """Some records in the file are not valid; ``problems`` says which and why."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class ImportReport:
    """What an import did, counting bookmarks and notes together. ``skipped_older``: records whose copy
    on this computer was newer, and was kept. ``settings``: the settings in the file, for the caller."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Records dated after the export was made (a wrong clock, an edited file): this computer's text was
    # kept and the imported text added beside it as a new note marked "(imported copy)".
    conflict_copies: int = 0

    def describe(self) -> str:
        copies = (
            f" {self.conflict_copies} imported with a date in the future were added as copies beside "
            "yours (marked \u201cimported copy\u201d), because it is not certain which is newer."
            if self.conflict_copies else ""
        )  # fmt: skip
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped_older} kept as they were (newer on this computer).{copies}"
        )


def export_json(
    store: Store,
    destination: Path,
    *,
    settings: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Write every bookmark and note (and ``settings``, plain JSON values) to ``destination``, atomically
    and readable by the user only. Raises TransferError when the file cannot be written."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported": (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "app": f"Mg Reader {__version__}",
        "settings": dict(settings or {}),
        "bookmarks": [_bookmark_json(bookmark) for bookmark in store.all_bookmarks()],
        "notes": [_note_json(note) for note in store.notes()],
        "visits": [_visit_json(visit) for visit in store.journal.visits()],
        **journal_transfer.journal_json(store.journal),
    }
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    try:
        write_atomic(destination, data)
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or str(error)
        raise TransferError(f"Your notes could not be exported to {destination}: {reason}.") from error


Progress = Callable[[str, int, int], None]


def import_json(
    store: Store, source: Path, progress: Progress | None = None, now: datetime | None = None
) -> ImportReport:
    """Merge the export at ``source`` into ``store`` in one transaction (all or nothing).

    ``progress(what, done, total)`` is told how far the import is (a 100,000-record file takes seconds).
    A record dated after the export itself was made (or after ``now``) cannot be trusted to be newer: its
    dates are brought back to that time, and if this computer's copy says something else, that copy is
    kept and the imported text is added beside it as a conflict copy (never silently dropped either way).

    Raises NotAnExportError, NewerFormatError or MalformedExportError (nothing imported), or the store's
    StoreWriteError when the notes cannot be saved.
    """
    tell = progress or (lambda what, done, total: None)
    tell("Reading the file", 0, 0)
    document = _read(source)
    problems: list[str] = []
    bookmarks = _records(document, "bookmarks", _bookmark, problems, tell)
    notes = _records(document, "notes", _note, problems, tell)
    visits = _records(document, "visits", _visit, problems, tell)  # absent in files from before issue 19
    checkins, medicines = journal_transfer.read_journal(document, problems)  # likewise
    tell(f"Saving {len(bookmarks) + len(notes) + len(visits):,} records", 0, 0)
    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        problems.append("'settings' must be an object")
        settings = {}
    if problems:
        shown = problems[:_SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        raise MalformedExportError(
            f"{source} could not be imported because some of its records are not valid; nothing was "
            f"imported.\n"
            + "\n".join(f"- {problem}" for problem in shown)
            + (f"\n(and {more} more)" if more else ""),
            problems,
        )
    ceiling = skew.ceiling(document.get("exported"), now or datetime.now(UTC))
    bookmarks, notes, copies = skew.distrust_the_future(store, bookmarks, notes, ceiling)
    results = store.merge(bookmarks, notes + copies)
    counts: dict[MergeResult, int] = {"added": 0, "updated": 0, "unchanged": 0, "older": 0}
    for result in results:
        counts[result] += 1
    for visit in visits:
        done = store.journal.merge_visit(visit)
        counts["unchanged" if done == "kept" else done] += 1  # type: ignore[index]
    for done, count in journal_transfer.merge(store.journal, checkins, medicines).items():
        counts["unchanged" if done == "kept" else done] += count  # type: ignore[index]
    return ImportReport(
        counts["added"] - len(copies), counts["updated"], counts["unchanged"], counts["older"], settings,
        len(copies),
    )  # fmt: skip


# The file


def _bookmark_json(bookmark: Bookmark) -> dict[str, Any]:
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


def _note_json(note: Note) -> dict[str, Any]:
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


def _read(source: Path) -> dict[str, Any]:
    def not_an_export(why: str) -> NotAnExportError:
        return NotAnExportError(f"{source} is not a Mg Reader export ({why}); nothing was imported.")

    try:
        # A regular file only: a FIFO would wait for ever and /dev/zero would never end (issue 11).
        data = read_regular(source, MAX_BYTES, whole=True)
    except NotReadable as error:
        raise not_an_export(error.strerror or str(error)) from error
    except OSError as error:
        raise TransferError(f"{source} could not be read: {error.strerror or error}.") from error
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constants)
    except UnicodeDecodeError as error:
        raise not_an_export("it is not text in UTF-8") from error
    except (ValueError, RecursionError) as error:
        raise not_an_export("it is not valid JSON") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise not_an_export("it does not say it is one")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise not_an_export("its format version is missing or not a number")
    if version > FORMAT_VERSION:
        raise NewerFormatError(
            f"{source} was exported by a newer version of Mg Reader (format version {version}; this version "
            f"reads version {FORMAT_VERSION}). Please update Mg Reader to import it; nothing was imported."
        )
    return document


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


# Records: each is checked whole, so that every problem of a record is reported at once.

_R = TypeVar("_R", Bookmark, Note, Visit)


def _records(
    document: dict[str, Any],
    key: str,
    make: Callable[[_Fields], _R],
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
        fields = _Fields(value)
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


class _Fields:
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
        if isinstance(value, str) and _STAMP.fullmatch(value):
            try:
                datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
                return value
            except ValueError:
                pass
        self.problems.append(f"'{key}' must be a time like 2026-11-24T21:15:03.000000Z")
        return ""

    def nested(self, key: str) -> _Fields:
        value = self.values.get(key)
        inner = _Fields(value if isinstance(value, dict) else {})
        inner.problems = self.problems  # one list: problems inside read as the record's own
        if not isinstance(value, dict):
            self.problems.append(f"'{key}' must be an object")
        return inner


def _bookmark(fields: _Fields) -> Bookmark:
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


def _note(fields: _Fields) -> Note:
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


def _visit_json(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.id, "day": visit.day.isoformat(), "with_whom": visit.with_whom, "title": visit.title,
        "created": visit.created, "updated": visit.updated,
    }  # fmt: skip


def _visit(fields: _Fields) -> Visit:
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
