"""A big folder read in a process of its own gives the library a scan in this one gives."""

import os
from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ArticleRef, ContentRoot
from mgreader.core.library.scan_apart import Apart
from mgreader.core.library.scan_cache import ScanCache


def aged(folder: Path) -> None:
    """Older than the scan cache's 'recently modified' window (the cache keeps every file), and always the
    same time: a file changed keeps it, and is told apart by its size."""
    stamp = 1_700_000_000 * 10**9
    for path in folder.rglob("*"):
        os.utime(path, ns=(stamp, stamp))


def test_the_library_read_apart_is_the_one_read_here_and_unchanged_files_keep_their_reference(
    library_dir: Path, tmp_path: Path
):
    twin = library_dir / "01-first-topic" / "09-twin.md"  # the same tags and sources as another article
    twin.write_text("---\ntags: [fixture, tests]\nsources: [A book]\n---\n# Twin\n", encoding="utf-8")
    triplet_text = "---\ntags: fixture, tests\nsources: [A book]\n---\n# T\n"
    (library_dir / "triplet.md").write_text(triplet_text, encoding="utf-8")
    aged(library_dir)
    (library_dir / "loop").symlink_to(library_dir, target_is_directory=True)  # left out, and said so
    root = ContentRoot(library_dir, key="mine:", title="My articles")
    apart = Apart(root, tmp_path / "cache" / "library-mine.json")
    seen: list[ArticleRef | None] = []
    first = apart.scan(seen.append)
    here = library.scan([root])
    assert first == here
    assert first is not None and first.skipped == here.skipped and first.skipped
    assert [r.id for r in seen if r is not None] == list(first.articles)
    welcome = first.get("mine:01-first-topic/01-welcome")
    assert welcome is not None and welcome.headings == here.get("mine:01-first-topic/01-welcome").headings
    # One tuple of tags (and of sources) for all the articles that have the same (issue 15: memory).
    alike = [first.articles[i] for i in ("mine:01-first-topic/01-welcome", "mine:01-first-topic/09-twin")]
    triplet = first.articles["mine:triplet"]
    assert alike[0].tags == ("fixture", "tests") and alike[0].tags is alike[1].tags is triplet.tags
    assert alike[1].sources == ("A book",) and alike[1].sources is triplet.sources

    # Read again (now from the scan cache the child wrote): the same references, but for a changed file.
    changed = library_dir / "01-first-topic" / "02-second.md"
    changed.write_text("# Second, changed\n\n## New part\n", encoding="utf-8")
    aged(library_dir)
    again = apart.scan(lambda ref: None)
    assert again == library.scan([root]) and again is not None
    assert again.get("mine:01-first-topic/01-welcome") is first.get("mine:01-first-topic/01-welcome")
    second = again.get("mine:01-first-topic/02-second")
    assert second is not None and second.title == "Second, changed"
    assert [h.text for h in second.headings] == ["New part"]
    assert ScanCache(tmp_path / "cache" / "library-mine.json").path.exists()


def test_a_scan_apart_that_is_stopped_ends_its_process(library_dir: Path, tmp_path: Path):
    class Stop(Exception):
        pass

    def stop(ref: ArticleRef | None) -> None:
        raise Stop

    apart = Apart(ContentRoot(library_dir), None)
    try:
        apart.scan(stop)
    except Stop:
        pass
    else:
        raise AssertionError("not stopped")
    assert apart.scan(lambda ref: None, stopped=lambda: True) is None
