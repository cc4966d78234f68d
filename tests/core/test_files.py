"""Reading files whatever they are (issue 11): FIFOs and devices are refused at once, never waited on or
read without end; links out of a folder are refused; pictures are refused when they could make Qt read
something else."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from mgreader.core.files import NotReadable, read_regular
from mgreader.core.render.pictures import MAX_PICTURE_BYTES, picture_bytes

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symbolic links")


def answers(action, *args):
    """What ``action`` returned or raised, failing (not hanging) when it has not answered in 20 s."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(action(*args))
        except Exception as error:  # noqa: BLE001 (the test looks at whatever it was)
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert outcome, f"{action.__name__} did not answer: it waits for ever"
    return outcome[0]


@posix_only
def test_a_fifo_is_refused_at_once(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.md")
    error = answers(read_regular, tmp_path / "pipe.md", 1000)
    assert isinstance(error, NotReadable) and "a pipe" in error.strerror


@posix_only
def test_a_device_is_refused_not_read_without_end():
    error = answers(read_regular, Path("/dev/zero"), 1000)
    assert isinstance(error, NotReadable) and "a device" in error.strerror


def test_a_folder_is_refused(tmp_path: Path):
    error = answers(read_regular, tmp_path, 1000)
    assert isinstance(error, OSError)


@posix_only
def test_a_link_out_of_the_folder_is_refused(tmp_path: Path):
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.md").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(NotReadable, match="outside the library"):
        read_regular(tmp_path / "root" / "a.md", 1000, within=tmp_path / "root")
    assert read_regular(tmp_path / "root" / "a.md", 1000) == b"secret"  # without ``within``: allowed


def test_at_most_one_byte_more_than_the_limit_is_read(tmp_path: Path):
    (tmp_path / "big").write_bytes(b"x" * 10_000)
    assert len(read_regular(tmp_path / "big", 100)) == 101


@posix_only
def test_a_huge_sparse_picture_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    with (tmp_path / "huge.png").open("wb") as handle:
        handle.truncate(1_500_000_000)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(NotReadable, match="larger than"):
        picture_bytes(tmp_path, "huge.png")
    assert reads == []
    (tmp_path / "ok.png").write_bytes(b"\x89PNG" + b"\0" * (MAX_PICTURE_BYTES - 4))
    assert picture_bytes(tmp_path, "ok.png")[1] == "png"


@posix_only
@pytest.mark.parametrize(
    "reference",
    [
        '<image href="file:///etc/passwd"/>',
        '<image xlink:href="pipe.png"/>',
        "<style>@import url(x.css);</style>",
        '<rect style="fill: url(other.svg#p)"/>',
        '<!DOCTYPE svg SYSTEM "file:///etc/passwd">',
        '<!DOCTYPE svg [<!ENTITY e SYSTEM "/etc/passwd">]>',
    ],
)
def test_an_svg_that_refers_to_other_files_is_refused(tmp_path: Path, reference: str):
    (tmp_path / "p.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{reference}</svg>', "utf-8")
    with pytest.raises(NotReadable, match="refers to other files"):
        picture_bytes(tmp_path, "p.svg")


def test_an_svg_that_refers_only_to_itself_is_allowed(tmp_path: Path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="4"/>'
        '<use xlink:href="#g"/></svg>'
    )
    (tmp_path / "p.svg").write_text(svg, "utf-8")
    assert picture_bytes(tmp_path, "p.svg") == (svg.encode(), "svg")


@posix_only
def test_the_search_digest_and_the_sheet_do_not_wait_on_an_article_replaced_by_a_fifo(tmp_path: Path):
    """Siblings of the FIFO hang: the search indexer's change check and the appointment sheet's lookup."""
    from types import SimpleNamespace

    from mgreader.core.library.scan import ContentRoot, scan
    from mgreader.core.search.documents import file_digest
    from mgreader.core.sheet.lookup import LibraryLookup

    (tmp_path / "a.md").write_text("# A\n\nSome text to quote.\n", encoding="utf-8")
    library = scan([ContentRoot(tmp_path)])
    (tmp_path / "a.md").unlink()
    os.mkfifo(tmp_path / "a.md")
    assert isinstance(answers(file_digest, tmp_path / "a.md"), NotReadable)
    bookmark = SimpleNamespace(article_id="a", quote="Some text to quote.", prefix="", suffix="")
    found = answers(LibraryLookup(library).passage, bookmark)
    assert found.found is False
