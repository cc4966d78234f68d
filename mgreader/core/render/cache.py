"""A disk cache of rendered article bodies, keyed by the article's bytes, so a relaunch paints without
importing python-markdown at all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mgreader.core.atomic import write_atomic
from mgreader.core.library.headings import Heading
from mgreader.core.render.markdown import RENDER_VERSION, RenderedBody


def cache_key(data: bytes, article_dir: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"v{RENDER_VERSION}\0{article_dir}\0".encode())
    digest.update(data)
    return digest.hexdigest()


class RenderCache:
    """One small JSON file per rendering. Any unreadable entry is a miss; a failed write is ignored,
    because the cache only saves time."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def get(self, key: str) -> RenderedBody | None:
        try:
            entry = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            if not isinstance(entry["html"], str):
                return None
            return RenderedBody(
                html=entry["html"],
                headings=tuple(Heading(int(h[0]), str(h[1]), str(h[2])) for h in entry["headings"]),
                words=int(entry["words"]),
                notice=str(entry.get("notice", "")),
            )
        except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):  # nested too deep too
            return None

    def put(self, key: str, body: RenderedBody) -> None:
        entry = {
            "html": body.html,
            "headings": [[h.level, h.text, h.anchor] for h in body.headings],
            "words": body.words,
            "notice": body.notice,
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Not fsync'd: a cache entry lost in a crash is only rendered again.
            write_atomic(self.directory / f"{key}.json", json.dumps(entry).encode("utf-8"), durable=False)
        except OSError:
            return
