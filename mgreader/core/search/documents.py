"""What the search index stores for each thing it finds: one document per article, bookmark and note.

The one mapping from the reader's records to search documents lives here (``bookmark_doc``, ``note_doc``),
with the digests that tell a changed record or file from an unchanged one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from pathlib import Path

from mgreader.core.files import read_regular
from mgreader.core.journal.model import CheckIn
from mgreader.core.notes.records import Bookmark, Note
from mgreader.core.render.page import human_date
from mgreader.core.search.query import PIECE_CHARS, BookmarkText, CheckinText, DocKind, NoteText


@dataclass(frozen=True)
class SyncReport:
    """What a sync changed, by document id. ``failed``: files that could not be read (not indexed)."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0
    failed: tuple[str, ...] = ()
    cancelled: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class Stamp:
    path: str
    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True)
class Doc:
    kind: DocKind
    id: str
    article_id: str | None
    title: str
    topic: str
    columns: tuple[str, str, str, str]
    digest: str


def bookmark_doc(b: BookmarkText) -> Doc:
    return Doc(DocKind.BOOKMARK, b.id, b.article_id, "", "", ("", "", b.note, b.quote), digest(b))


def note_doc(n: NoteText) -> Doc:
    return Doc(DocKind.NOTE, n.id, n.article_id, n.title, "", (n.title, "", "", n.body), digest(n))


def checkin_doc(c: CheckinText) -> Doc:
    return Doc(DocKind.CHECKIN, c.id, None, c.title, "", (c.title, "", "", c.body), digest(c))


def checkin_text(c: CheckIn) -> CheckinText:
    """What search finds of a day: "dizzy" finds the day the reader wrote it, "crashed" the crash days."""
    parts = [c.note] if c.note else []
    parts += [f"{s.name} {s.score}" for s in c.symptoms]
    if c.energy is not None:
        parts.append(f"energy {c.energy}")
    if c.crashed:
        parts.append("crashed")
    return CheckinText(c.id, f"Check-in, {human_date(c.id)}", "\n".join(parts))


def digest(record: BookmarkText | NoteText | CheckinText) -> str:
    """Field by field, long text a piece at a time (issue 11): ``repr`` of a note of megabytes was one call of
    60 ms in the indexer's thread, holding the interpreter lock, so the window stood still meanwhile."""
    hashed = hashlib.sha256(type(record).__name__.encode())
    for field in fields(record):
        value = getattr(record, field.name)
        text = value if isinstance(value, str) else repr(value)
        hashed.update(b"\0s\0" if isinstance(value, str) else b"\0r\0")
        hashed.update(str(len(text)).encode())
        for start in range(0, len(text), PIECE_CHARS):
            hashed.update(text[start : start + PIECE_CHARS].encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


def path_text(path: Path) -> str:
    """The path as valid text for SQLite: bytes of a name that are not UTF-8 become \\xNN (issue 11)."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_digest(path: Path, limit: int = 1 << 24) -> str:
    """The digest of a regular file's first ``limit`` bytes: a FIFO would hold the indexer's thread (and
    the app's quit, which waits for it) for ever, a huge file would be read whole (issue 11)."""
    return hashlib.sha256(read_regular(path, limit)).hexdigest()


def bookmark_text(b: Bookmark) -> BookmarkText:
    """What search knows of a bookmark: its quote and its note."""
    return BookmarkText(b.id, b.article_id, b.quote, b.note)


def note_text(n: Note) -> NoteText | None:
    """What search knows of a note; None for a note on a bookmark, which is found with its bookmark."""
    return NoteText(n.id, n.title, n.body, n.article_id) if n.bookmark_id is None else None
