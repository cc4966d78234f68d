"""The render cache stays under its size cap, dropping the least recently used renderings first."""

import os
from pathlib import Path

from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import RenderedBody


def body(n: int) -> RenderedBody:
    return RenderedBody(html=f"<p>{n}</p>" + "x" * 1000, headings=(), words=1)


def test_the_cache_prunes_the_least_recently_used_past_its_cap(tmp_path: Path):
    cache = RenderCache(tmp_path, max_bytes=10_000)
    for n in range(8):
        cache.put(f"k{n}", body(n))
        os.utime(tmp_path / f"k{n}.json", ns=(n * 10**9, n * 10**9))  # written one second apart
    assert cache.get("k0") is not None  # read now: the most recently used
    for n in range(8, 12):
        cache.put(f"k{n}", body(n))
    sizes = sum(p.stat().st_size for p in tmp_path.iterdir())
    assert sizes <= 10_000
    assert cache.get("k0") is not None and cache.get("k11") is not None
    assert cache.get("k1") is None  # the oldest not read again went first


def test_a_read_only_cache_uses_entries_and_writes_none(tmp_path: Path):
    RenderCache(tmp_path).put("shared", body(1))
    reader = RenderCache(tmp_path, read_only=True)
    assert reader.get("shared") is not None
    reader.put("new", body(2))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json"]
