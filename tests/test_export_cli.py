"""`mgreader export` (issue 7): the appointment sheet in every format, the PDF's pages, and the errors a
reader can run into. The command runs in-process with a private home; the PDF is read back with poppler."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest

from mgreader.cli import export as cli_export
from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.library import scan as library
from mgreader.core.library.scan import content_roots
from mgreader.core.notes.anchoring import make_anchor
from mgreader.core.notes.store import Store
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.sheet import formats
from mgreader.core.sheet import lookup as sheet_lookup
from mgreader.core.sheet import rules as sheet

DISCLAIMER = disclaimer_module.load(bundled_dir("resources"))
WELCOME = "01-first-topic/01-welcome"
SECOND = "01-first-topic/02-second"
QUESTION = "Could my cramps be low magnesium?"
QUOTE = "This is the first paragraph of the welcome article."
NOTE = "I have felt this since May."
OTHER_QUOTE = "Paragraph 3 of the long section."


def anchor(quote: str):
    text = f"Some words before. {quote} Some words after."
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote), "hash")


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home")


@pytest.fixture
def filled(paths: AppPaths) -> AppPaths:
    """A question to ask, a flagged bookmark with a note, and a bookmark that is not flagged."""
    with Store.open(paths.store_file) as store:
        flagged = store.add_bookmark(WELCOME, anchor(QUOTE))
        store.update_bookmark(flagged.id, include_in_sheet=True, note=NOTE)
        store.add_bookmark(SECOND, anchor(OTHER_QUOTE))
        store.add_note(QUESTION, QUESTION, is_question=True)
    return paths


def export(paths: AppPaths, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli_export.run(list(args), paths, out, err)
    return status, out.getvalue(), err.getvalue()


def expected(paths: AppPaths, content_dir: Path, **options: object) -> sheet.SheetContent:
    lookup = sheet_lookup.LibraryLookup(library.scan(content_roots(paths, content_dir)))
    with Store.open(paths.store_file) as store:
        return sheet.gather(store, sheet.SheetOptions(date.today(), **options), lookup, DISCLAIMER)  # type: ignore[arg-type]


def one_line(err: str) -> str:
    assert err.startswith("mgreader export: "), err
    assert err.count("\n") == 1, err
    return err


# The sheet in every format


@pytest.mark.parametrize(("kind", "render"), [("md", formats.to_markdown), ("html", formats.to_html),
                                               ("txt", formats.to_text)])  # fmt: skip
def test_sheet_files_hold_what_the_sheet_shows(filled: AppPaths, library_dir: Path, tmp_path: Path,
                                              kind: str, render) -> None:  # fmt: skip
    target = tmp_path / f"sheet.{kind}"
    status, out, err = export(filled, "--sheet", "--format", kind, "-o", str(target),
                              "--content", str(library_dir))  # fmt: skip
    assert (status, err) == (0, "")
    # The flagged passage carries the note: counted with it, not as "0 notes".
    assert out == f"Saved the appointment sheet (1 question, 1 passage with a note) to {target}.\n"
    written = target.read_text(encoding="utf-8")
    assert written == render(expected(filled, library_dir))
    for part in (QUESTION, QUOTE, NOTE, "Welcome to the fixture library", "reviewed 1 November 2026"):
        assert part in written
    assert OTHER_QUOTE not in written
    assert oct(target.stat().st_mode & 0o777) == "0o600"  # health notes: private, like the notes file


def test_format_comes_from_the_file_name_and_dash_prints(filled: AppPaths, library_dir: Path, tmp_path: Path):
    status, _, _ = export(filled, "--sheet", "-o", str(tmp_path / "sheet.MD"), "--content", str(library_dir))
    assert status == 0
    assert (tmp_path / "sheet.MD").read_text().startswith("# For my appointment")
    status, out, err = export(filled, "--format", "txt", "-o", "-", "--content", str(library_dir))
    assert (status, err) == (0, "") and out == formats.to_text(expected(filled, library_dir))
    # '-' without --format: printed as text, the only format a terminal or a pipe wants.
    status, printed, err = export(filled, "--sheet", "-o", "-", "--content", str(library_dir))
    assert (status, err, printed) == (0, "", out)


def test_the_summary_counts_passages_with_and_without_notes_and_other_notes(
    filled: AppPaths, library_dir: Path, tmp_path: Path
):
    with Store.open(filled.store_file) as store:
        store.add_note("For the sheet", "Ask about the dose")
    status, out, _ = export(filled, "--all", "-o", str(tmp_path / "s.md"), "--content", str(library_dir))
    assert status == 0 and "(1 question, 2 passages (1 with a note), 1 other note)" in out


def test_selection_options_match_the_sheet_rules(filled: AppPaths, library_dir: Path):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    args = ("--format", "md", "-o", "-", "--content", str(library_dir))
    # Nothing was flagged after tomorrow, but the question still to ask carries forward.
    status, out, _ = export(filled, *args, "--since", tomorrow)
    assert status == 0
    assert QUESTION in out
    assert QUOTE not in out
    status, out, _ = export(filled, *args, "--all", "--title", "Appointment with Dr. K, 3 March")
    assert status == 0
    assert QUOTE in out
    assert OTHER_QUOTE in out
    assert out.startswith("# Appointment with Dr. K, 3 March\n")


def test_about_me_is_the_remembered_line_unless_given(filled: AppPaths, library_dir: Path):
    filled.settings_file.parent.mkdir(parents=True, exist_ok=True)
    filled.settings_file.write_text(json.dumps({sheet.ABOUT_ME_SETTING: "Anna, Long COVID since 2022"}))
    args = ("--format", "txt", "-o", "-", "--content", str(library_dir))
    assert "About me: Anna, Long COVID since 2022" in export(filled, *args)[1]
    assert "About me: Anna, 44" in export(filled, *args, "--about", "Anna, 44")[1]
    filled.settings_file.write_text("{damaged")
    status, out, _ = export(filled, *args)
    assert status == 0
    assert "About me" not in out
    assert filled.settings_file.read_text() == "{damaged"  # an export leaves the settings file alone


# The PDF


def pdftotext(*args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", *args], check=True, capture_output=True, text=True).stdout


def words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, str]]]]:
    """Each page's height and its words with their top edge, from pdftotext's bounding boxes."""
    pages = []
    for page in re.findall(r"<page (.*?)</page>", pdftotext("-bbox", str(pdf), "-"), flags=re.S):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        words = [(float(y), html.unescape(w)) for y, w in found]
        pages.append((height, words))
    return pages


LONG = (
    "Paragraph {} of the long section. It has enough words to fill a line or two on screen, so that the view "
)
LONG += "can scroll down and keep a reading position."


@pytest.fixture
def long_sheet(filled: AppPaths) -> AppPaths:
    """Enough flagged passages and questions for a few pages, with notes in other scripts."""
    with Store.open(filled.store_file) as store:
        for i in range(1, 13):
            b = store.add_bookmark(SECOND, anchor(LONG.format(i)))
            store.update_bookmark(b.id, include_in_sheet=True, note=f"Note {i}: Магний и сон — ύπνος.")
            store.add_note(f"Question {i}?", f"Question {i}?", is_question=True)
    return filled


def test_pdf_has_everything_and_the_disclaimer_and_page_number_on_every_page(
    qapp, long_sheet: AppPaths, library_dir: Path, tmp_path: Path
):
    target = tmp_path / "sheet.pdf"
    title = "Приём у врача, 3 March"
    status, out, err = export(
        long_sheet, "--sheet", "-o", str(target), "--page-size", "A4", "--content", str(library_dir),
        "--title", title,
    )  # fmt: skip
    assert (status, err) == (0, "")
    pages = words_by_page(target)
    assert len(pages) >= 2
    assert out.endswith(f"; {len(pages)} pages) to {target}.\n")

    # NFKC: the PDF keeps typographic ligatures ("ﬁ") as single characters.
    text = " ".join(unicodedata.normalize("NFKC", pdftotext("-raw", str(target), "-")).split())
    for part in (
        title, QUESTION, "Question 12?", QUOTE, NOTE, LONG.format(12), "Note 7: Магний и сон — ύπνος.",
        "The second article, section “A long section”", *DISCLAIMER.paragraphs[1:],
    ):  # fmt: skip
        assert " ".join(part.replace("**", "").split()) in text, part
    # A line carried over to the next page is on that page only (not also, clipped, on the one before).
    for i in range(1, 13):
        assert text.count(f"Paragraph {i} of the long section.") == 1

    # A passage is not split across pages: its quote, source and note are on one page.
    page_texts = [" ".join(unicodedata.normalize("NFKC", w) for _, w in words) for _, words in pages]
    for i in range(1, 13):
        quote_pages = [n for n, t in enumerate(page_texts) if f"Paragraph {i} of the long section." in t]
        note_pages = [n for n, t in enumerate(page_texts) if f"Note {i}: Магний" in t]
        assert len(quote_pages) == 1, i
        assert quote_pages == note_pages, i

    footer = formats.footer_text(DISCLAIMER).split()
    for number, (height, words) in enumerate(pages, 1):
        # The footer is the last thing on the page: its words, then "Page n of N", in the bottom fifth,
        # and every other word of the page is above it.
        text_of_page = [unicodedata.normalize("NFKC", w) for _, w in words]
        start = len(text_of_page) - len(footer) - 4
        assert text_of_page[start:] == [*footer, "Page", str(number), "of", str(len(pages))], number
        top = words[start][0]
        assert top > height * 0.8, number
        assert all(y < top for y, _ in words[:start]), number


def test_pdf_page_size_is_a4_or_letter(qapp, filled: AppPaths, library_dir: Path, tmp_path: Path):
    if shutil.which("pdfinfo") is None:
        pytest.fail("pdfinfo is missing: install poppler-utils (apt-get install poppler-utils)")
    for size, points in (("A4", "595 x 842 pts (A4)"), ("Letter", "612 x 792 pts (letter)")):
        target = tmp_path / f"{size}.pdf"
        assert (
            export(filled, "-o", str(target), "--page-size", size.lower(), "--content", str(library_dir))[0]
            == 0
        )
        info = subprocess.run(["pdfinfo", str(target)], check=True, capture_output=True, text=True).stdout
        assert re.search(rf"Page size:\s+{re.escape(points)}", info), info


def test_default_page_size_follows_the_locale():
    from PySide6.QtCore import QLocale

    from mgreader.ui.sheet.sheet_pdf import default_page_size

    assert default_page_size(QLocale("en_US")) == "Letter"
    assert default_page_size(QLocale("en_GB")) == "A4"
    assert default_page_size(QLocale("de_DE")) == "A4"


def test_pdf_export_needs_no_widgets_and_no_display(filled: AppPaths, library_dir: Path, tmp_path: Path):
    """As `mgreader export` runs from a terminal or a script: no QApplication yet, no display."""
    target = tmp_path / "headless.pdf"
    code = (
        "import sys\n"
        "from mgreader.cli.export import main\n"
        f"status = main(['--home', {str(filled.data_dir.parent)!r}, '--sheet', '-o', {str(target)!r},"
        f" '--content', {str(library_dir)!r}])\n"
        "assert 'PySide6.QtWidgets' not in sys.modules, 'QtWidgets was imported'\n"
        "sys.exit(status)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
                                                              "MGREADER_HOME")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Saved the appointment sheet" in done.stdout
    assert QUOTE in " ".join(unicodedata.normalize("NFKC", pdftotext(str(target), "-")).split())


# Errors: one line on stderr, exit status 2; nothing to export: exit status 1


def test_bad_format_or_no_format(filled: AppPaths, tmp_path: Path):
    status, out, err = export(filled, "--sheet", "--format", "docx", "-o", str(tmp_path / "a.docx"))
    assert (status, out) == (2, "") and "'docx' is not a format" in one_line(err)
    assert "pdf, md, html, txt, json or csv" in err and not (tmp_path / "a.docx").exists()
    status, _, err = export(filled, "--sheet", "-o", str(tmp_path / "sheet"))
    assert status == 2
    assert "--format" in one_line(err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sheet", "--format", "pdf"], "The following arguments are required: -o/--output"),
        (["--sheet", "-o", "x.md", "--colour"], "Unrecognized arguments: --colour"),
        (["--sheet", "-o", "x.md", "--since", "3/3/2026"], "--since needs a date written year-month-day"),
        (["--sheet", "-o", "-", "--format", "pdf"], "A PDF needs a file name"),
        (["--sheet", "--format", "json", "-o", "x.json"], "JSON export always holds all"),
        (["--format", "json", "-o", "-"], "JSON export needs a file name"),
        (["-o", "x.pdf", "--page-size", "A5"], "Argument --page-size: invalid choice: 'A5'"),
    ],
)
def test_usage_errors(filled: AppPaths, args: list[str], message: str):
    status, out, err = export(filled, *args)
    assert (status, out) == (2, "")
    assert message in one_line(err)


def test_a_path_that_cannot_be_written(filled: AppPaths, tmp_path: Path):
    status, _, err = export(filled, "--sheet", "-o", str(tmp_path / "missing" / "sheet.pdf"))
    assert status == 2
    assert f"the folder {tmp_path / 'missing'} does not exist" in one_line(err)
    status, _, err = export(filled, "--sheet", "-o", str(tmp_path))
    assert status == 2
    assert f"{tmp_path} is a folder" in one_line(err)
    assert not (tmp_path / "missing").exists()
    # A file where a folder should be is named as such, not as a folder that "does not exist".
    (tmp_path / "hostname").write_text("laptop\n")
    status, _, err = export(filled, "--sheet", "-o", str(tmp_path / "hostname" / "deeper" / "s.pdf"))
    assert status == 2 and f"{tmp_path / 'hostname'} is a file, not a folder" in one_line(err)


# Root may write anything, so as root these tests act as the unprivileged user 'nobody' (as in test_store).
NOBODY = 65534


@contextmanager
def as_nobody() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="mgreader-test-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
        os.setegid(NOBODY)
        os.seteuid(NOBODY)
    try:
        yield folder
    finally:
        if os.geteuid() != os.getuid():
            os.seteuid(0)
            os.setegid(0)
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                path.chmod(0o700)
        shutil.rmtree(folder)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
@pytest.mark.parametrize("kind", ["md", "pdf"])
def test_a_read_only_folder_or_file(kind: str):
    with as_nobody() as folder:
        paths = AppPaths.under(folder / "home")
        with Store.open(paths.store_file) as store:
            store.add_note(QUESTION, QUESTION, is_question=True)
        locked = folder / "locked"
        locked.mkdir(mode=0o500)
        status, _, err = export(paths, "--sheet", "-o", str(locked / f"sheet.{kind}"))
        assert status == 2
        assert f"you may not write in the folder {locked}" in one_line(err)
        kept = folder / f"kept.{kind}"
        kept.write_text("an earlier sheet")
        kept.chmod(0o400)
        status, _, err = export(paths, "--sheet", "-o", str(kept))
        assert status == 2
        assert "the file is read-only" in one_line(err)
        assert kept.read_text() == "an earlier sheet"
        assert list(locked.iterdir()) == []


def test_nothing_to_export(paths: AppPaths, tmp_path: Path):
    target = tmp_path / "sheet.md"
    status, out, err = export(paths, "--sheet", "-o", str(target))
    assert (status, out) == (1, "") and "Nothing to export: you have no bookmarks or notes yet." in one_line(
        err
    )
    assert not paths.store_file.exists()  # no notes file is made just to find it empty
    with Store.open(paths.store_file) as store:
        store.add_bookmark(WELCOME, anchor(QUOTE))  # not flagged
        store.add_note("Asked already", "Asked already", is_question=True, question_state="asked")
    status, _, err = export(paths, "--sheet", "-o", str(target))
    assert status == 1
    assert "no bookmark is marked for the appointment sheet" in one_line(err)
    assert "--all" in err
    assert not target.exists()
    assert export(paths, "--sheet", "-o", str(target), "--all")[0] == 0


def test_a_damaged_notes_file_is_reported_and_left_alone(paths: AppPaths, tmp_path: Path):
    paths.data_dir.mkdir(parents=True)
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    paths.store_file.write_bytes(damaged)
    status, out, err = export(paths, "--sheet", "-o", str(tmp_path / "sheet.md"))
    assert (status, out) == (2, "")
    assert str(paths.store_file) in one_line(err)
    assert paths.store_file.read_bytes() == damaged
    assert not (tmp_path / "sheet.md").exists()


# JSON: everything, written by core.transfer (issue 6)


def test_json_export_writes_every_bookmark_and_note(filled: AppPaths, tmp_path: Path):
    target = tmp_path / "all.json"
    status, _, err = export(filled, "--format", "json", "-o", str(target))
    assert (status, err) == (0, "")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert len(document["bookmarks"]) == 2
    assert [n["body"] for n in document["notes"]] == [QUESTION]


def test_help(paths: AppPaths):
    status, out, err = export(paths, "--help")
    assert (status, err) == (0, "") and out.startswith("usage: mgreader export") and "--since" in out
    assert "--home DIR" in out


# The journal as CSV (issue 18)


def test_the_journal_exports_as_csv_one_row_per_day(paths: AppPaths, tmp_path: Path):
    import csv

    from mgreader.core.journal.model import Symptom

    with Store.open(paths.store_file) as store:
        today = date.today()
        store.journal.save_checkin(today, 4, [Symptom("Brain fog", 2)], True, "dizzy on the stairs", today)
        store.journal.save_checkin(date.fromordinal(today.toordinal() - 1), 6, [], False, "", today)
    target = tmp_path / "days.csv"
    status, out, err = export(paths, "--journal", "--format", "csv", "-o", str(target))
    assert (status, err) == (0, "")
    assert "Saved 2 days of check-ins" in out
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["date", "energy", "Brain fog"]
    assert rows[0][-2:] == ["crashed", "note"]
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])  # ISO dates, oldest first
    assert rows[2][1:3] == ["4", "2"]
    assert rows[2][-2:] == ["yes", "dizzy on the stairs"]
    status, printed, _ = export(paths, "--journal", "-o", "-", "--format", "csv")
    assert status == 0 and printed.splitlines()[0].startswith("date,energy")


def test_csv_and_the_journal_go_together(paths: AppPaths, tmp_path: Path):
    status, _, err = export(paths, "--journal", "-o", str(tmp_path / "days.pdf"))
    assert status == 2 and "saved as CSV" in err
    status, _, err = export(paths, "-o", str(tmp_path / "days.csv"))
    assert status == 2 and "add --journal" in err


def test_no_check_ins_yet_says_so(paths: AppPaths, tmp_path: Path):
    with Store.open(paths.store_file):
        pass
    status, _, err = export(paths, "--journal", "-o", str(tmp_path / "days.csv"))
    assert status == 1 and "not checked in yet" in err
