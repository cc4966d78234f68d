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
