"""A big folder scanned in a process of its own (issue 15), so that the scan's garbage stays out of the app's.

Reading 20,000 articles makes millions of short-lived objects (the files' text, YAML parsing, headings, the
scan cache's records) among the references that stay. Python keeps the memory they were in while any
object of the same arena lives, so the window's process stayed about 25 MB larger than what it held, and
the cache's records and the references existed side by side at the peak. Here a spawned process reads the
folder with the scan cache (the same ``library.scan``) and sends each reference as a tuple of strings, a
batch at a time, then the topics by article id; the app's side makes only the references that stay, and
reuses those it has for files whose size and modification time have not changed.

If the process cannot be started (or dies), ``scan`` returns None and the caller scans in its own process.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgreader.core import workers
from mgreader.core.library.scan import (
    ArticleRef,
    ContentRoot,
    Folded,
    Library,
    Topic,
    folded_headings,
    scan,
    shared,
)
from mgreader.core.library.skipped import Skipped

if TYPE_CHECKING:  # multiprocessing is imported when a scan starts, never before the first paint
    from multiprocessing.connection import Connection

# A batch is sent when it holds this many references, or after this long (the tree fills as they come).
BATCH = 200
BATCH_EVERY_S = 0.05
# The process's start (a fresh interpreter importing the scan) may take this long on a busy machine.
START_TIMEOUT_S = 30.0

Stamp = tuple[int, int] | None  # a file's size and mtime_ns, when the scan took them
# The stamp as one number (size and mtime_ns side by side; -1: not taken) beside the reference: a tuple
# of three (two numbers, each an object) was 3 MB at 20,000.
Kept = tuple[int, ArticleRef]
Alike = dict[tuple[str, ...], tuple[str, ...]]
Item = tuple[Any, ...]  # one reference as sent: see _item


class Apart:
    """Scans of one content root in a child process. Keeps, by article id, the stamp and reference of
    what the last scan found, to give the same reference again for a file that has not changed."""

    def __init__(self, root: ContentRoot, cache_file: Path | None) -> None:
        self.root = root
        self.cache_file = cache_file
        # By id: the file's stamp (see Kept), and the reference.
        self._kept: dict[str, Kept] = {}

    def scan(
        self, seen: Callable[[ArticleRef | None], None], stopped: Callable[[], bool] = lambda: False
    ) -> Library | None:
        """The library of the root, as ``library.scan([root], cache)`` makes it; ``seen`` is told of each
        article as it is found (None for a file read that the cache could not keep), and may raise to
        stop the scan (the child is then ended). None if the child could not scan, or ``stopped`` said
        so (it is asked before each message from the child, and while waiting for one)."""
        spec = (str(self.root.path), self.root.key, self.root.title)
        cache = str(self.cache_file) if self.cache_file is not None else None
        if self.cache_file is not None:
            remove_unfinished(self.cache_file)  # the app and its child were ended while it wrote
        try:
            process, ours = workers.start(_child, (spec, cache), "mgreader-scan", duplex=False)
        except OSError:
            return None
        pid = process.pid
        try:
            return self._receive(ours, seen, stopped)
        finally:
            workers.stop(process, ours)
            if self.cache_file is not None:
                remove_unfinished(self.cache_file, pid)  # stopped (the window closed) while it wrote

    def _receive(
        self, connection: Connection, seen: Callable[[ArticleRef | None], None], stopped: Callable[[], bool]
    ) -> Library | None:
        kept, made = self._kept, {}
        alike: Alike = {}  # one tuple for all the articles with the same tags, one for the same sources
        while True:
            if stopped():  # before each message too: a quick child never leaves the pipe empty
                return None
            try:
                waited = 0.0
                while not connection.poll(0.1):  # asking ``stopped`` now and then
                    waited += 0.1
                    if stopped() or waited > START_TIMEOUT_S:
                        return None
                kind, *payload = connection.recv()
            except (EOFError, OSError):
                return None
            if kind == "batch":
                for item in payload[0]:
                    ref = None if item is None else self._ref(item, kept, alike)
                    if ref is not None:
                        made[ref.id] = _kept(item[-1], ref)
                    seen(ref)
            elif kind == "done":
                topics, rest, skipped = payload
                for item in rest:
                    ref = self._ref(item, kept, alike)
                    made[ref.id] = _kept(item[-1], ref)
                self._kept = made
                articles = {i: kept_ref for i, (_, kept_ref) in made.items()}
                library = Library(
                    _topics(topics, articles),
                    articles,
                    tuple(Skipped(Path(p), reason) for p, reason in skipped),
                )
                return library
            else:
                return None

    def _ref(self, item: Item, kept: dict[str, Kept], alike: Alike) -> ArticleRef:
        ref_id, path, title, order, sort_title, summary, reviewed, tags, sources, folded, problem, stamp = (
            item
        )
        old = kept.get(ref_id)
        if old is not None and stamp is not None and old[0] != -1 and old[0] == _stamp(stamp):
            return old[1]
        # Its headings are read from the file if it is opened in the tree (as the app does with every
        # reference once the filter's index is made): here only their folded text, for that index.
        return ArticleRef(
            ref_id, path, self.root.path, title, (order, sort_title), summary, shared(reviewed),
            _alike(tags, alike), _alike(sources, alike), Folded(folded), problem,
        )  # fmt: skip


def remove_unfinished(cache_file: Path, pid: int | None = None) -> None:
    """Remove what an unfinished write of ``cache_file`` left beside it: core/atomic.py writes
    ``.NAME.PID.N.tmp`` and renames it over NAME, and a process killed in between leaves it there. Those
    of ``pid`` (a child that has ended), or of any process: only a scan writes this file, one at a time
    and before or after this, and only one app at a time uses a data folder (ui/app/single_instance.py).
    Nothing else is ever touched."""
    writer = str(pid) if pid is not None else r"\d+"
    unfinished = re.compile(rf"\.{re.escape(cache_file.name)}\.{writer}\.\d+\.tmp")
    # A folder that cannot be listed has no leftovers to see to.
    with contextlib.suppress(OSError), os.scandir(cache_file.parent) as entries:
        for entry in entries:
            if unfinished.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):  # removed meanwhile, or not ours to remove
                    os.unlink(entry.path)


def _kept(stamp: Stamp, ref: ArticleRef) -> Kept:
    return (-1 if stamp is None else _stamp(stamp), ref)


def _stamp(stamp: tuple[int, int]) -> int:
    size, mtime_ns = stamp
    return mtime_ns << 64 | size if 0 <= size < 1 << 64 and mtime_ns >= 0 else -1  # -1: never the same


def _alike(items: tuple[str, ...] | list[str], alike: Alike) -> tuple[str, ...]:
    """The tags or sources as a tuple shared with every article that has the same (shared strings)."""
    found = tuple(map(shared, items))
    return alike.setdefault(found, found)


def _topics(specs: list[Any], articles: dict[str, ArticleRef]) -> tuple[Topic, ...]:
    return tuple(
        Topic(topic_id, title, tuple(sort_key), _topics(subtopics, articles), tuple(articles[i] for i in ids))
        for topic_id, title, sort_key, subtopics, ids in specs
    )


def _item(ref: ArticleRef, stamp: Stamp) -> Item:
    return (
        ref.id, str(ref.path), ref.title, ref.sort_key[0], ref.sort_key[1], ref.summary, ref.reviewed,
        ref.tags, ref.sources, folded_headings(ref), ref.problem, stamp,
    )  # fmt: skip


def _topic_specs(topics: tuple[Topic, ...]) -> list[Any]:
    return [(t.id, t.title, t.sort_key, _topic_specs(t.topics), [a.id for a in t.articles]) for t in topics]


class _Sending:
    """The child's metadata cache: the scan cache (or none) around which every reference found is sent,
    with its file's stamp, a batch at a time."""

    def __init__(self, connection: Connection, inner: Any) -> None:
        self.connection = connection
        self.inner = inner
        self.sent: set[str] = set()
        self._batch: list[Item | None] = []
        self._last = time.monotonic()
        self._missed = False

    def begin(self) -> None:
        if self.inner is not None:
            self.inner.begin()

    def get(
        self, root: Path, relpath: str, size: int, mtime_ns: int, article_id: str, path: Path | str
    ) -> ArticleRef | None:
        if self._missed:  # the previous file was read, and not kept: it counts now (see Counting)
            self._send(None)
        ref = self.inner.get(root, relpath, size, mtime_ns, article_id, path) if self.inner else None
        self._missed = ref is None
        if ref is not None:
            self._send(ref, (size, mtime_ns))
        return ref

    def put(self, root: Path, relpath: str, size: int, mtime_ns: int, ref: ArticleRef) -> None:
        if self.inner is not None:
            self.inner.put(root, relpath, size, mtime_ns, ref)
        self._missed = False
        self._send(ref, (size, mtime_ns))

    def finish(self) -> None:
        if self._missed:
            self._send(None)
            self._missed = False
        if self.inner is not None:
            self.inner.finish()
        self.flush()

    def flush(self) -> None:
        if self._batch:
            self.connection.send(("batch", self._batch))
            self._batch = []
        self._last = time.monotonic()

    def _send(self, ref: ArticleRef | None, stamp: Stamp = None) -> None:
        if ref is not None:
            self.sent.add(ref.id)
        self._batch.append(None if ref is None else _item(ref, stamp))
        if len(self._batch) >= BATCH or time.monotonic() - self._last >= BATCH_EVERY_S:
            self.flush()


def _child(connection: Connection, spec: tuple[str, str, str | None], cache_file: str | None) -> None:
    from mgreader.core.library.scan_cache import ScanCache  # the child's own: it reads and writes the file

    root = ContentRoot(Path(spec[0]), spec[1], spec[2])
    sending = _Sending(connection, ScanCache(Path(cache_file)) if cache_file is not None else None)
    try:
        library = scan([root], sending)
        rest = [_item(ref, None) for ref in library.articles.values() if ref.id not in sending.sent]
        skipped = [(str(s.path), s.reason) for s in library.skipped]
        connection.send(("done", _topic_specs(library.topics), rest, skipped))
    except (EOFError, OSError):  # the app stopped listening
        return
    finally:
        connection.close()
