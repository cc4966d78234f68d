"""The library search index (issue 5): articles, bookmarks and notes in SQLite FTS5, ranked by bm25.

The index is a cache in a file the caller chooses (the app: ``<cache dir>/search.sqlite3``). It holds nothing
that is not elsewhere, so a file that is damaged or of another schema version is deleted and built again.

Articles are indexed from their rendered text (see search_query.article_text). ``sync_articles`` keeps them
up to date cheaply: a file whose size and modification time are unchanged costs one ``stat``; one whose
stamp changed is hashed; only new or changed content goes to ``text_of`` (which renders it). Bookmarks and
notes are indexed as they change, and can be reconciled in bulk with ``sync_bookmarks`` / ``sync_notes``.

Threads: each ``SearchIndex`` has one connection, usable only by the thread that opened it (sqlite3 checks).
Index in the background with a second instance opened in that thread. The file is in WAL mode, so searches
keep working while the other instance writes, and writes are committed in small batches so that neither
waits long for the other.

How a query is read (prefixes, phrases, hostile input) and what a hit holds: search_query.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from mgreader.core.errors import MgReaderError
from mgreader.core.library.scan import ArticleRef
from mgreader.core.render.markdown import RENDER_VERSION
from mgreader.core.search.documents import (
    Doc,
    Stamp,
    SyncReport,
    bookmark_doc,
    checkin_doc,
    file_digest,
    note_doc,
    path_text,
)  # fmt: skip
from mgreader.core.search.query import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    ArticleText,
    BookmarkText,
    CheckinText,
    DocKind,
    Hit,
    NoteText,
    article_text,
    fts_query,
    make_hit,
    plain_text,
    strip_controls,
    topics_by_article,
)
from mgreader.core.sort_key import name_key

__all__ = [
    "MARK_END", "MARK_START", "ArticleText", "BookmarkText", "DocKind", "Hit", "NoteText", "SearchIndex",
    "SearchIndexError", "SyncReport", "article_text", "plain_text", "topics_by_article",
]  # fmt: skip

SCHEMA_VERSION = 1
# Bump when plain_text or article_text change what is indexed: every article is then indexed again.
PLAIN_TEXT_VERSION = 1
TEXT_VERSION = f"{RENDER_VERSION}.{PLAIN_TEXT_VERSION}"

# bm25 weights of the columns title, topic, headings, body: titles count most, then headings, then body.
WEIGHTS = (10.0, 2.0, 4.0, 1.0)
SNIPPET_TOKENS = 16
MAX_LIMIT = 500
# A file modified this recently may change again within the same mtime tick (2 s on FAT), keeping its size:
# its stamp is not trusted, so the next sync hashes it once more.
RACY_SECONDS = 2.0
# Background writes are committed in batches this small, so that a note's autosave never waits long.
FLUSH_DOCS = 50
FLUSH_SECONDS = 0.25
BUSY_TIMEOUT_SECONDS = 10.0

_SCHEMA = (
    # docs.id is the rowid of the document's row in fts; digest tells whether a bookmark or note changed.
    "CREATE TABLE docs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, doc_id TEXT NOT NULL, article_id TEXT,"
    " title TEXT NOT NULL, topic TEXT NOT NULL, digest TEXT NOT NULL, UNIQUE (kind, doc_id))",
    # The stamp and content hash of each article file, as last indexed.
    "CREATE TABLE files (article_id TEXT PRIMARY KEY NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL, digest TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE fts USING fts5 (title, topic, headings, body,"
    " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    f"INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25({', '.join(map(str, WEIGHTS))})')",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)


class SearchIndexError(MgReaderError):
    """The search index cannot be used: no file can be made where it should be, or it broke while open."""


class SearchIndex:
    def __init__(self, path: Path, text_version: str = TEXT_VERSION) -> None:
        """Open the index at ``path``; create it, or build it afresh when it is damaged, of another schema
        version or not an index. Raises SearchIndexError only when no index can be made there."""
        self.path = path
        self._text_version = text_version
        self._db = self._open()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def reset(self) -> None:
        """Throw everything away and start empty (after a SearchIndexError); then sync again."""
        self._db.close()
        _discard(self.path)
        self._db = self._open()

    # Queries

    def search(self, text: str, limit: int = 50) -> list[Hit]:
        """The best ``limit`` documents for what the reader typed, best first. Never raises for what was
        typed (see search_query); an empty or punctuation-only query finds nothing."""
        query = fts_query(text)
        if query is None or limit <= 0:
            return []
        marks = (MARK_START, MARK_END, ELLIPSIS, SNIPPET_TOKENS)
        with self._translated():
            # Only the rows within LIMIT get snippets: FTS5 sorts by rank before the columns are computed.
            rows = self._db.execute(
                "SELECT rowid, rank, snippet(fts, 0, ?, ?, ?, ?), snippet(fts, 2, ?, ?, ?, ?),"
                " snippet(fts, 3, ?, ?, ?, ?) FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
                (*marks, *marks, *marks, query, min(limit, MAX_LIMIT)),
            ).fetchall()
            docs = self._describe([row[0] for row in rows])
        hits = [make_hit(*docs[rowid], -float(rank), tuple(snippets)) for rowid, rank, *snippets in rows]
        # Results that score the same (notes alike but for their titles: "Day 2", "Day 10") by their title.
        return sorted(hits, key=lambda hit: (-hit.score, name_key(hit.title)))

    def _describe(self, rowids: list[int]) -> dict[int, tuple[DocKind, str, str | None, str, str]]:
        """Kind, id, article id, title and topic to show (see Hit) of the documents with these rowids."""
        rows = self._db.execute(
            "SELECT d.id, d.kind, d.doc_id, d.article_id, d.title, d.topic, a.title, a.topic FROM docs d"
            " LEFT JOIN docs a ON d.kind != 'article' AND a.kind = 'article' AND a.doc_id = d.article_id"
            f" WHERE d.id IN ({', '.join('?' * len(rowids))})",
            rowids,
        )
        described = {}
        for rowid, kind, doc_id, article_id, title, topic, article_title, article_topic in rows:
            if kind == DocKind.BOOKMARK:
                title, topic = article_title or "", article_topic or ""
            elif kind == DocKind.NOTE:
                topic = article_title or ""
            described[rowid] = (DocKind(kind), doc_id, article_id, title, topic)
        return described

    # Articles

    def sync_articles(
        self,
        refs: Iterable[ArticleRef],
        text_of: Callable[[ArticleRef], ArticleText],
        cancel: Callable[[], bool] | None = None,
    ) -> SyncReport:
        """Bring the articles in line with ``refs`` (all of the library's): index new and changed files with
        ``text_of``, drop those whose files are gone. ``cancel`` is asked before each file; when it says
        True, what was done is kept and the report says cancelled. ``text_of`` may raise OSError for a
        file it cannot read: the file is then reported in ``failed`` and left out of the index."""
        with self._translated():
            stored = {
                row[0]: Stamp(*row[1:])
                for row in self._db.execute("SELECT article_id, path, size, mtime_ns, digest FROM files")
            }
        wanted = {ref.id: ref for ref in refs}
        added: list[str] = []
        updated: list[str] = []
        removed = [article_id for article_id in stored if article_id not in wanted]
        failed: list[str] = []
        unchanged = 0
        cancelled = False
        with _Batch(self) as batch:
            for article_id in removed:
                batch.add(self._remove, DocKind.ARTICLE, article_id)
            for ref in wanted.values():
                if cancel is not None and cancel():
                    cancelled = True
                    break
                old = stored.get(ref.id)
                try:
                    info = os.stat(ref.path)
                    if old is not None and (old.path, old.size, old.mtime_ns) == (
                        path_text(ref.path), info.st_size, info.st_mtime_ns,
                    ):  # fmt: skip
                        unchanged += 1
                        continue
                    racy = time.time() - info.st_mtime_ns / 1e9 < RACY_SECONDS
                    mtime_ns = -1 if racy else info.st_mtime_ns
                    stamp = Stamp(path_text(ref.path), info.st_size, mtime_ns, file_digest(ref.path))
                    if old is not None and old.digest == stamp.digest:
                        batch.add(self._stamp, ref.id, stamp)
                        unchanged += 1
                        continue
                    text = text_of(ref)
                except OSError:
                    failed.append(ref.id)
                    if old is not None:
                        batch.add(self._remove, DocKind.ARTICLE, ref.id)
                    continue
                columns = (text.title, text.topic, text.headings, text.body)
                doc = Doc(DocKind.ARTICLE, ref.id, ref.id, text.title, text.topic, columns, stamp.digest)
                batch.add(self._put, doc)
                batch.add(self._stamp, ref.id, stamp)
                (added if old is None else updated).append(ref.id)
        return SyncReport(tuple(added), tuple(updated), tuple(removed), unchanged, tuple(failed), cancelled)

    # Bookmarks and notes

    def put(self, record: BookmarkText | NoteText | CheckinText) -> None:
        """Add or replace a bookmark, a note or a check-in (``documents.bookmark_text`` / ``note_text`` /
        ``checkin_text``)."""
        if isinstance(record, BookmarkText):
            doc = bookmark_doc(record)
        elif isinstance(record, NoteText):
            doc = note_doc(record)
        else:
            doc = checkin_doc(record)
        with self._write():
            self._put(doc)

    def remove(self, kind: DocKind, doc_id: str) -> bool:
        """Take a document out of the index; False when it was not there."""
        with self._write():
            return self._remove(kind, doc_id)

    def sync_bookmarks(self, bookmarks: Iterable[BookmarkText]) -> SyncReport:
        """Make the indexed bookmarks exactly ``bookmarks`` (all of them: at startup, after a restore)."""
        return self._sync_records(DocKind.BOOKMARK, [bookmark_doc(b) for b in bookmarks])

    def sync_notes(self, notes: Iterable[NoteText]) -> SyncReport:
        """Make the indexed notes exactly ``notes`` (all of them)."""
        return self._sync_records(DocKind.NOTE, [note_doc(n) for n in notes])

    def sync_checkins(self, checkins: Iterable[CheckinText]) -> SyncReport:
        """Make the indexed check-ins exactly ``checkins`` (all of them)."""
        return self._sync_records(DocKind.CHECKIN, [checkin_doc(c) for c in checkins])

    def _sync_records(self, kind: DocKind, docs: list[Doc]) -> SyncReport:
        with self._translated():
            stored = dict(self._db.execute("SELECT doc_id, digest FROM docs WHERE kind = ?", (kind,)))
        wanted = {doc.id: doc for doc in docs}
        removed = tuple(doc_id for doc_id in stored if doc_id not in wanted)
        added = tuple(doc_id for doc_id in wanted if doc_id not in stored)
        updated = tuple(d.id for d in wanted.values() if d.id in stored and stored[d.id] != d.digest)
        with _Batch(self) as batch:
            for doc_id in removed:
                batch.add(self._remove, kind, doc_id)
            for doc_id in (*added, *updated):
                batch.add(self._put, wanted[doc_id])
        return SyncReport(added, updated, removed, len(wanted) - len(added) - len(updated))

    # Storage

    def _open(self) -> sqlite3.Connection:
        try:
            try:
                return self._connect()
            except (sqlite3.DatabaseError, _UnusableError) as error:
                if isinstance(error, sqlite3.OperationalError):
                    raise  # locked, busy, full or read-only: a problem of the moment, not a damaged file
                _discard(self.path)
                return self._connect()
        except (sqlite3.Error, OSError, _UnusableError) as error:
            raise SearchIndexError(f"The search index could not be made at {self.path} ({error}).") from error

    def _connect(self) -> sqlite3.Connection:
        # Private like the notes store: the index holds copies of the reader's notes. SQLite gives the -wal
        # and -shm files the permissions of the file itself.
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        if os.stat(self.path).st_mode & 0o077:
            os.chmod(self.path, 0o600)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")  # reads the header: a file that is not a database fails
            db.execute("PRAGMA synchronous = NORMAL")  # a cache: losing the last commits in a crash is fine
            db.execute("BEGIN IMMEDIATE")  # two instances opening at once: one creates, the other waits
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
            if version == 0 and not tables:
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT INTO meta VALUES ('text_version', ?)", (self._text_version,))
            elif version != SCHEMA_VERSION or not {"docs", "files", "meta", "fts"} <= tables:
                raise _UnusableError(f"schema version {version}, tables {sorted(tables)}")
            elif db.execute("SELECT value FROM meta WHERE key = 'text_version'").fetchone() != (
                self._text_version,
            ):
                # The articles were indexed from text made another way: forget them, the next sync redoes all.
                db.execute("DELETE FROM fts WHERE rowid IN (SELECT id FROM docs WHERE kind = 'article')")
                db.execute("DELETE FROM docs WHERE kind = 'article'")
                db.execute("DELETE FROM files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('text_version', ?)", (self._text_version,))
            check = db.execute("PRAGMA quick_check").fetchone()
            if check != ("ok",):
                raise _UnusableError(f"damaged: {check[0]}")
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        return db

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise SearchIndexError(f"The search index could not be used ({error}).") from error

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _put(self, doc: Doc) -> None:
        found = self._db.execute("SELECT id FROM docs WHERE kind = ? AND doc_id = ?", (doc.kind, doc.id))
        row = found.fetchone()
        if row is None:
            rowid = self._db.execute(
                "INSERT INTO docs (kind, doc_id, article_id, title, topic, digest) VALUES (?, ?, ?, ?, ?, ?)",
                (doc.kind, doc.id, doc.article_id, doc.title, doc.topic, doc.digest),
            ).lastrowid
        else:
            rowid = row[0]
            self._db.execute(
                "UPDATE docs SET article_id = ?, title = ?, topic = ?, digest = ? WHERE id = ?",
                (doc.article_id, doc.title, doc.topic, doc.digest, rowid),
            )
            self._db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
        self._db.execute(
            "INSERT INTO fts (rowid, title, topic, headings, body) VALUES (?, ?, ?, ?, ?)",
            (rowid, *(strip_controls(column) for column in doc.columns)),
        )

    def _remove(self, kind: DocKind, doc_id: str) -> bool:
        if kind == DocKind.ARTICLE:
            self._db.execute("DELETE FROM files WHERE article_id = ?", (doc_id,))
        row = self._db.execute("SELECT id FROM docs WHERE kind = ? AND doc_id = ?", (kind, doc_id)).fetchone()
        if row is not None:
            self._db.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            self._db.execute("DELETE FROM docs WHERE id = ?", (row[0],))
        return row is not None

    def _stamp(self, article_id: str, stamp: Stamp) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files (article_id, path, size, mtime_ns, digest) VALUES (?, ?, ?, ?, ?)",
            (article_id, stamp.path, stamp.size, stamp.mtime_ns, stamp.digest),
        )


class _Batch:
    """Writes committed in small transactions (FLUSH_DOCS, FLUSH_SECONDS) and when the block ends; the
    work between them (rendering) holds no lock."""

    def __init__(self, index: SearchIndex) -> None:
        self._index = index
        self._pending: list[tuple[Callable[..., object], tuple[object, ...]]] = []
        self._since = time.monotonic()

    def __enter__(self) -> _Batch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.flush()

    def add(self, operation: Callable[..., object], *args: object) -> None:
        self._pending.append((operation, args))
        if len(self._pending) >= FLUSH_DOCS or time.monotonic() - self._since >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            with self._index._write():
                for operation, args in self._pending:
                    operation(*args)
            self._pending.clear()
        self._since = time.monotonic()


class _UnusableError(Exception):
    """A database, but not an index this version can use."""


def _discard(path: Path) -> None:
    """Delete an index and SQLite's files beside it. It is a cache: nothing in it is lost."""
    for victim in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        victim.unlink(missing_ok=True)
