"""The sheet's journal parts ("Since my last visit", "My medicines and supplements") in every format.

Each part is first written as plain lines (``since_lines``, ``medicine_lines``), so that Markdown, HTML
and text carry the same words; the formats only add their markup.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

from mgreader.core.dates import date_words, day_month_words
from mgreader.core.journal.weeks import Spread, Week
from mgreader.core.sheet.parts import NO_VISIT, Item, Medicines, SinceVisit

MEDICINES = "My medicines and supplements"
CHART_ALT = "Chart of my ratings, crash days and medicine changes since my last visit"
WEEKS = "My days, week by week"
TABLE_KEY = "lowest\u2013highest, typical in brackets"  # one line beside the heading
CHART_WIDTH_PX = 540  # the chart's width on the sheet, in CSS pixels (96 an inch: 5.625 inches on paper)
CHART_RESOURCE = "sheet-chart.png"  # the name the PDF and the preview give the chart's image


def chart_file(markdown: Path) -> Path:
    """'appointment.md' -> 'appointment-chart.png' beside it: the Markdown names the chart by that file."""
    return markdown.with_name(f"{markdown.stem}-chart.png")


# (subheading, items) pairs; an item is (text, detail).
Lines = list[tuple[str, list[tuple[str, str]]]]


def week_line(week: Week) -> str:
    """'Week of 2 March 2026 (5 days recorded): Energy 3-6 (typically 4); Pain 2; crash days: 1'."""
    head = f"Week of {date_words(week.monday)}"
    if not week.days_recorded:
        return f"{head}: nothing recorded"
    days = f"{week.days_recorded} day{'s' if week.days_recorded != 1 else ''} recorded"
    ratings = "; ".join(f"{name} {spread.text()}" for name, spread in week.ratings)
    return f"{head} ({days}): {ratings or 'no ratings'}; crash days: {week.crash_days}"


def week_table(rows: tuple[Week, ...]) -> str:
    """The weeks as an HTML table: a row a week; lowest-highest and the typical value of each rating."""
    if not any(w.days_recorded for w in rows):
        return ""
    names: list[str] = []
    for week in rows:
        names += [name for name, _ in week.ratings if name not in names]
    share = 55 // max(1, len(names))  # the week and the counts keep their width; ratings share the rest
    widths = ("16", "12", *(str(share) for _ in names), "17")
    titles = ("Week of", "Days", *names, "Crash days")
    head = "".join(f'<th width="{w}%">{_esc(n)}</th>' for w, n in zip(widths, titles, strict=True))
    body = []
    for week in rows:
        cells = [day_month_words(week.monday), str(week.days_recorded)]  # "2 Mar": fits the column
        cells += [_cell(s) if (s := week.spread(n)) is not None else "\u2013" for n in names]
        cells.append(str(week.crash_days) if week.days_recorded else "\u2013")
        body.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
    table = '<table class="weeks" width="100%" border="1" cellspacing="0" cellpadding="3">'
    # The header row in <thead>: Qt repeats it at the top of every page the table runs onto (paper, PDF).
    table += f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return table


def _cell(spread: Spread) -> str:
    if spread.lowest == spread.highest:
        return str(spread.typical)
    return f"{spread.lowest}\u2013{spread.highest} ({spread.typical})"


def _items(items: tuple[Item, ...]) -> list[tuple[str, str]]:
    return [(i.text, i.detail) for i in items]


def since_lines(part: SinceVisit) -> Lines:
    groups: Lines = [
        ("New or changed notes", _items(part.notes)),
        ("Questions answered", _items(part.answered)),
        ("New bookmarks", _items(part.bookmarks)),
        ("Passages no longer found", _items(part.not_found)),
        ("Medicine and dose changes", _items(part.changes)),
        (WEEKS, [(week_line(w), "") for w in part.weeks]),
    ]
    kept = [(title, items) for title, items in groups if items]
    return kept or [("", [("Nothing was recorded or changed since then.", "")])]


def medicine_lines(meds: Medicines) -> Lines:
    taken = [(f"{m.name}: {m.dose}, {m.when}" + (f" ({m.magnesium})" if m.magnesium else ""), "")
             for m in meds.lines]  # fmt: skip
    if meds.total:
        taken.append((meds.total, ""))
    out: Lines = [("", taken)]
    if meds.timing:
        out.append(("Timing notes", _items(meds.timing)))
    return out


# Markdown and text


def to_markdown(
    since: SinceVisit | None,
    no_visit: bool,
    meds: Medicines | None,
    md: Callable[..., str],
    chart_name: str,
) -> list[str]:
    """Markdown lines; ``md`` escapes the reader's text (formats._md); ``chart_name`` is the chart's file."""
    out: list[str] = []
    if no_visit:
        out += ["", "## Since my last visit", "", md(NO_VISIT)]
    if since is not None:
        out += ["", f"## {since.heading}", "", md(since.visit_line)]
        if since.chart_png and chart_name:
            out += ["", f"![{CHART_ALT}]({chart_name})"]
        out += _md_groups(since_lines(since), md)
    if meds is not None:
        out += ["", f"## {MEDICINES}"]
        out += _md_groups(medicine_lines(meds), md)
    return out


def _md_groups(groups: Lines, md) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for title, items in groups:
        if title:
            out += ["", f"### {title}"]
        out.append("")
        for text, detail in items:
            out.append(f"- {md(text)}" + (f"  \n  {md(detail)}" if detail else ""))
    return out


def to_text(since: SinceVisit | None, no_visit: bool, meds: Medicines | None) -> list[str]:
    out: list[str] = []

    def heading(title: str) -> None:
        out.extend(["", title, "=" * len(title)])

    if no_visit:
        heading("Since my last visit")
        out.append(NO_VISIT)
    if since is not None:
        heading(since.heading)
        out.append(since.visit_line)
        out += _text_groups(since_lines(since))
    if meds is not None:
        heading(MEDICINES)
        out += _text_groups(medicine_lines(meds))
    return out


def _text_groups(groups: Lines) -> list[str]:
    out: list[str] = []
    for title, items in groups:
        if title:
            out += ["", title + ":"]
        for text, detail in items:
            out.append(f"- {text}" + (f"\n  {detail}" if detail else ""))
    return out


# HTML


def to_html(
    since: SinceVisit | None, no_visit: bool, meds: Medicines | None, chart_src: str | None
) -> list[str]:
    """HTML blocks; ``chart_src`` None puts the chart inline (a data: URL), else names the image resource."""
    out: list[str] = []
    if no_visit:
        out += ['<h2 id="since">Since my last visit</h2>', f"<p>{_esc(NO_VISIT)}</p>"]
    if since is not None:
        out += [f'<h2 id="since">{_esc(since.heading)}</h2>', f"<p>{_esc(since.visit_line)}</p>"]
        if since.chart_png:
            src = chart_src or "data:image/png;base64," + base64.b64encode(since.chart_png).decode("ascii")
            image = f'<img src="{_esc(src)}" alt="{_esc(CHART_ALT)}" width="{CHART_WIDTH_PX}">'
            out.append(f'<p id="since-chart">{image}</p>')
        groups = since_lines(since)
        table = week_table(since.weeks)
        if table:  # a table on paper: a clinician reads down a column
            groups = [(t, items) for t, items in groups if t != WEEKS]
        out += _html_groups(groups, "since")
        if table:
            out += [f'<h3 id="since-weeks">{WEEKS} <span class="key">({_esc(TABLE_KEY)})</span></h3>', table]
    if meds is not None:
        out.append(f'<h2 id="medicines">{_esc(MEDICINES)}</h2>')
        out += _html_groups(medicine_lines(meds), "medicines")
    return out


def _html_groups(groups: Lines, prefix: str) -> list[str]:
    out: list[str] = []
    for number, (title, items) in enumerate(groups, 1):
        if title:
            out.append(f'<h3 id="{prefix}-{number}">{_esc(title)}</h3>')
        out.append("<ul>")
        for item, (text, detail) in enumerate(items, 1):
            extra = f"<br>{_esc(detail)}" if detail else ""  # an id: on paper an item is not split
            out.append(f'<li id="{prefix}-{number}-{item}">{_esc(text)}{extra}</li>')
        out.append("</ul>")
    return out


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
