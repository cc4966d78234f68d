"""The journal's chart: energy and each symptom over the weeks, crash days and medicine changes marked.

Drawn with matplotlib (Agg, no GUI toolkit), so the same picture serves the window, the PDF and the HTML
sheet. matplotlib is imported on the first chart only: it costs about half a second, never at startup.
``chart_data`` is the chart as numbers: what the picture shows, for tests and for a screen reader's table.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mgreader.core.journal.model import CheckIn, MedicineChange
from mgreader.core.journal.weeks import ENERGY, rating_names
from mgreader.core.theme import Theme

RANGES_WEEKS = (4, 12, 26)
# Line styles as well as colours: colour is never the only way to tell two lines apart.
_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))
_MARKERS = ("o", "s", "^", "D", "v", "P")


@dataclass(frozen=True)
class Series:
    name: str
    scale_max: int  # 10 for energy, 3 for a symptom
    points: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class ChartData:
    start: date
    end: date
    series: tuple[Series, ...]
    crash_days: tuple[date, ...]
    changes: tuple[MedicineChange, ...]

    def is_empty(self) -> bool:
        return not any(s.points for s in self.series) and not self.crash_days and not self.changes


def chart_data(
    checkins: Iterable[CheckIn],
    changes: Iterable[MedicineChange],
    end: date,
    weeks: int,
    chosen: Iterable[str] = (),
) -> ChartData:
    start = end - timedelta(weeks=weeks) + timedelta(days=1)
    days = sorted((c for c in checkins if start <= c.day <= end), key=lambda c: c.day)
    series = []
    for name in rating_names(days, chosen):
        if name == ENERGY:
            points = tuple((c.day, c.energy) for c in days if c.energy is not None)
            series.append(Series(name, 10, points))
        else:
            pts = tuple((c.day, s) for c in days if (s := c.score_of(name)) is not None)
            series.append(Series(name, 3, pts))
    crashes = tuple(c.day for c in days if c.crashed)
    moves = tuple(c for c in changes if start <= c.day <= end)
    return ChartData(start, end, tuple(series), crashes, moves)


def render_png(
    data: ChartData,
    theme: Theme,
    width_px: int = 900,
    scale: float = 1.0,
    dpi: int = 100,
    max_height_px: int = 0,
    paper: bool = False,
) -> bytes:
    """The chart as a PNG. ``scale`` is the reader's text size (1.0 = 100%): fonts and lines grow with it;
    ``max_height_px`` (when given) keeps it within the part of the window it is shown in. ``paper``: the
    layout for the printed sheet (see ``figure``)."""
    figure = make_figure(data, theme, width_px, scale, dpi, max_height_px, paper)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, facecolor=theme.background)
    return out.getvalue()


def render_svg(data: ChartData, theme: Theme, width_px: int = 900, scale: float = 1.0) -> bytes:
    figure = make_figure(data, theme, width_px, scale, 100)
    out = io.BytesIO()
    figure.savefig(out, format="svg", facecolor=theme.background)
    return out.getvalue()


def make_figure(
    data: ChartData,
    theme: Theme,
    width_px: int,
    scale: float,
    dpi: int,
    max_height_px: int = 0,
    paper: bool = False,
) -> Any:
    """The chart as a matplotlib Figure (``width_px / dpi`` inches wide; text of ``10 * scale`` points).

    ``paper``: every text at the full size (large print reads at least 12 pt on the sheet), so room is made
    for it: one key across the top (the series, a crash day, a medicine change) instead of a key over each
    panel and a title, no axis titles (the key names the lines), fewer numbers on the rating axes, and the
    days as day and month in the reader's language ("2 Mar") rather than numbers under a "2026-Mar"."""
    # The object-oriented API with a bare Figure: no pyplot, no global state, no GUI backend.
    from matplotlib.figure import Figure

    size = 10 * scale
    energy = [s for s in data.series if s.name == ENERGY]
    symptoms = [s for s in data.series if s.name != ENERGY]
    rows = 1 + (1 if symptoms else 0)
    height_px = int(width_px * (0.32 if rows == 1 else 0.55) * max(1.0, scale * 0.9))
    if max_height_px:
        height_px = max(min(height_px, max_height_px), int(260 * scale))
    figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor=theme.background)
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    panels = [(axes[0], energy, 10, "Energy")]
    if symptoms:
        panels.append((axes[1], symptoms, 3, "Symptoms"))
    x_start, x_end = _num(data.start) - 0.5, _num(data.end) + 0.5
    for ax, series, top, label in panels:
        ax.set_facecolor(theme.background)
        # On paper one key names every line: a symptom's line never looks like energy's.
        first = len(energy) if paper and ax is not axes[0] else 0
        for n, one in enumerate(series, first):
            if not one.points:
                continue
            xs = [_num(d) for d, _ in one.points]
            ys = [v for _, v in one.points]
            ax.plot(
                xs,
                ys,
                linestyle=_STYLES[n % len(_STYLES)],
                marker=_MARKERS[n % len(_MARKERS)],
                markersize=4 * scale,
                linewidth=1.6 * scale,
                color=_colour(theme, n),
                label=one.name,
            )
        for day in data.crash_days:
            ax.axvspan(_num(day) - 0.5, _num(day) + 0.5, color=theme.muted, alpha=0.25, linewidth=0)
        for change in data.changes:
            ax.axvline(_num(change.day), color=theme.text, linestyle=":", linewidth=1.2 * scale)
        ax.set_ylim(-0.3, top + 0.3)
        ax.set_yticks(range(0, top + 1, _step(top, height_px / dpi * 72 / (rows + 1), size) if paper else
                            2 if top > 5 else 1))  # fmt: skip
        ax.set_xlim(x_start, x_end)
        if not paper:
            ax.set_ylabel(label, color=theme.text, fontsize=size)
        ax.tick_params(colors=theme.text, labelsize=size if paper else size * 0.9)
        ax.grid(True, color=theme.border, linewidth=0.6, alpha=0.7)
        for spine in ax.spines.values():
            spine.set_color(theme.border)
        if any(s.points for s in series) and not paper:
            legend = ax.legend(
                loc="lower left",
                bbox_to_anchor=(0, 1.0),
                fontsize=size * 0.85,
                frameon=False,
                ncol=min(4, len(series)),
                borderaxespad=0.2,
            )
            legend.get_frame().set_facecolor(theme.background)
            legend.get_frame().set_edgecolor(theme.border)
            for text in legend.get_texts():
                text.set_color(theme.text)
    if paper:
        return _paper(figure, axes, data, theme, size)
    _days_in_words(axes[-1], 8)
    title = "Shaded: crash days.  Dotted lines: medicine changes."
    figure.suptitle(title, color=theme.muted, fontsize=size * 0.9, x=0.01, ha="left")
    figure.tight_layout()
    return figure


def _step(top: int, panel_points: float, size: float) -> int:
    """The smallest step between numbers on a rating axis (one that reaches the top: 0-5-10, 0-3) that
    leaves each number room for its line of text."""
    unit = panel_points / (top + 0.6)
    steps = [step for step in (1, 2, 5) if top % step == 0]
    return next((step for step in steps if step * unit >= 1.5 * size), top)


def _paper(figure: Any, axes: Any, data: ChartData, theme: Theme, size: float) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    names = {one.name for one in data.series}
    named: list[Any] = [line for ax in axes for line in ax.get_lines() if line.get_label() in names]
    if data.crash_days:
        named.append(Patch(color=theme.muted, alpha=0.25, label="Crash day"))
    if data.changes:
        named.append(Line2D([], [], color=theme.text, linestyle=":", label="Medicine change"))
    # As many entries a row as fit across the figure, measured as matplotlib lays them out.
    for columns in range(max(1, len(named)), 0, -1):
        legend = figure.legend(
            handles=_row_major(named, columns), loc="upper left", bbox_to_anchor=(0, 1), fontsize=size,
            frameon=False, ncol=columns, borderaxespad=0.1, columnspacing=1.0, handlelength=2.2,
        )  # fmt: skip
        if columns == 1 or legend.get_window_extent().width <= figure.get_figwidth() * figure.dpi:
            break
        legend.remove()
    for text in legend.get_texts():
        text.set_color(theme.text)
    # The height was planned with one row of key: each further row makes the figure taller, not the
    # panels shorter (their numbers keep their room).
    rows = -(-len(named) // columns) if named else 1
    key_inches = legend.get_window_extent().height / figure.dpi
    figure.set_figheight(figure.get_figheight() + key_inches * (rows - 1) / rows)
    _days_in_words(axes[-1], 7)
    # Little padding: on paper the height goes to the panels (tight_layout's default is a line of text).
    figure.tight_layout(pad=0.3, h_pad=0.4, rect=(0, 0, 1, _below_legend(figure, legend)))
    return figure


def _row_major(handles: list[Any], columns: int) -> list[Any]:
    """The handles in the order matplotlib fills a key (down each column), so that it reads across each row
    ("Energy  Pain  Brain fog" first)."""
    rows = -(-len(handles) // columns) if handles else 0
    order = [r * columns + c for c in range(columns) for r in range(rows)]
    return [handles[n] for n in order if n < len(handles)]


def _days_in_words(ax: Any, most: int) -> None:
    """The days under the chart as day and month in the reader's language ("2 Mar", "Mar 2"), never as
    numbers only ("05" under a "2026-Mar")."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    from mgreader.core.dates import day_month_words

    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=most))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: day_month_words(num2date(x).date())))


def _below_legend(figure: Any, legend: Any) -> float:
    """The share of the figure's height under the key, for the panels."""
    box = legend.get_window_extent()  # matplotlib lays the key out to measure it
    return float(max(0.3, 1 - box.height / (figure.get_figheight() * figure.dpi) - 0.02))


def _num(day: date) -> float:
    from matplotlib.dates import date2num

    return float(date2num(day))


def _colour(theme: Theme, n: int) -> str:
    """Series colours with at least 3:1 contrast on the theme's background (tested): the text colour, the
    link colour, then a few fixed ones chosen per light or dark background."""
    extra = (
        ("#8ec07c", "#fabd2f", "#fe8019", "#d3869b")
        if theme.dark
        else ("#1b7a3a", "#9a5b00", "#b3261e", "#6b3fa0")
    )
    return (theme.text, theme.link, *extra)[n % 6]
