"""The sheet on paper in large print (issue 19), read back with poppler: word sizes, the disclaimer line on
every page and the full text at the end (never a page of its own), the two-page case, the chart."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.journal.model import CheckIn, Medicine, Symptom, Visit
from mgreader.core.paths import bundled_dir
from mgreader.core.sheet import formats, since
from mgreader.core.sheet.rules import Passage, Question, SheetContent
from mgreader.ui.sheet import sheet_pdf

TODAY = date(2026, 3, 29)
VISIT = Visit(
    "v", TODAY - timedelta(days=28), "Dr. K", "Review", "2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"
)
LATER = "2026-03-30T12:00:00Z"  # every check-in written after the visit
DISCLAIMER = disclaimer_module.load(bundled_dir("resources"))


def tool(name: str, *args: str) -> str:
    if shutil.which(name) is None:
        pytest.fail(f"{name} is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run([name, *args], check=True, capture_output=True, text=True).stdout


def two_page_sheet(weeks: int = 4) -> SheetContent:
    """The issue's case: the top three questions, two passages, a medicine list and a 4-week summary (or
    a summary of more ``weeks``)."""
    visit = replace(VISIT, day=TODAY - timedelta(days=7 * weeks))
    questions = (
        Question("Could my cramps be low magnesium?", "They started in May.", "to_ask", "", ""),
        Question("Which form is gentle on the stomach?", "", "to_ask", "", "Food and supplement forms"),
        Question("What should I do if this gets worse?", "", "to_ask", "", ""),
    )
    passages = (
        Passage("Magnesium helps muscles relax after they contract. Low levels can show as cramps.", False,
                "Muscles and physical recovery", "Cramps", "2026-11-24", ("Ask if this applies to me.",),
                True),
        Passage("Some people take magnesium in the evening because it may help them sleep.", False, "Sleep",
                "Magnesium at night", "2026-11-24", (), True),
    )  # fmt: skip
    checkins = [
        CheckIn(visit.day + timedelta(days=n), 3 + n % 5,
                (Symptom("Pain", n % 4), Symptom("Brain fog", n % 3)), n % 9 == 0, "", LATER, LATER)
        for n in range(1, 7 * weeks + 1)
    ]  # fmt: skip
    part = since.since_last_visit(visit, TODAY, [], [], checkins, [], {}, str, lambda _b: True)
    meds = [
        Medicine("", name, "tablet", 1, "tablet", times, 1, when, None, None, mg, None, "", "")
        for name, times, when, mg in (
            ("Magnesium glycinate", 2, "with breakfast and supper", 100.0),
            ("Vitamin D", 1, "with breakfast", None),
            ("Propranolol", 2, "morning and evening", None),
            ("Melatonin", 1, "at bedtime", None),
        )
    ]
    return SheetContent(
        "Appointment with Dr. K", "Long COVID since 2022", TODAY, questions, passages, (), DISCLAIMER,
        since=since.with_chart(part), medicines=since.medicines(meds, TODAY, []),
    )  # fmt: skip


Word = tuple[float, float, str]  # height of the word's box in points, its top, the word


def pages_of(pdf: Path) -> list[tuple[float, list[Word]]]:
    """Each page's height and its words (box height, top, text), from ``pdftotext -bbox-layout``."""
    pages = []
    for page in re.findall(
        r"<page (.*?)</page>", tool("pdftotext", "-bbox-layout", str(pdf), "-"), flags=re.S
    ):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        found = re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page
        )
        pages.append((height, [(float(y2) - float(y1), float(y1), html.unescape(w)) for y1, y2, w in found]))
    return pages


@pytest.fixture(scope="module")
def pdfs(qapp, tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for size in ("A4", "Letter"):
        made[size] = folder / f"{size}.pdf"
        sheet_pdf.write_pdf(two_page_sheet(), made[size], size)  # type: ignore[arg-type]
    return made


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_issue_case_fits_on_two_pages_with_the_chart(pdfs: dict[str, Path], size: str):
    pages = pages_of(pdfs[size])
    assert len(pages) == 2
    listed = tool("pdfimages", "-list", str(pdfs[size])).splitlines()[2:]
    assert len(listed) == 1 and listed[0].split()[2] == "image"  # the chart, once


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_body_words_are_large_print_and_nothing_is_below_the_disclaimer_size(
    pdfs: dict[str, Path], size: str
):
    pages = pages_of(pdfs[size])
    heights = {w.strip(":,.?"): h for _, words in pages for h, _, w in words}
    # A word box is about 1.16 times the font size for DejaVu Sans (ascent + descent).
    for body_word in ("cramps", "gentle", "worse", "glycinate", "bedtime", "Propranolol"):
        assert heights[body_word] >= 16 * 1.1, (body_word, heights[body_word])
    assert heights["Since"] > heights["cramps"]  # headings larger than the body
    smallest = min(h for _, words in pages for h, _, _ in words)
    assert smallest >= 12 * 1.1, smallest
    fonts = tool("pdffonts", str(pdfs[size]))
    assert "DejaVu" in fonts and "yes" in fonts  # embedded


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_disclaimer_line_on_every_page_and_the_full_text_at_the_end(pdfs: dict[str, Path], size: str):
    pages = pages_of(pdfs[size])
    line = formats.footer_text(DISCLAIMER).split()
    last = DISCLAIMER.paragraphs[-1].replace("**", "").split()
    for number, (height, words) in enumerate(pages, 1):
        # The footer: the line and "Page n of N" side by side, below everything else on the page.
        row = max(top for _, top, w in words if w == "Page")
        foot = [w for _, top, w in words if abs(top - row) < 3]
        assert row > height * 0.85
        assert sorted(foot) == sorted([*line, "Page", str(number), "of", str(len(pages))])
        assert all(top < row - 3 for _, top, w in words if abs(top - row) >= 3)
    last_page = " ".join(w for _, _, w in pages[-1][1])
    assert " ".join(last) in last_page and "Questions" not in " ".join(last)


def test_no_page_holds_only_the_disclaimer(qapp, tmp_path: Path):
    """The content ending lower and lower on page 1: the full disclaimer flows into what is left of the last
    page. A page of only disclaimer text may follow only a page the content filled."""
    base = two_page_sheet()
    whole = " ".join([DISCLAIMER.title, *(p.replace("**", "") for p in DISCLAIMER.paragraphs)]).split()
    footer = len(formats.footer_text(DISCLAIMER).split()) + 4
    split = 0  # cases where the disclaimer began on one page and ended on the next
    for extra in range(0, 10):
        questions = tuple(Question(f"Question number {i}?", "", "asked", "", "") for i in range(extra))
        pdf = tmp_path / f"{extra}.pdf"
        sheet_pdf.write_pdf(SheetContent(base.title, "", TODAY, questions, base.passages[:1], (), DISCLAIMER),
                            pdf, "A4")  # fmt: skip
        pages = pages_of(pdf)
        for number, (height, words) in enumerate(pages):
            body = [w for _, _, w in words[:-footer]]
            first_words = " ".join(DISCLAIMER.paragraphs[-1].split()[:4])
            if number and first_words in " ".join(body) and DISCLAIMER.title not in " ".join(body):
                split += 1
            if number and " ".join(body) in " ".join(whole):
                previous = pages[number - 1][1][:-footer]
                bottom = max(top + h for h, top, _ in previous)
                assert bottom > height * 0.75, (extra, number)
    assert split, "no case ran the disclaimer over a page: the test proves nothing"


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_a_week_table_running_over_a_page_repeats_its_header_row(qapp, tmp_path: Path, size: str):
    pdf = tmp_path / "long.pdf"
    sheet_pdf.write_pdf(two_page_sheet(weeks=16), pdf, size)  # type: ignore[arg-type]
    months = {"Nov", "Dec", "Jan", "Feb", "Mar"}  # the table's first column: "7 Dec"
    with_rows = 0
    for _height, words in pages_of(pdf):
        rows = [top for _, top, w in words if w in months]
        if not rows:
            continue
        with_rows += 1
        header = [top for _, top, w in words if w in ("Days", "Crash")]
        assert len(header) == 2, header  # once on each page the table is on
        assert max(header) < min(rows)  # above the page's first row
    assert with_rows >= 2, "the table did not run over a page: the test proves nothing"


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_charts_text_prints_at_least_12_points(pdfs: dict[str, Path], size: str):
    """The chart is a picture: its text's printed size is its size in the figure times the figure's scale
    on the page (pdfimages: the picture's pixels and its pixels an inch as placed)."""
    from matplotlib.text import Text

    from mgreader.core.journal import chart
    from mgreader.core.theme import LIGHT

    (listed,) = tool("pdfimages", "-list", str(pdfs[size])).splitlines()[2:]
    fields = listed.split()
    placed_inches = int(fields[3]) / float(fields[12])  # width / x-ppi
    part = two_page_sheet().since
    assert part is not None
    figure = chart.make_figure(
        since.chart_data(part), LIGHT, since.CHART_WIDTH_PX, since.CHART_SCALE, since.CHART_DPI,
        since.CHART_HEIGHT_PX, paper=True,
    )  # fmt: skip
    figure.draw_without_rendering()  # tick labels are made when drawn
    shown = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    texts = {t.get_text() for t in shown}
    assert {"Energy", "Pain", "Brain fog", "Crash day", "8 Mar", "10", "3"} <= texts, texts
    printed = {t.get_text(): t.get_fontsize() * placed_inches / figure.get_figwidth() for t in shown}
    assert min(printed.values()) >= 12, printed


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_week_tables_heading_never_ends_a_page_without_its_table(qapp, tmp_path: Path, size: str):
    """The content above it growing question by question: wherever the heading falls, the table's header
    row and first row are on its page."""
    base = two_page_sheet()
    for extra in range(0, 12):
        asked = tuple(Question(f"Question number {i}?", "", "asked", "", "") for i in range(extra))
        pdf = tmp_path / f"{extra}.pdf"
        sheet_pdf.write_pdf(replace(base, questions=base.questions + asked), pdf, size)  # type: ignore[arg-type]
        for _height, words in pages_of(pdf):
            heading = [top for _, top, w in words if w == "week"]  # "My days, week by week"
            if heading:
                below = [top for _, top, w in words if w in ("Days", "Mar") and top > heading[0]]
                assert len(below) >= 2, (extra, "the heading ends its page")  # the header row and a row
