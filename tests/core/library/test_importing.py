"""The import file-naming rule: a copy never overwrites an article already in the library."""

from pathlib import Path

from mgreader.core.library.importing import import_files, target_name


def test_the_copy_takes_the_next_free_name(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.md").write_text("old", encoding="utf-8")
    (folder / "notes (2).md").write_text("older", encoding="utf-8")
    assert target_name(folder, Path("/elsewhere/notes.txt")) == folder / "notes (3).md"


def test_import_copies_each_file_and_reports_the_ones_it_could_not(tmp_path: Path):
    source = tmp_path / "a.markdown"
    source.write_text("# A", encoding="utf-8")
    report = import_files([source, tmp_path / "missing.md", source], tmp_path / "mine")
    assert report.imported == (tmp_path / "mine" / "a.md", tmp_path / "mine" / "a (2).md")
    assert [path.name for path, _reason in report.failed] == ["missing.md"]
    assert "missing.md could not be copied" in report.failed[0][1]
    assert (tmp_path / "mine" / "a (2).md").read_text(encoding="utf-8") == "# A"


def test_a_device_or_a_fifo_is_refused_not_copied_for_ever(tmp_path: Path):
    """Issue 11 (a sibling of File > Import of notes): /dev/zero was copied until the disk was full."""
    import os
    import threading

    if os.name != "posix":
        return
    os.mkfifo(tmp_path / "pipe.md")
    outcome = []
    sources = [Path("/dev/zero"), tmp_path / "pipe.md"]
    thread = threading.Thread(
        target=lambda: outcome.append(import_files(sources, tmp_path / "m")), daemon=True
    )
    thread.start()
    thread.join(20)
    assert outcome, "the import did not answer"
    (report,) = outcome
    assert report.imported == ()
    assert [reason for _path, reason in report.failed] == [
        "zero could not be copied into your library: it is not a file but a device.",
        "pipe.md could not be copied into your library: it is not a file but a pipe.",
    ]
    assert not (tmp_path / "m").exists() or not list((tmp_path / "m").iterdir())
