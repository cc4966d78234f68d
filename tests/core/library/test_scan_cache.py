"""The scan cache: a relaunch reads only new and changed articles, and the library is the same either way."""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.scan_cache import RECENT_NS, ScanCache, read_document, write_document

REPO = Path(__file__).parents[3]
# Files written by a test are stamped this long ago, so that the recent-mtime rule does not apply to them.
AN_HOUR_NS = 3600 * 10**9


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the article files the scan reads, in order."""
    seen: list[str] = []
    real = library._read_ref

    def counting(root: ContentRoot, path: Path, ref_id: str, *rest: bool) -> tuple[library.ArticleRef, bool]:
        seen.append(path.name)
        return real(root, path, ref_id, *rest)

    monkeypatch.setattr(library, "_read_ref", counting)
    return seen


def age(folder: Path) -> None:
    """Give every file under ``folder`` a modification time an hour ago, keeping each one distinct."""
    past = time.time_ns() - AN_HOUR_NS
    for n, path in enumerate(sorted(folder.rglob("*"))):
        os.utime(path, ns=(past + n, past + n))


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = time.time_ns() - AN_HOUR_NS // 2
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def roots(library_dir: Path, tmp_path: Path) -> list[ContentRoot]:
    mine = tmp_path / "mine"
    (mine / "visits").mkdir(parents=True)
    (mine / "visits" / "march.md").write_text("# Questions for March\n\n## Sleep\n", encoding="utf-8")
    age(library_dir)
    age(mine)
    return [ContentRoot(library_dir), ContentRoot(mine, key="mine:", title="My articles")]


def test_results_are_the_same_with_and_without_the_cache(roots: list[ContentRoot], tmp_path: Path):
    plain = library.scan(roots)
    cache_file = tmp_path / "cache" / "library.json"
    first = library.scan(roots, ScanCache(cache_file))
    relaunch = library.scan(roots, ScanCache(cache_file))
    assert cache_file.is_file()
    assert first == plain
    assert relaunch == plain  # topics, order, every field of every ArticleRef
    assert relaunch.get("02-second-topic/latin1").problem == plain.get("02-second-topic/latin1").problem
    assert (
        relaunch.get("01-first-topic/01-welcome").headings == plain.get("01-first-topic/01-welcome").headings
    )


def test_a_relaunch_reads_no_unchanged_file(roots: list[ContentRoot], tmp_path: Path, reads: list[str]):
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file))
    assert "march.md" in reads
    assert "01-welcome.md" in reads
    written = cache_file.stat().st_mtime_ns
    reads.clear()
    library.scan(roots, ScanCache(cache_file))
    assert reads == []
    assert cache_file.stat().st_mtime_ns == written  # nothing changed, so nothing was written


def test_a_changed_file_is_read_again(roots: list[ContentRoot], tmp_path: Path, reads: list[str]):
    cache = ScanCache(tmp_path / "library.json")
    library.scan(roots, cache)
    march = roots[1].path / "visits" / "march.md"
    write(march, "# Questions for April\n")
    reads.clear()
    lib = library.scan(roots, cache)
    assert reads == ["march.md"]
    assert lib.get("mine:visits/march").title == "Questions for April"
    reads.clear()
    relaunch = library.scan(roots, ScanCache(tmp_path / "library.json"))
    assert reads == []
    assert relaunch.get("mine:visits/march").title == "Questions for April"


def test_same_size_but_new_mtime_is_read_again(roots: list[ContentRoot], tmp_path: Path, reads: list[str]):
    library.scan(roots, ScanCache(tmp_path / "library.json"))
    march = roots[1].path / "visits" / "march.md"
    write(march, march.read_text(encoding="utf-8").replace("March", "Marsh"))
    reads.clear()
    lib = library.scan(roots, ScanCache(tmp_path / "library.json"))
    assert reads == ["march.md"]
    assert lib.get("mine:visits/march").title == "Questions for Marsh"


def test_a_removed_file_is_dropped(roots: list[ContentRoot], tmp_path: Path):
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file))
    (roots[1].path / "visits" / "march.md").unlink()
    lib = library.scan(roots, ScanCache(cache_file))
    assert lib.get("mine:visits/march") is None
    assert "visits/march.md" not in cache_file.read_text(encoding="utf-8")
    assert library.scan(roots, ScanCache(cache_file)) == library.scan(roots)


def test_a_new_file_is_added(roots: list[ContentRoot], tmp_path: Path, reads: list[str]):
    cache = ScanCache(tmp_path / "library.json")
    library.scan(roots, cache)
    write(roots[1].path / "visits" / "april.md", "---\ntitle: April visit\ntags: [sleep]\n---\n## Ask\n")
    reads.clear()
    lib = library.scan(roots, cache)
    assert reads == ["april.md"]
    april = lib.get("mine:visits/april")
    assert april is not None
    assert april.tags == ("sleep",)
    assert [h.text for h in april.headings] == ["Ask"]
    assert [a.title for a in lib.topics[-1].topics[0].articles] == ["April visit", "Questions for March"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff garbage",
        b'{"magic": "mgreader-scan-cache", "stamp": "1/0.1.0", "roots": {',  # cut short
        b"[1, 2, 3]",
        b'{"magic": "something else", "roots": {}}',
        b"[" * 100_000 + b"]" * 100_000,  # issue 11: deeper than the JSON parser can go
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_rewritten(
    roots: list[ContentRoot], tmp_path: Path, reads: list[str], content: bytes
):
    cache_file = tmp_path / "library.json"
    cache_file.write_bytes(content)
    assert library.scan(roots, ScanCache(cache_file)) == library.scan(roots)
    assert read_document(cache_file)["magic"] == "mgreader-scan-cache"
    reads.clear()
    library.scan(roots, ScanCache(cache_file))
    assert reads == []


def test_records_of_the_wrong_shape_are_misses(roots: list[ContentRoot], tmp_path: Path, reads: list[str]):
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file))
    document = read_document(cache_file)
    records = document["roots"][str(roots[0].path)]
    records["01-first-topic/01-welcome.md"][4] = 42  # the title
    records["01-first-topic/02-second.md"][11] = 1  # the headings' texts
    records["02-second-topic/bad-front.md"][12] += "\nextra"  # an anchor more than there are headings
    records["02-second-topic/plain.md"][3] = "x"  # heading levels
    records["02-second-topic/empty.md"] = "not a record"
    document["roots"][str(roots[1].path)] = ["not", "records"]
    write_document(cache_file, document)
    reads.clear()
    cached = library.scan(roots, ScanCache(cache_file))
    misses = ["01-welcome.md", "02-second.md", "bad-front.md", "empty.md", "march.md", "plain.md"]
    assert sorted(reads) == misses
    assert cached == library.scan(roots)


def test_a_cache_from_another_version_is_not_used(
    roots: list[ContentRoot], tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
):
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file))
    monkeypatch.setattr("mgreader.core.library.scan_cache.FORMAT_VERSION", 99)
    reads.clear()
    library.scan(roots, ScanCache(cache_file))
    assert "01-welcome.md" in reads


def test_a_recently_modified_file_is_read_again_next_time(
    roots: list[ContentRoot], tmp_path: Path, reads: list[str]
):
    """On a file system with coarse modification times (2 s on FAT), a file written again within the same
    tick keeps its stamp: metadata read that soon after a change is not trusted for the next scan."""
    march = roots[1].path / "visits" / "march.md"
    march.write_text("# Questions for March\n", encoding="utf-8")  # modified now
    now = march.stat().st_mtime_ns
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file, clock=lambda: now + RECENT_NS // 2))
    reads.clear()
    library.scan(roots, ScanCache(cache_file, clock=lambda: now + RECENT_NS // 2))
    assert reads == ["march.md"]
    library.scan(roots, ScanCache(cache_file, clock=lambda: now + 2 * RECENT_NS))  # kept this time
    reads.clear()
    library.scan(roots, ScanCache(cache_file, clock=lambda: now + 3 * RECENT_NS))
    assert reads == []


def test_an_unreadable_file_is_not_cached(
    roots: list[ContentRoot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A read error can go away without the file changing (permissions, a lock): it is not remembered."""
    real_open = os.open

    def refusing(path: Path, *args, **kwargs):
        if Path(path).name == "march.md":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    cache_file = tmp_path / "library.json"
    with monkeypatch.context() as patch:
        patch.setattr(os, "open", refusing)
        lib = library.scan(roots, ScanCache(cache_file))
    assert "could not be read: Permission denied" in lib.get("mine:visits/march").problem
    lib = library.scan(roots, ScanCache(cache_file))
    assert lib.get("mine:visits/march").title == "Questions for March"
    assert lib.get("mine:visits/march").problem == ""


def test_a_cache_that_cannot_be_written_is_only_a_miss(roots: list[ContentRoot], tmp_path: Path):
    blocked = tmp_path / "a file" / "library.json"  # its folder cannot be created: a file is in the way
    (tmp_path / "a file").write_text("", encoding="utf-8")
    assert library.scan(roots, ScanCache(blocked)) == library.scan(roots)


def test_the_generated_benchmark_library_round_trips(tmp_path: Path):
    """Front matter with lists, accents, H2 and H3 sections: what the 2,000-article benchmark scans."""
    spec = importlib.util.spec_from_file_location("gen_library", REPO / "bench" / "gen_library.py")
    assert spec is not None
    assert spec.loader is not None
    gen_library = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_library)
    gen_library.generate(tmp_path / "lib", articles=60)
    roots = [ContentRoot(tmp_path / "lib", key="mine:", title="My articles")]
    cache_file = tmp_path / "library.json"
    library.scan(roots, ScanCache(cache_file))
    assert library.scan(roots, ScanCache(cache_file)) == library.scan(roots)


def test_the_cache_is_written_in_chunks_and_read_back_whole(
    roots: list[ContentRoot], tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("mgreader.core.library.scan_cache.CHUNK", 2)
    cache_file = tmp_path / "library.json"
    first = library.scan(roots, ScanCache(cache_file))
    assert len(cache_file.read_bytes().splitlines()) > 4  # the header, then a few records a line
    reads.clear()
    assert library.scan(roots, ScanCache(cache_file)) == first
    assert reads == []


def test_a_rescan_is_given_the_same_reference_for_each_unchanged_file(
    roots: list[ContentRoot], tmp_path: Path, reads: list[str]
):
    cache_file = tmp_path / "library.json"
    cache = ScanCache(cache_file)
    first = library.scan(roots, cache)
    library.forget_headings(first.articles.values())  # as the app does once the filter's index is made
    write(roots[1].path / "visits" / "april.md", "# April\n\n## Ask\n")
    reads.clear()
    again = library.scan(roots, cache)
    assert reads == ["april.md"]
    assert all(again.get(ref_id) is ref for ref_id, ref in first.articles.items())
    # The file was written again with the kept files' records taken from it: a relaunch reads nothing.
    reads.clear()
    relaunch = library.scan(roots, ScanCache(cache_file))
    assert reads == []
    assert relaunch == library.scan(roots)
    assert [h.text for h in relaunch.get("01-first-topic/01-welcome").headings] == [
        h.text for h in library.scan(roots).get("01-first-topic/01-welcome").headings
    ]
