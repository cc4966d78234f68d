"""The library scan's memory: each article's metadata on disk, reused while the file's size and mtime hold.

Reading and parsing 2,000 articles takes about half a second; with this cache a relaunch lists the folders,
compares ``stat`` results and reads only new or changed files. The file is JSON, not pickle: a cache is a file
a user (or another program) can edit, and loading it must never run code. JSON also loads about as fast as
SQLite here, without importing sqlite3 before the first paint. Anything unexpected in it is a miss; a damaged
or foreign file is ignored and written again, because it only saves time.

The file is JSON Lines: a header, then the records in chunks of CHUNK, one chunk a line. A library of
20,000 articles makes 16 MB of JSON, and one ``json.loads`` of it holds the interpreter for half a second,
which would freeze the window while a worker thread scans; a chunk at a time lets the window's thread run.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from mgreader.core.atomic import write_atomic
from mgreader.core.library.scan import ArticleRef, Packed, headings_packed, shared
from mgreader.core.version import __version__

FILE_NAME = "library.json"
MAGIC = "mgreader-scan-cache"
# Bump when read_ref, frontmatter or headings change what an ArticleRef holds for the same file. The app's
# version is part of the stamp too, so an upgrade never shows metadata parsed by older code.
FORMAT_VERSION = 4
# Records in one line of the file (see above): about 160 KB, a few milliseconds to read.
CHUNK = 200
# A file modified this recently may change again within the same mtime tick (2 s on FAT) keeping its size,
# so its metadata is not kept: the next scan reads it again.
RECENT_NS = 2_000_000_000

# One record: [size, mtime_ns, order, levels, title, sort_title, summary, reviewed, problem, tags, sources,
# texts, anchors]: ``levels`` holds one digit for each heading (Markdown has six levels), ``texts`` and
# ``anchors`` the headings' texts and anchors joined by newlines (scan.Packed: two strings rather than two
# for each heading, a third of the memory while a scan runs). Lists, not objects with field names: the file
# is read on every start, and this shape is smaller and quicker to check.
Record = list[Any]
_FIELDS = 13
Kept = tuple[int, int, ArticleRef]  # a file's size and mtime_ns, and its reference


class ScanCache:
    """Article metadata by content root and relative path, stamped with the file's size and mtime_ns.

    ``library.scan(roots, cache)`` drives it: ``get`` for each file found, ``put`` for each file read, then
    ``finish``, which forgets files not seen in that scan and writes the file if anything changed. The file
    is read once, on the first scan; later scans (the app rescans when the reader's folder changes) reuse
    what is in memory.
    """

    def __init__(self, path: Path, clock: Callable[[], int] = time.time_ns) -> None:
        self.path = path
        self._clock = clock
        self._old: dict[str, dict[str, Record]] | None = None
        self._new: dict[str, dict[str, Record]] = {}
        # What the last scan found, once the file holds it: by root, then by article id, the file's stamp
        # and the reference made for it, given again to the next scan while the stamp holds (see finish).
        self._kept: dict[str, dict[str, Kept]] | None = None
        self._seen: dict[str, dict[str, tuple[str, Kept]]] = {}  # this scan's, by id: (relpath, kept)
        self._changed = False
        self._now = 0

    @classmethod
    def in_dir(cls, cache_dir: Path) -> ScanCache:
        """The app's scan cache: one file in its cache directory."""
        return cls(cache_dir / FILE_NAME)

    def sibling(self, name: str) -> ScanCache:
        """Another cache file beside this one (the reader's own folder is scanned apart, in a worker)."""
        return ScanCache(self.path.with_name(name), self._clock)

    def begin(self) -> None:
        """Start a scan: load the file on first use. What this scan finds is what the file will hold."""
        if self._kept is None and self._old is None:
            self._old = self._load()
            self._changed = False
        elif self._kept is not None:
            self._old = None
        else:
            self._old = self._new  # the last write failed: its records are here
        self._new, self._seen = {}, {}
        self._now = self._clock()

    def get(
        self, root: Path, relpath: str, size: int, mtime_ns: int, article_id: str, path: Path | str
    ) -> ArticleRef | None:
        """The cached reference for this file if its size and mtime are those recorded, else None."""
        key = str(root)
        kept = self._kept.get(key) if self._kept is not None else None
        found = kept.get(article_id) if kept is not None else None
        if found is not None and found[0] == size and found[1] == mtime_ns:
            self._seen.setdefault(key, {})[found[2].id] = (relpath, found)
            return found[2]
        old = self._old.get(key) if self._old is not None else None
        record = old.get(relpath) if old is not None else None
        if type(record) is not list or len(record) != _FIELDS or record[0] != size or record[1] != mtime_ns:
            return None
        ref = _decode(record, article_id, path, root)
        if ref is not None:
            self._new.setdefault(key, {})[relpath] = record
            self._seen.setdefault(key, {})[ref.id] = (relpath, (size, mtime_ns, ref))
        return ref

    def put(self, root: Path, relpath: str, size: int, mtime_ns: int, ref: ArticleRef) -> None:
        """Remember a reference just read from the file whose stat (taken before reading) is given."""
        if self._now - mtime_ns < RECENT_NS:
            return
        self._new.setdefault(str(root), {})[relpath] = _encode(ref, size, mtime_ns)
        self._seen.setdefault(str(root), {})[ref.id] = (relpath, (size, mtime_ns, ref))
        self._changed = True

    def finish(self) -> None:
        """End the scan: write the file if a record was added, changed or dropped. Failures are ignored.

        Then the references this scan found are kept, not the records: a rescan (the app's, when a file
        in the folder changes) is given the same reference for each file unchanged, rather than reading
        the file's 20,000 records again (about 25 MB of Python objects while it ran, and 20,000 new
        references beside those on screen). A rescan that must write takes those files' records from the
        file as it writes, a line at a time."""
        before = self._kept if self._kept is not None else (self._old or {})
        seen = self._seen
        # Entries only move from before to seen on a hit, so equal counts mean nothing was dropped.
        dropped = seen.keys() != before.keys() or any(len(seen[k]) != len(v) for k, v in before.items())
        written = True
        if self._changed or dropped:
            written = self._write()
        if written:
            self._kept = {key: {i: entry for i, (_, entry) in found.items()} for key, found in seen.items()}
            self._old, self._new = None, {}
        else:  # read again from the file by the next scan, with this scan's own records
            self._kept = None
        self._seen = {}

    def _write(self) -> bool:
        data = _dumps({"magic": MAGIC, "stamp": _stamp(), "roots": self._new}, self._from_file())
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Not fsync'd: a cache lost in a crash is only built again.
            write_atomic(self.path, data, durable=False)
        except OSError:
            return False
        self._changed = False
        return True

    def _from_file(self) -> Iterator[tuple[str, dict[str, Record]]]:
        """The records of the files this scan was given a kept reference for, read from the file as it is
        (before it is replaced), a line at a time. One the file does not have is only a miss next time."""
        wanted: dict[str, dict[str, tuple[int, int]]] = {}
        for key, found in self._seen.items():
            new = self._new.get(key, {})
            for relpath, (size, mtime_ns, _) in found.values():
                if relpath not in new:
                    wanted.setdefault(key, {})[relpath] = (size, mtime_ns)
        if not wanted:
            return
        for key, records in _read_lines(self.path):
            stamps = wanted.get(key)
            if stamps is None:
                continue
            chosen = {}
            for relpath, record in records.items():
                stamp = stamps.get(relpath)
                if stamp is not None and type(record) is list and record[:2] == list(stamp):
                    chosen[relpath] = record
            if chosen:
                yield key, chosen

    def _load(self) -> dict[str, dict[str, Record]]:
        try:
            document = _loads(self.path.read_bytes())
        except (OSError, ValueError, TypeError, RecursionError):  # missing, unreadable, not JSON, too deep
            return {}
        if (
            not isinstance(document, dict)
            or document.get("magic") != MAGIC
            or document.get("stamp") != _stamp()
            or not isinstance(document.get("roots"), dict)
        ):
            return {}
        roots: dict[str, dict[str, Record]] = {
            root: records for root, records in document["roots"].items() if isinstance(records, dict)
        }
        return roots


def _dumps(
    document: dict[str, Any], more: Iterable[tuple[str, dict[str, Record]]] = ()
) -> Iterator[bytes]:
    """The document as lines: the header (magic and stamp), then ``[root, {relpath: record}]`` chunks, and
    ``more`` such chunks; a line at a time, so that 16 MB of JSON (20,000 articles) is never held whole."""
    for line in itertools.chain(_lines(document), ([key, records] for key, records in more)):
        try:
            yield (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        except UnicodeEncodeError:  # a name that is not UTF-8: written as \udcXX escapes, read back as is
            yield (json.dumps(line, separators=(",", ":")) + "\n").encode("ascii")


def _lines(document: dict[str, Any]) -> Iterator[Any]:
    yield {k: v for k, v in document.items() if k != "roots"}
    for root, records in document["roots"].items():
        if not isinstance(records, dict):  # written as found (a test's damaged file): read as a miss
            yield [root, records]
            continue
        items = list(records.items())
        for start in range(0, max(len(items), 1), CHUNK):
            yield [root, dict(items[start : start + CHUNK])]


def _read_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The ``[root, {relpath: record}]`` lines of the cache file, one at a time; none if the file cannot
    be read or is not this version's."""
    try:
        with path.open("rb") as lines:
            header = json.loads(next(lines, b"null"))
            if not isinstance(header, dict) or header.get("magic") != MAGIC:
                return
            if header.get("stamp") != _stamp():
                return
            for line in lines:
                item = json.loads(line) if line.strip() else None
                if type(item) is list and len(item) == 2 and isinstance(item[0], str):
                    yield from [(item[0], item[1])] if isinstance(item[1], dict) else []
    except (OSError, ValueError, TypeError, RecursionError):
        return


def _loads(data: bytes) -> dict[str, Any]:
    """What ``_dumps`` wrote, as one document {"magic", "stamp", "roots"}; a header that is not ours ends
    the reading there. Raises ValueError or TypeError for what is not such lines."""
    lines = data.split(b"\n")
    document = json.loads(lines[0])
    if not isinstance(document, dict) or document.get("magic") != MAGIC or document.get("stamp") != _stamp():
        return {}
    roots: dict[str, dict[str, Any]] = {}
    for line in lines[1:]:
        if line:
            root, records = json.loads(line)
            if isinstance(root, str) and isinstance(records, dict):
                roots.setdefault(root, {}).update(records)
    document["roots"] = roots
    return document


def read_document(path: Path) -> dict[str, Any]:
    """The cache file as one document (for tests and tools that look into it)."""
    return _loads(path.read_bytes())


def write_document(path: Path, document: dict[str, Any]) -> None:
    path.write_bytes(b"".join(_dumps(document)))


def _stamp() -> str:
    return f"{FORMAT_VERSION}/{__version__}"


def _encode(ref: ArticleRef, size: int, mtime_ns: int) -> Record:
    packed = headings_packed(ref)
    return [
        size, mtime_ns, ref.sort_key[0], packed.levels, ref.title, ref.sort_key[1], ref.summary, ref.reviewed,
        ref.problem, list(ref.tags), list(ref.sources), packed.texts, packed.anchors,
    ]  # fmt: skip


def _decode(record: Record, article_id: str, path: Path | str, root: Path) -> ArticleRef | None:
    """The reference a record describes, or None when the record is not what this code writes."""
    try:
        _, _, order, levels, title, sort_title, summary, reviewed, problem, tags, sources, texts, anchors = (
            record
        )
        if type(order) is not int or type(tags) is not list or type(sources) is not list:
            return None
        # Raises TypeError unless every item is a string: one call in C rather than a check for each.
        "".join((levels, title, sort_title, summary, reviewed, problem, texts, anchors, *tags, *sources))
        if levels.strip("0123456789"):  # not isdigit(): '²' is a digit to it, and int('²') fails
            return None
        lines = len(levels) - 1 if levels else 0  # one text and one anchor for each level
        if texts.count("\n") != lines or anchors.count("\n") != lines or (not levels and (texts or anchors)):
            return None
    except TypeError:
        return None
    # Checked now, made into Heading objects when first read (scan.Packed): most are never needed.
    return ArticleRef(
        article_id, path, root, title, (order, sort_title), summary, shared(reviewed),
        tuple(map(shared, tags)), tuple(map(shared, sources)), Packed(levels, texts, anchors), problem,
    )  # fmt: skip
