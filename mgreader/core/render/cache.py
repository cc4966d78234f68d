"""A disk cache of rendered article bodies, keyed by the article's bytes, so a relaunch paints without
importing python-markdown at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mgreader.core.atomic import write_atomic
from mgreader.core.digest import sha256_hex
from mgreader.core.library.headings import Heading
from mgreader.core.render.body import RENDER_VERSION, RenderedBody


def cache_key(data: bytes, article_dir: str) -> str:
    return sha256_hex(f"v{RENDER_VERSION}\0{article_dir}\0".encode(), data)


# The cache's size cap. 40 MB hold about 6,000 rendered articles of this library's usual size (a rendering
# is ~1.6x its Markdown), many more than a reader opens between two changes of the files; with 16,000
# articles an unbounded cache reached 130 MB. Past the cap, the least recently used entries go until the
# cache is back under PRUNE_TO of it (so that pruning, a listing of the folder, is rare).
MAX_BYTES = 40_000_000
PRUNE_TO = 0.8


class RenderCache:
    """One small JSON file per rendering. Any unreadable entry is a miss; a failed write is ignored,
    because the cache only saves time. A hit touches its file, so that modification times order the entries
    by last use, and the least recently used go first once the cache passes ``max_bytes``.
    ``read_only``: hits are used, nothing is written (the search indexer renders every article once, which
    would push out the ones the reader opens)."""

    def __init__(self, directory: Path, max_bytes: int = MAX_BYTES, read_only: bool = False) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.read_only = read_only
        self._size: int | None = None  # bytes on disk, counted at the first write, then kept up to date

    def get(self, key: str) -> RenderedBody | None:
        path = self.directory / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entry["html"], str):
                return None
            if not self.read_only:
                os.utime(path)  # last used now: pruning keeps it
            return RenderedBody(
                html=entry["html"],
                headings=tuple(Heading(int(h[0]), str(h[1]), str(h[2])) for h in entry["headings"]),
                words=int(entry["words"]),
                notice=str(entry.get("notice", "")),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):  # nested too deep too
            return None

    def get_fields(self, key: str) -> tuple[dict[str, str | list[str]], str] | None:
        """An article's front matter fields and the notice its block gave, as ``put_fields`` kept them."""
        try:
            entry = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            fields, notice = entry["fields"], entry["notice"]
            valid = isinstance(fields, dict) and isinstance(notice, str)
            if not valid or not all(_field_value(v) for v in fields.values()):
                return None
            return {str(k): v for k, v in fields.items()}, notice
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None

    def put_fields(self, key: str, fields: dict[str, str | list[str]], notice: str) -> None:
        """Keep the fields read from an article's block of details: a relaunch shows the article without
        reading the block again (YAML takes longer to import than the rest of the article's way to the
        screen). Keyed by the article's bytes, like the rendering."""
        if self.read_only:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"fields": fields, "notice": notice}).encode("utf-8")
            write_atomic(self.directory / f"{key}.json", data, durable=False)
        except OSError:
            return
        if self._size is not None:
            self._size += len(data)

    def put(self, key: str, body: RenderedBody) -> None:
        if self.read_only:
            return
        entry = {
            "html": body.html,
            "headings": [[h.level, h.text, h.anchor] for h in body.headings],
            "words": body.words,
            "notice": body.notice,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Not fsync'd: a cache entry lost in a crash is only rendered again.
            data = json.dumps(entry).encode("utf-8")
            write_atomic(self.directory / f"{key}.json", data, durable=False)
        except OSError:
            return
        if self._size is None:
            self._size = sum(size for _, size, _ in self._entries())
        else:
            self._size += len(data)
        if self._size > self.max_bytes:
            self.prune(int(self.max_bytes * PRUNE_TO))

    def prune(self, keep_bytes: int) -> None:
        """Delete the least recently used entries until at most ``keep_bytes`` remain."""
        entries = sorted(self._entries(), key=lambda e: e[2], reverse=True)  # newest first
        kept = 0
        for path, size, _ in entries:
            if kept + size <= keep_bytes:
                kept += size
                continue
            try:
                os.unlink(path)
            except OSError:
                kept += size  # still there: it still counts
        self._size = kept

    def _entries(self) -> list[tuple[str, int, int]]:
        """(path, size, mtime_ns) of each entry."""
        found = []
        try:
            with os.scandir(self.directory) as listing:
                for entry in listing:
                    if entry.name.endswith(".json"):
                        try:
                            info = entry.stat()
                        except OSError:
                            continue
                        found.append((entry.path, info.st_size, info.st_mtime_ns))
        except OSError:
            return []
        return found


def _field_value(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
