"""``mgreader export --sheet --since-last-visit`` (issue 19): the same part as the window's sheet."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from mgreader.cli import export as cli_export
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths


def export(paths: AppPaths, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli_export.run(list(args), paths, out, err), out.getvalue(), err.getvalue()


def test_with_no_visit_the_sheet_says_so(tmp_path: Path, library_dir: Path):
    paths = AppPaths.under(tmp_path / "home")
    with Store.open(paths.store_file):
        pass
    status, out, err = export(paths, "--sheet", "--since-last-visit", "-o", "-", "--format", "md",
                              "--content", str(library_dir))  # fmt: skip
    assert (status, err) == (0, "")
    assert "## Since my last visit" in out and "No visit is recorded yet" in out


def test_since_the_last_visit_lists_what_came_after(tmp_path: Path, library_dir: Path):
    paths = AppPaths.under(tmp_path / "home")
    week_ago = date.today() - timedelta(days=7)
    with Store.open(paths.store_file) as store:
        store.journal.add_visit(week_ago, "Dr. K", "Review")
        store.add_note("A new note", "A new note")
        store.journal.save_checkin(date.today(), 5, (), True, "", date.today())
    status, out, err = export(paths, "--sheet", "--since-last-visit", "-o", "-", "--format", "txt",
                              "--content", str(library_dir))  # fmt: skip
    assert (status, err) == (0, ""), err
    assert "Last visit: Review, with Dr. K" in out and "- A new note" in out and "crash days: 1" in out
    # Without the option the sheet has no such part (and here nothing else: exit status 1).
    assert export(paths, "--sheet", "-o", "-", "--format", "txt", "--content", str(library_dir))[0] == 1


def test_json_export_refuses_the_sheet_option(tmp_path: Path):
    paths = AppPaths.under(tmp_path / "home")
    status, _out, err = export(
        paths, "--format", "json", "--since-last-visit", "-o", str(tmp_path / "a.json")
    )
    assert status == 2 and "--since" in err
