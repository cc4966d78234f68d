"""`mgreader export -o` replaces only a regular file and reports write errors (issue 11: as root,
`-o /dev/full` replaced the device node with the sheet and said "Saved")."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from mgreader.cli import export as cli_export
from mgreader.core.atomic import write_atomic
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths

QUESTION = "Could my cramps be low magnesium?"


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths.under(tmp_path / "home")
    with Store.open(paths.store_file) as store:
        store.add_note(QUESTION, QUESTION, is_question=True)
    return paths


def export(paths: AppPaths, *args: str, out: io.TextIOBase | None = None) -> tuple[int, str]:
    err = io.StringIO()
    status = cli_export.run(list(args), paths, out or io.StringIO(), err)
    return status, " ".join(err.getvalue().split())


def special_files(tmp_path: Path) -> list[Path]:
    """A pipe, and as root a character device like /dev/full (made here, so a failure harms nothing)."""
    made = [tmp_path / "pipe.md"]
    os.mkfifo(made[0])
    if os.geteuid() == 0:
        made.append(tmp_path / "full.md")
        os.mknod(made[1], stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return made


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
@pytest.mark.parametrize("option", ["--sheet", "json"])
def test_a_device_or_a_pipe_is_never_replaced(paths: AppPaths, tmp_path: Path, option: str):
    for target in special_files(tmp_path):
        kind = os.stat(target).st_mode
        status, err = export(
            paths, *(["--format", option] if option == "json" else [option]), "-o", str(target)
        )
        assert status == 2 and "not a regular file" in err and "Saved" not in err
        assert os.stat(target).st_mode == kind, f"{target} was replaced"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_writing_never_replaces_a_device_a_pipe_or_a_folder(tmp_path: Path):
    """Every atomic write (settings, backups, exports, caches) keeps to regular files."""
    for target in [*special_files(tmp_path), tmp_path / "folder"]:
        if target.name == "folder":
            target.mkdir()
        kind = os.stat(target).st_mode
        with pytest.raises(OSError, match="only a file is ever replaced"):
            write_atomic(target, b"notes")
        assert os.stat(target).st_mode == kind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["pipe.md", "folder"] + (["full.md"] if os.geteuid() == 0 else [])
    )  # no temporary file left behind


def test_a_link_to_a_file_stays_a_link(paths: AppPaths, tmp_path: Path):
    real = tmp_path / "real.md"
    real.write_text("an earlier sheet", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    status, err = export(paths, "--sheet", "--all", "-o", str(link))
    assert status == 0, err
    assert link.is_symlink() and QUESTION in real.read_text(encoding="utf-8")


class FullDisk(io.StringIO):
    def flush(self) -> None:
        raise OSError(28, "No space left on device")


def test_printing_to_a_full_disk_is_reported(paths: AppPaths):
    status, err = export(paths, "--sheet", "--all", "--format", "md", "-o", "-", out=FullDisk())
    assert status == 2 and "Cannot write the sheet: No space left on device" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
def test_a_pdf_is_never_written_over_a_pipe(qapp, tmp_path: Path):
    from mgreader.ui.sheet.sheet_pdf import write_html_pdf

    (pipe,) = special_files(tmp_path)[:1]
    with pytest.raises(OSError, match="not a regular file"):
        write_html_pdf("<p>Questions</p>", "footer", pipe)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
