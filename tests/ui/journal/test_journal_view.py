"""How it is going: the chart drawn from the reader's entries, and the same numbers in a week table."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from mgreader.core.journal.model import Medicine, Symptom
from mgreader.core.notes.store import Store
from mgreader.core.session.changes import Changes
from mgreader.core.session.journal import JournalSession
from mgreader.core.theme import DARK, LIGHT
from mgreader.ui.journal.journal_view import JournalView

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def session(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        s = JournalSession(store.journal, lambda: TODAY)
        for n, (energy, fog) in enumerate([(5, 1), (2, 3), (4, 2)]):
            s.check_in(TODAY - timedelta(days=n), energy, [Symptom("Brain fog", fog)], n == 1, "")
        s.add_medicine(
            Medicine("", "Magnesium citrate", "tablet", 1, "tablet", 2, 1, "", TODAY, None, 200, None, "", "")
        )
        yield s


def test_the_week_table_holds_the_numbers_newest_week_first(qtbot, session: JournalSession):
    view = JournalView(session, LIGHT)
    qtbot.add_widget(view)
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert headers[:4] == ["Week of", "Days", "Energy", "Brain fog"]
    assert headers[-1] == "Crash days"
    assert view.table.item(0, 0).text() == "30 November 2026"
    assert view.table.item(0, 1).text() == "2"  # Monday and Tuesday of this week
    assert view.table.item(0, 2).text() == "2-5 (typically 2)"
    assert view.table.item(0, headers.index("Crash days")).text() == "1"  # Monday
    assert view.table.item(1, 2).text() == "4"  # Sunday, the week before
    assert view.table.item(1, headers.index("Crash days")).text() == "0"
    assert "Magnesium citrate" in view.changes.text()
    assert "3 days checked in" in view.summary.text()


def test_the_chart_arrives_without_blocking_and_follows_a_new_check_in(qtbot, session: JournalSession):
    view = JournalView(session, DARK)
    qtbot.add_widget(view)
    view.show()
    qtbot.wait_until(
        lambda: view.chart.pixmap() is not None and not view.chart.pixmap().isNull(), timeout=20000
    )
    assert [p for _d, p in view.data.series[0].points] == [4, 2, 5]
    done = session.check_in(TODAY - timedelta(days=5), 8, [], False, "")
    view.apply(done.changes)
    assert [p for _d, p in view.data.series[0].points] == [8, 4, 2, 5]


def test_a_longer_range_shows_more_weeks(qtbot, session: JournalSession):
    view = JournalView(session, LIGHT)
    qtbot.add_widget(view)
    rows = view.table.rowCount()
    view.range.setCurrentIndex(view.range.findData(26))
    assert view.table.rowCount() > rows
    view.apply(Changes(notes=frozenset({"n"})))  # a note changed: nothing to redraw
    assert view.weeks_shown() == 26
