"""End to end through mgreader.main (issue 19): record a visit, write a note and a check-in after it, open the
sheet: "Since my last visit" lists only what came after; the command line writes the same Markdown."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from mgreader.core import disclaimer
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.render.page import human_date
from mgreader.core.session.journal import JournalSession
from mgreader.core.session.notes import NotesSession
from tests.ui.test_e2e import Step, run_app, top_level


def when_shown(name: str, then: Callable[[object], None]) -> None:
    """Run ``then`` with the modal dialog ``name`` once it shows (the action that opens it blocks)."""

    def check() -> None:
        dialog = top_level(name)
        if dialog is None:
            QTimer.singleShot(10, check)
        else:
            then(dialog)

    QTimer.singleShot(10, check)


@pytest.mark.usefixtures("qapp")
def test_since_my_last_visit_from_the_window_and_the_command_line(tmp_path: Path, library_dir: Path):
    from mgreader.cli import export as cli_export

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    saved = tmp_path / "from-window.md"
    seen: dict[str, object] = {}

    def record(dialog) -> None:  # type: ignore[no-untyped-def]
        assert human_date(date.today().isoformat()).split()[1] in dialog.day.text()  # the month in words
        dialog.with_whom.setText("Dr. K")
        dialog.title.setText("Review")
        dialog.save_button.click()
        seen["listed"] = dialog.list.item(0).text()
        dialog.accept()

    def in_sheet(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.brief_fields["good_day"].setText("Up for 4 hours")
        dialog.refresh()
        assert dialog.save("pdf", saved.with_suffix(".pdf"))
        seen["since ticked"] = dialog.since_visit.isChecked()
        seen["preview"] = dialog.preview.toPlainText()
        assert dialog.save("md", saved)
        dialog.accept()

    def script() -> Iterator[Step]:
        # The notes file is opened just after the first paint.
        yield lambda: top_level("mainWindow") is not None and top_level("mainWindow").notes.store is not None
        window = top_level("mainWindow")
        store = window.notes.store
        store.add_note("Written before the visit", "Written before the visit")
        store.add_note("Asked before the visit?", "Asked before the visit?", is_question=True)
        when_shown("visitsDialog", record)
        window.commands.record_visit.trigger()
        store.add_note("Slept better since the visit", "Slept better since the visit")
        session = NotesSession(store)
        for n in (1, 2, 3):
            question = store.add_note(f"Top question {n}?", f"Top question {n}?", is_question=True)
            session.star(question.id, True)
        JournalSession(store.journal, date.today).check_in(date.today(), 6, (), False, "A good day")
        when_shown("appointmentSheetDialog", in_sheet)
        window.commands.appointment_sheet.trigger()
        window.close()

    assert run_app(["--home", str(home), "--content", str(library_dir)], script) == 0

    today = human_date(date.today().isoformat())
    assert seen["listed"] == f"{today}: Review, with Dr. K"
    assert seen["since ticked"] is True  # with a visit recorded, the sheet offers what changed since
    preview = str(seen["preview"])
    since = preview[preview.index(f"Since my last visit ({today})") :]
    assert "Last visit: Review, with Dr. K" in since and "Slept better since the visit" in since
    assert "Written before the visit" not in since
    assert "Week of" in preview and "Energy 6" not in preview  # the preview shows the table
    # Page 1: the brief, the three starred questions, then the rest (still carrying the one from before).
    order = ["My illness in brief", "A good day: Up for 4 hours", "My top questions", "1. Top question 1?",
             "2. Top question 2?", "3. Top question 3?", "My other questions", "4. Asked before the visit?",
             "Since my last visit"]  # fmt: skip
    positions = [preview.find(part) for part in order]
    assert -1 not in positions and positions == sorted(positions), positions
    page_1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(saved.with_suffix(".pdf")), "-"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "My illness in brief" in page_1 and "Top question 3?" in page_1

    markdown = saved.read_text(encoding="utf-8")
    assert "Slept better since the visit" in markdown and "Energy 6; crash days: 0" in markdown
    assert (tmp_path / "from-window-chart.png").read_bytes().startswith(b"\x89PNG")
    assert "(from-window-chart.png)" in markdown

    out, err = io.StringIO(), io.StringIO()
    cli_md = tmp_path / "from-cli.md"
    args = ["--sheet", "--since-last-visit", "-o", str(cli_md), "--content", str(library_dir)]
    assert cli_export.run(args, AppPaths.under(home), out, err) == 0, err.getvalue()
    from_cli = cli_md.read_text(encoding="utf-8")
    assert from_cli == markdown.replace("from-window-chart.png", "from-cli-chart.png")
    assert (tmp_path / "from-cli-chart.png").is_file()
