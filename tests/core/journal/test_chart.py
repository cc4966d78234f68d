"""The chart's numbers are the reader's entries, and the picture is drawn without a GUI toolkit."""

import subprocess
import sys
from datetime import date, timedelta

from mgreader.core.journal.chart import chart_data, render_png, render_svg
from mgreader.core.journal.model import CheckIn, MedicineChange, Symptom
from mgreader.core.theme import DARK, LIGHT

END = date(2026, 12, 1)


def entries():
    return [
        CheckIn(END - timedelta(days=1), 4, (Symptom("Pain", 2),), True, "", "", ""),
        CheckIn(END, None, (Symptom("Pain", 1),), False, "", "", ""),
        CheckIn(END - timedelta(weeks=5), 7, (), False, "", "", ""),  # outside 4 weeks
    ]


def test_chart_data_holds_only_the_range_and_skips_unrated_values():
    change = MedicineChange("c", "m", END - timedelta(days=3), "dose", "Mg 200 -> 400 mg", "")
    old = MedicineChange("o", "m", END - timedelta(weeks=10), "started", "Mg", "")
    data = chart_data(entries(), [change, old], END, 4, ["Pain"])
    energy, pain = data.series
    assert energy.points == ((END - timedelta(days=1), 4),)
    assert pain.points == ((END - timedelta(days=1), 2), (END, 1))
    assert data.crash_days == (END - timedelta(days=1),)
    assert data.changes == (change,)
    assert data.start == END - timedelta(days=27)


def test_an_empty_range_says_so():
    assert chart_data([], [], END, 4).is_empty()


def test_the_picture_is_a_png_and_an_svg_in_every_theme():
    data = chart_data(entries(), [], END, 4, ["Pain"])
    for theme in (LIGHT, DARK):
        assert render_png(data, theme, 600).startswith(b"\x89PNG")
    assert b"<svg" in render_svg(data, LIGHT, 600)


def test_importing_the_journal_does_not_import_matplotlib():
    modules = "mgreader.core.journal.chart, mgreader.core.session.journal"
    code = f"import sys, {modules}; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_on_paper_one_key_names_every_line_and_the_days_are_in_words(monkeypatch):
    from mgreader.core.journal.chart import make_figure

    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    change = MedicineChange("c", "m", END - timedelta(days=3), "dose", "Mg 200 -> 400 mg", "")
    data = chart_data(entries(), [change], END, 4, ["Pain"])
    figure = make_figure(data, LIGHT, 1125, 1.3, 200, 380, paper=True)
    figure.draw_without_rendering()
    (key,) = figure.legends
    # Read as the key is seen: row by row from the top, left to right.
    seen = sorted(key.get_texts(), key=lambda t: (-round(t.get_window_extent().y0), t.get_window_extent().x0))
    assert [t.get_text() for t in seen] == ["Energy", "Pain", "Crash day", "Medicine change"]
    energy, symptoms = figure.axes
    assert not energy.get_legend() and not energy.get_ylabel() and not symptoms.get_ylabel()
    colours = [line.get_color() for ax in figure.axes for line in ax.get_lines()[:1]]
    assert colours[0] != colours[1]  # energy and the first symptom are told apart in the one key
    days = [t.get_text() for t in symptoms.get_xticklabels() if t.get_text()]
    assert days and all(any(c.isalpha() for c in d) for d in days), days  # "9. Nov.", never "09"
    assert (energy.get_yticks()[0], energy.get_yticks()[-1]) == (0, 10)  # the scale's ends are numbered
    assert (symptoms.get_yticks()[0], symptoms.get_yticks()[-1]) == (0, 3)
