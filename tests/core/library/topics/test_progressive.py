"""Reading the reader's library in steps: counting it, and the tree of what has been read so far."""

from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.library.topics import progressive


def test_the_count_is_what_the_scan_finds(library_dir: Path):
    (library_dir / ".hidden.md").write_text("# no\n", encoding="utf-8")
    (library_dir / "_drafts").mkdir()
    (library_dir / "_drafts" / "x.md").write_text("# yes\n", encoding="utf-8")  # '_' names are shown
    found = library.scan([ContentRoot(library_dir)])
    count, folders = progressive.survey(library_dir)
    assert count == len(found.articles) == 8
    assert sorted(Path(f).relative_to(library_dir).as_posix() for f in folders) == [
        ".", "01-first-topic", "01-first-topic/03-nested", "02-second-topic", "_drafts",
    ]  # fmt: skip


def test_every_article_is_counted_once_with_or_without_the_cache(library_dir: Path, tmp_path: Path):
    root = ContentRoot(library_dir, key="mine:", title="My articles")
    for _ in range(2):  # a first scan reads every file, a second finds them all in the cache
        seen: list[object] = []
        lib = library.scan([root], progressive.Counting(ScanCache(tmp_path / "c.json"), seen.append))
        assert len(seen) == len(lib.articles)
        assert {r.id for r in seen if r is not None} <= set(lib.articles)


def test_the_partial_library_of_everything_read_is_the_scanned_library(library_dir: Path):
    for root in (ContentRoot(library_dir), ContentRoot(library_dir, key="mine:", title="My articles")):
        whole = library.scan([root])
        refs = list(whole.articles.values())[::-1]  # the order they were read in does not matter
        assert progressive.partial_library(root, refs) == whole
        half = progressive.partial_library(root, refs[:3])
        assert set(half.articles) == {r.id for r in refs[:3]}
        assert [a.id for a in half.in_order()] == [a.id for a in whole.in_order() if a.id in half.articles]


def test_joined_libraries_keep_their_topics_in_order(library_dir: Path, tmp_path: Path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "visit.md").write_text("# My visit\n", encoding="utf-8")
    roots = [ContentRoot(library_dir), ContentRoot(mine, key="mine:", title="My articles")]
    parts = [library.scan([r]) for r in roots]
    assert progressive.joined(*parts) == library.scan(roots)
