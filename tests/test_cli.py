"""The command line as typed (issue 12): options before the command, a mistyped command, `mgreader import`.

Run in-process through mgreader.main, as the `mgreader` command runs it, with a private home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mgreader
from mgreader.core.notes.anchoring import make_anchor
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths

QUOTE = "This is the first paragraph of the welcome article."
WELCOME = "01-first-topic/01-welcome"


def fill(home: Path, note: str = "Since May.") -> AppPaths:
    paths = AppPaths.under(home)
    text = f"Before. {QUOTE} After."
    with Store.open(paths.store_file) as store:
        bookmark = store.add_bookmark(WELCOME, make_anchor(text, 8, 8 + len(QUOTE), "hash"))
        store.update_bookmark(bookmark.id, include_in_sheet=True, note=note)
        store.add_note("Cramps?", "Could my cramps be low magnesium?", is_question=True)
    return paths


def counts(paths: AppPaths) -> tuple[int, int]:
    with Store.open(paths.store_file) as store:
        return len(store.all_bookmarks()), len(store.notes())


def test_home_before_the_command_chooses_whose_notes_export_and_check_use(
    tmp_path: Path, library_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("MGREADER_HOME", raising=False)
    fill(tmp_path / "mine")
    mine = ["--home", str(tmp_path / "mine")]
    status = mgreader.main([*mine, "--content", str(library_dir), "export", "-o", "-"])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "") and QUOTE in out and "Since May." in out
    # The reader's own articles are those under that home: a file that is not UTF-8 there is reported.
    mine = AppPaths.under(tmp_path / "mine").library_dir
    mine.mkdir(parents=True)
    (mine / "bad.md").write_bytes(b"# Caf\xe9\n")
    # (the bundled library, checked with it, has no problem)
    assert mgreader.main([f"--home={tmp_path / 'mine'}", "check"]) == 1
    out, _ = capsys.readouterr()
    assert "bad.md" in out and "UTF-8" in out
    assert mgreader.main(["--home", str(tmp_path / "other"), "check"]) == 0
    assert "bad.md" not in capsys.readouterr().out


@pytest.mark.parametrize(("typed", "meant"), [("chek", "check"), ("exprt", "export"), ("improt", "import")])
def test_a_mistyped_command_suggests_the_right_one(typed: str, meant: str, capsys, tmp_path: Path):
    assert mgreader.main(["--home", str(tmp_path), typed]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert f"'{typed}' is not a command" in err and f"Did you mean 'mgreader {meant}'?" in err
    assert not (tmp_path / "data").exists()  # no window, nothing created


def test_a_word_far_from_any_command_lists_them(capsys):
    assert mgreader.main(["bananas"]) == 2
    err = capsys.readouterr().err
    assert "check, export, import" in err and "Did you mean" not in err


def export_everything(paths: AppPaths, target: Path) -> None:
    home = str(paths.data_dir.parent)
    assert mgreader.main(["--home", home, "export", "--format", "json", "-o", str(target)]) == 0


def test_import_adds_an_export_once_and_backs_up_first(tmp_path: Path, capsys):
    laptop = fill(tmp_path / "laptop")
    export_everything(laptop, tmp_path / "notes.json")
    desktop = fill(tmp_path / "desktop", note="A note of the desktop's own.")
    before = counts(desktop)
    capsys.readouterr()

    assert mgreader.main(["--home", str(tmp_path / "desktop"), "import", str(tmp_path / "notes.json")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Imported {tmp_path / 'notes.json'}: 2 added") and "backed up in" in out
    assert counts(desktop) == (before[0] + 1, before[1] + 1)
    backups = list(desktop.backup_dir.iterdir())
    assert len(backups) == 1  # made before the import: it holds the desktop's notes as they were
    with Store.open(backups[0]) as backup:
        assert [b.note for b in backup.all_bookmarks()] == ["A note of the desktop's own."]

    # Again: nothing duplicated, nothing deleted.
    assert mgreader.main(["import", str(tmp_path / "notes.json"), "--home", str(tmp_path / "desktop")]) == 0
    assert "0 added, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert counts(desktop) == (before[0] + 1, before[1] + 1)


def test_import_into_a_new_home_needs_no_backup(tmp_path: Path, capsys):
    export_everything(fill(tmp_path / "laptop"), tmp_path / "notes.json")
    capsys.readouterr()
    assert mgreader.main(["--home", str(tmp_path / "new"), "import", str(tmp_path / "notes.json")]) == 0
    assert counts(AppPaths.under(tmp_path / "new")) == (1, 1)
    assert "backed up" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "there is no such file"),
        (lambda p: p.mkdir(), "it is a folder"),
        (lambda p: p.write_text("not json"), "is not a Mg Reader export"),
        (lambda p: p.write_text(json.dumps({"format": "something else"})), "is not a Mg Reader export"),
    ],
)
def test_import_errors_are_one_line_and_change_nothing(tmp_path: Path, capsys, make, message: str):
    desktop = fill(tmp_path / "desktop")
    before = counts(desktop)
    source = tmp_path / "notes.json"
    make(source)
    capsys.readouterr()
    assert mgreader.main(["--home", str(tmp_path / "desktop"), "import", str(source)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("mgreader import: ") and err.count("\n") == 1 and message in err
    assert counts(desktop) == before


def test_import_usage(capsys):
    assert mgreader.main(["import"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "required: FILE.json" in err and "mgreader import --help" in err
    assert mgreader.main(["import", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: mgreader import") and "--home DIR" in out and "backed up" in out
