"""The library walk (issue 11): whatever My articles holds, the scan and `mgreader check` finish, show only
files inside the library, and say what they left out."""

from __future__ import annotations

import io
import os
import tempfile
import tracemalloc
from pathlib import Path

import pytest

from mgreader.core.library import check, walk
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import progressive
from mgreader.core.library.walk import MAX_DEPTH

posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs")


def article(path: Path, title: str = "An article") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {title}\n\nSome text.\n", encoding="utf-8")
    return path


def scanned(root: Path) -> library.Library:
    return library.scan([ContentRoot(root, key="mine:", title="My articles")])


def reasons(lib: library.Library) -> dict[str, str]:
    return {s.path.name: s.reason for s in lib.skipped}


@posix_only
def test_a_link_to_its_own_folder_is_read_once_and_reported(tmp_path: Path):
    article(tmp_path / "topic" / "a.md")
    (tmp_path / "topic" / "again").symlink_to(".")
    (tmp_path / "back").symlink_to(tmp_path / "topic")  # a second way into a folder read already
    lib = scanned(tmp_path)
    assert sorted(lib.articles) == ["mine:topic/a"]
    assert "read already" in reasons(lib)["again"]
    out = io.StringIO()
    assert check.run([str(tmp_path)], [], out) == 0
    assert "again:1: warning: not checked: it is a link to a folder that is read already" in out.getvalue()
    assert "1 article checked" in out.getvalue()


@posix_only
def test_links_out_of_the_library_are_not_followed(tmp_path: Path):
    root = tmp_path / "mine"
    outside = tmp_path / "elsewhere"
    article(outside / "secret.md", "Secret")
    (outside / "loop").symlink_to(outside)  # a tree with loops of its own, like /usr
    article(root / "own.md")
    (root / "passwd.md").symlink_to("/etc/passwd")
    (root / "secret.md").symlink_to(outside / "secret.md")
    (root / "usr").symlink_to(outside)
    lib = scanned(root)
    assert sorted(lib.articles) == ["mine:own"]
    assert set(reasons(lib)) == {"passwd.md", "secret.md", "usr"}
    assert all("outside the library" in r for r in reasons(lib).values())
    out = io.StringIO()
    check.run([str(root)], [], out)
    assert "Secret" not in out.getvalue() and "1 article checked" in out.getvalue()


@posix_only
def test_links_that_stay_inside_the_library_are_shown(tmp_path: Path):
    article(tmp_path / "real" / "a.md")
    (tmp_path / "alias.md").symlink_to(tmp_path / "real" / "a.md")
    lib = scanned(tmp_path)
    assert sorted(lib.articles) == ["mine:alias", "mine:real/a"]
    assert lib.skipped == ()


def test_folders_nested_1100_deep_do_not_stop_the_scan_or_the_check():
    # Not under pytest's tmp_path: its clean-up (shutil.rmtree, recursive) cannot go 1,100 deep, and would
    # fail in every later pytest run of this user if a leftover stayed.
    tmp_path = Path(tempfile.mkdtemp(prefix="mgreader-deep-"))
    article(tmp_path / "top.md")
    levels = [tmp_path]
    for _ in range(1100):
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    (levels[-1] / "bottom.md").write_text("# Bottom\n", encoding="utf-8")
    try:
        lib = scanned(tmp_path)
        out = io.StringIO()
        status = check.run([str(tmp_path)], [], out)
    finally:  # pytest's own clean-up (shutil.rmtree) cannot go 1,100 deep
        (levels[-1] / "bottom.md").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()
        (tmp_path / "top.md").unlink()
        tmp_path.rmdir()
    assert sorted(lib.articles) == ["mine:top"]  # the bottom one is too deep to be shown
    assert f"more than {MAX_DEPTH} folders deep" in reasons(lib)["d"]
    assert status == 0 and f"more than {MAX_DEPTH} folders deep" in out.getvalue()


def test_a_folder_at_the_greatest_depth_is_still_shown(tmp_path: Path):
    deep = tmp_path.joinpath(*["d"] * MAX_DEPTH)
    article(deep / "a.md")
    lib = scanned(tmp_path)
    assert len(lib.articles) == 1 and lib.skipped == ()


@posix_only
def test_a_fifo_named_like_an_article_is_not_listed_and_does_not_hang(tmp_path: Path):
    article(tmp_path / "a.md")
    os.mkfifo(tmp_path / "pipe.md")
    assert sorted(scanned(tmp_path).articles) == ["mine:a"]
    out = io.StringIO()
    assert check.run([str(tmp_path)], [], out) == 0
    assert "1 article checked" in out.getvalue()


@posix_only
def test_an_article_replaced_by_a_fifo_after_the_scan_is_reported_not_waited_for(tmp_path: Path):
    path = article(tmp_path / "a.md")
    root = ContentRoot(tmp_path)
    path.unlink()
    os.mkfifo(path)
    ref = library.read_ref(root, path)
    assert "not a file but a pipe" in ref.problem


@posix_only
def test_the_survey_of_a_big_folder_counts_what_the_scan_reads_holding_one_folder_at_a_time(tmp_path: Path):
    """The count of "Reading your library: 4,200 of 20,000" and the folders to watch, in one walk that
    does not keep every file's path (issue 15: 6 MB for a moment at 20,000, at each rescan)."""
    for folder in range(6):
        for n in range(300):
            (tmp_path / f"f{folder}").mkdir(exist_ok=True)
            (tmp_path / f"f{folder}" / f"article-with-a-longer-name-{n:04d}.md").touch()
    (tmp_path / "f0" / "again").symlink_to(tmp_path / "f0", target_is_directory=True)  # not gone into
    (tmp_path / "f0" / "deeper").mkdir()
    article(tmp_path / "f0" / "deeper" / "last.md")

    def peak(work) -> int:
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            work()
            return tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()

    found = progressive.survey(tmp_path)
    assert found == (len(scanned(tmp_path).articles), [str(p) for p in walk.folders(tmp_path)])
    assert found[0] == 6 * 300 + 1 and len(found[1]) == 1 + 6 + 1
    assert peak(lambda: progressive.survey(tmp_path)) < peak(lambda: walk.article_files(tmp_path)) / 2
