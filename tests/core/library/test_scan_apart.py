"""A big folder read in a process of its own gives the library a scan in this one gives."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mgreader.core import workers
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


def killed_while_writing(target: Path) -> Path:
    """What core/atomic.py leaves when its process is killed while it writes ``target``: a process writes
    it (with a generator that waits once the temporary file is open) and is killed."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom mgreader.core.atomic import write_atomic\n"
        "def data():\n    yield b'{'\n    print('writing', flush=True)\n    sys.stdin.read()\n"
        f"write_atomic(Path({str(target)!r}), data())\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as writer:
        try:
            assert writer.stdout is not None and writer.stdout.readline() == b"writing\n"
        finally:
            writer.kill()
    (left,) = target.parent.glob(f".{target.name}.{writer.pid}.*.tmp")
    return left


def test_a_scan_apart_removes_what_a_write_of_its_cache_killed_midway_left_and_nothing_else(
    library_dir: Path, tmp_path: Path
):
    """The app and the scan's child were ended while it wrote the cache (a crash, a shutdown): the next
    scan removes the half-written file. Only that: every other file in the folder stays."""
    aged(library_dir)
    folder = tmp_path / "cache"
    folder.mkdir()
    cache_file = folder / "library-mine.json"
    left = killed_while_writing(cache_file)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a cache")
    others = [
        ".library.json.12.0.tmp", "library-mine.json.12.0.tmp", ".library-mine.json.12.0.tmp.bak",
        ".library-mine.json.x.0.tmp", ".library-mine.json.12.tmp", "notes.sqlite3", "search.sqlite3",
    ]  # fmt: skip
    for name in others:
        (folder / name).write_text(name)
    not_files = [".library-mine.json.13.0.tmp", ".library-mine.json.14.0.tmp"]  # a folder, a link
    (folder / not_files[0]).mkdir()
    (folder / not_files[1]).symlink_to(elsewhere)

    library = Apart(ContentRoot(library_dir, key="mine:"), cache_file).scan(lambda ref: None)
    assert library is not None and library.get("mine:01-first-topic/01-welcome") is not None
    assert not left.exists() and cache_file.is_file()
    assert {p.name for p in folder.iterdir()} == {*others, *not_files, "library-mine.json"}
    assert [(folder / name).read_text() for name in others] == others
    assert elsewhere.read_text() == "not a cache"


def test_a_scan_apart_stopped_while_its_child_writes_the_cache_leaves_nothing(
    library_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The window closed while the child wrote its cache: the child is killed, and what it was writing goes
    with it (here the child is killed as it finishes; what it would have left is written for it)."""
    cache_file = tmp_path / "library-mine.json"
    stop = workers.stop

    def killed_while_writing(process: Any, connection: Any, grace_s: float = 0.0) -> None:
        (tmp_path / f".library-mine.json.{process.pid}.0.tmp").write_text('{"magic": "mgreader-sc')
        stop(process, connection, grace_s)

    monkeypatch.setattr(workers, "stop", killed_while_writing)
    assert Apart(ContentRoot(library_dir, key="mine:"), cache_file).scan(lambda ref: None) is not None
    assert not list(tmp_path.glob(".library-mine.json.*"))
