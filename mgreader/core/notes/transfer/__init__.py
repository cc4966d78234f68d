"""Export of all bookmarks and notes to a documented JSON file, and import of one by merging (issue 6).

The format is described in docs/export-format.md: ``{"format": "mgreader-export", "version": 1, ...}``.
Import merges by record id: a record new to this computer is added, one that is newer in the file (a later
``updated``) replaces this computer's copy, nothing is duplicated and nothing is deleted. A file that is
not an export, is from a newer format, or holds malformed records is refused as a whole, saying why.
"""

from __future__ import annotations

import errno
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mgreader.core.atomic import write_atomic
from mgreader.core.errors import MgReaderError
from mgreader.core.files import NotReadable, read_regular
from mgreader.core.journal import transfer as journal_transfer
from mgreader.core.notes.records import stamp
from mgreader.core.notes.store import Bookmark, MergeResult, Note, Store
from mgreader.core.notes.transfer import fields, skew
from mgreader.core.notes.transfer.fields import Progress as Progress
from mgreader.core.version import __version__
from mgreader.core.words import counted

FORMAT = "mgreader-export"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024 * 1024  # far above any real collection; refuses a huge file before reading it
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
class Written:
    """The ids of the records an import added or changed, by kind (check-ins by their day); ``articles``:
    the articles of those bookmarks, whose highlights may have changed."""

    bookmarks: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    notes: frozenset[str] = frozenset()
    checkins: frozenset[str] = frozenset()
    medicines: frozenset[str] = frozenset()
    visits: frozenset[str] = frozenset()

    def count(self) -> int:
        kinds = (self.bookmarks, self.notes, self.checkins, self.medicines, self.visits)
        return sum(len(ids) for ids in kinds)


@dataclass(frozen=True)
class ImportReport:
    """What an import did, counting all kinds of record together. ``skipped_older``: records whose copy
    on this computer was newer, and was kept. ``settings``: the settings in the file, for the caller.
    ``written``: which records were added or changed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    settings: Mapping[str, Any] = field(default_factory=dict)
    # Records dated after the export was made (a wrong clock, an edited file): this computer's text was
    # kept and the imported text added beside it as a new note marked "(imported copy)".
    conflict_copies: int = 0
    # Check-ins and medicines dated in the future that differ from this computer's: this computer's were
    # kept (a check-in with the imported line of text inside it).
    kept_here: int = 0
    written: Written = field(default_factory=Written)

    def describe(self) -> str:
        copies = kept = ""
        if n := self.conflict_copies:
            copies = (
                f" {counted(n, 'record')} with a date in the future {'was' if n == 1 else 'were'} added as "
                f"{'a copy' if n == 1 else 'copies'} beside yours (marked \u201cimported copy\u201d), "
                "because it is not certain which is newer."
            )
        if n := self.kept_here:
            kept = (
                f" {counted(n, 'check-in or medicine', 'check-ins or medicines')} with a date in the future "
                f"{'was' if n == 1 else 'were'} kept as on this computer (a check-in's imported note is "
                "added to it), because it is not certain which is newer."
            )
        return (
            f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped_older} kept as they were (newer on this computer).{copies}{kept}"
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
        "exported": stamp(now or datetime.now(UTC)),
        "app": f"Mg Reader {__version__}",
        "settings": dict(settings or {}),
        "bookmarks": [fields.bookmark_json(bookmark) for bookmark in store.all_bookmarks()],
        "notes": [fields.note_json(note) for note in store.notes()],
        "visits": [fields.visit_json(visit) for visit in store.journal.visits()],
        **journal_transfer.journal_json(store.journal),
    }
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    try:
        write_atomic(destination, data)
    except OSError as error:
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or str(error)
        raise TransferError(f"Your notes could not be exported to {destination}: {reason}.") from error


def import_json(
    store: Store, source: Path, progress: Progress | None = None, now: datetime | None = None
) -> ImportReport:
    """Merge the export at ``source`` into ``store`` in one transaction (all or nothing).

    ``progress(what, done, total)`` is told how far the import is (a 100,000-record file takes seconds).
    A record dated after the export itself was made (or after ``now``) cannot be trusted to be newer: its
    dates are brought back to that time, and if this computer's copy says something else, that copy is
    kept and the imported text is added beside it as a conflict copy (never silently dropped either way);
    journal records likewise (``journal.transfer.merge``).

    Raises NotAnExportError, NewerFormatError or MalformedExportError (nothing imported), or the store's
    StoreWriteError when the notes cannot be saved.
    """
    tell = progress or (lambda what, done, total: None)
    tell("Reading the file", 0, 0)
    document = _read(source)
    problems: list[str] = []
    bookmarks = fields.read_records(document, "bookmarks", fields.read_bookmark, problems, tell)
    notes = fields.read_records(document, "notes", fields.read_note, problems, tell)
    # Absent in files from before issue 19, and from before the journal:
    visits = fields.read_records(document, "visits", fields.read_visit, problems, tell)
    checkins, medicines = journal_transfer.read_journal(document, problems)
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
    merged: list[Bookmark | Note] = [*bookmarks, *notes, *copies]
    results = store.merge(bookmarks, notes + copies)
    counts: dict[MergeResult, int] = {"added": 0, "updated": 0, "unchanged": 0, "older": 0}
    for result in results:
        counts[result] += 1
    taken = [record for record, result in zip(merged, results, strict=True) if result in ("added", "updated")]
    journal = journal_transfer.merge(store.journal, checkins, medicines, visits, ceiling)
    written = Written(
        bookmarks=frozenset(r.id for r in taken if isinstance(r, Bookmark)),
        articles=frozenset(r.article_id for r in taken if isinstance(r, Bookmark)),
        notes=frozenset(r.id for r in taken if isinstance(r, Note)),
        checkins=frozenset(journal.written["checkins"]),
        medicines=frozenset(journal.written["medicines"]),
        visits=frozenset(journal.written["visits"]),
    )
    return ImportReport(
        added=counts["added"] - len(copies) + journal.added,
        updated=counts["updated"] + journal.updated,
        unchanged=counts["unchanged"] + journal.kept,
        skipped_older=counts["older"],
        settings=settings,
        conflict_copies=len(copies) + journal.copies,
        kept_here=journal.kept_here,
        written=written,
    )


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
