"""How it is going: the chart of the reader's ratings over 4, 12 or 26 weeks, and the same numbers as a table.

The chart is drawn by the Qt-free core with matplotlib in a worker thread (the first drawing imports
matplotlib, about a second), so the window never waits for it; the week table and the list of medicine
changes are plain widgets a screen reader can read cell by cell.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.dates import date_words
from mgreader.core.journal import chart, weeks
from mgreader.core.session.changes import Changes
from mgreader.core.session.journal import JournalSession
from mgreader.core.theme import Theme
from mgreader.ui.look.screen_fit import fit_to_screen


class _Signals(QObject):
    drawn = Signal(int, bytes)  # request number, PNG


class _Draw(QRunnable):
    def __init__(
        self, number: int, data: chart.ChartData, theme: Theme, width: int, height: int, scale: float
    ) -> None:
        super().__init__()
        self.signals = _Signals()
        self._args = (number, data, theme, width, height, scale)

    def run(self) -> None:
        number, data, theme, width, height, scale = self._args
        self.signals.drawn.emit(number, chart.render_png(data, theme, width, scale, max_height_px=height))


class JournalView(QDialog):
    check_in_requested = Signal()
    text_size_changed = Signal()  # the window's text size changed (View > Larger text): the chart follows

    def __init__(
        self, session: JournalSession, theme: Theme, scale: float = 1.0, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("journalView")
        self.setWindowTitle("How it is going")
        self.session = session
        self.theme = theme
        self.scale = scale
        self._request = 0
        self._jobs: dict[int, _Draw] = {}  # kept until their picture arrives, with their signal object
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        self.range = QComboBox()
        self.range.setObjectName("journalRange")
        self.range.setAccessibleName("Weeks shown")
        for n in chart.RANGES_WEEKS:
            self.range.addItem(f"Last {n} weeks", n)
        self.range.currentIndexChanged.connect(lambda _i: self.refresh())
        check_in = QPushButton("Check in now")
        check_in.setObjectName("journalCheckIn")
        check_in.clicked.connect(self.check_in_requested.emit)
        self.chart = QLabel("Drawing the chart…")
        self.chart.setObjectName("journalChart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart.setMinimumHeight(120)
        self.chart.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("journalSummary")
        self.table = QTableWidget()
        self.table.setObjectName("journalWeeks")
        self.table.setAccessibleName("Week by week: lowest, typical and highest rating, and crash days")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.changes = QLabel()
        self.changes.setObjectName("journalChanges")
        self.changes.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.range)
        top.addStretch(1)
        top.addWidget(check_in)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addWidget(self.summary)
        body.addWidget(self.chart)
        body.addWidget(QLabel("Week by week (lowest-highest, typically):"))
        body.addWidget(self.table, 1)
        body.addWidget(self.changes)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        fit_to_screen(self, QSize(1100, int(screen.height() * 0.85)), minimum_width=900)
        self.refresh()

    def weeks_shown(self) -> int:
        return int(self.range.currentData())

    def apply(self, changes: Changes) -> None:
        """Redraw when a check-in or a medicine changed, or everything was replaced."""
        if changes.everything or changes.checkins or changes.medicines:
            self.refresh()

    def set_theme(self, theme: Theme, scale: float) -> None:
        self.theme, self.scale = theme, scale
        self.refresh()

    def refresh(self) -> None:
        today = self.session.today()
        shown = self.weeks_shown()
        start = today - timedelta(weeks=shown) + timedelta(days=1)
        journal = self.session.journal
        checkins = journal.checkins(start, today)
        chosen = journal.symptom_choices()
        self.data = chart.chart_data(checkins, journal.changes(start, today), today, shown, chosen)
        recorded = len(checkins)
        crashes = len(self.data.crash_days)
        self.summary.setText(
            f"{recorded} day{'s' if recorded != 1 else ''} checked in over the last {shown} weeks; "
            f"{crashes} crash day{'s' if crashes != 1 else ''}."
            if recorded
            else "No check-ins in these weeks yet. Press Ctrl+J to check in for today."
        )
        self._fill_table(weeks.summarise(checkins, start, today, chosen), chosen)
        moves = [f"{date_words(c.day)}: {c.what} {c.detail}" for c in self.data.changes]
        self.changes.setText("Medicine changes: " + "; ".join(moves) if moves else "No medicine changes.")
        self._draw()

    def _fill_table(self, rows: list[weeks.Week], chosen: list[str]) -> None:
        names = weeks.rating_names([], chosen)
        for week in rows:
            for name, _spread in week.ratings:
                if name not in names:
                    names.append(name)
        headers = ["Week of", "Days", *names, "Crash days"]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, week in enumerate(reversed(rows)):  # newest first
            cells = [date_words(week.monday), str(week.days_recorded)]
            for name in names:
                spread = week.spread(name)
                cells.append(spread.text() if spread else "–")
            cells.append(str(week.crash_days))
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _draw(self) -> None:
        self._request += 1
        width = max(400, min(self.chart.width(), 1600) if self.isVisible() else 800)
        height = int(self.height() * 0.6) if self.isVisible() else 0
        job = _Draw(self._request, self.data, self.theme, width, height, self.scale)
        job.signals.drawn.connect(self._drawn)
        self._jobs[self._request] = job
        self._pool.start(job)

    def _drawn(self, number: int, png: bytes) -> None:
        self._jobs.pop(number, None)
        if number != self._request:
            return  # an older drawing finished after a newer one was asked for
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.chart.setPixmap(pixmap)
        self.chart.setAccessibleName("Chart of your ratings; the same numbers are in the week table below.")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the application font follows the reader's text size
            self.text_size_changed.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._draw()  # now the chart's width on screen is known

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if abs(event.size().width() - event.oldSize().width()) > 40 and self.isVisible():
            self._draw()

    def done(self, result: int) -> None:
        self._pool.waitForDone(5000)  # a drawing in flight must not outlive the dialog
        super().done(result)
