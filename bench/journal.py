"""Issue 18: how long a check-in save takes to commit, and how long the 26-week chart takes to draw.

Each is reported with a baseline measured in the same run, because these machines are shared and noisy:
the check-in against a note save of the same length (the notes' own autosave), the chart against the
first drawing (which includes importing matplotlib). Run: python bench/journal.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mgreader.core.journal.chart import chart_data, render_png  # noqa: E402
from mgreader.core.journal.model import Symptom  # noqa: E402
from mgreader.core.notes.store import Store  # noqa: E402
from mgreader.core.theme import LIGHT  # noqa: E402

ROUNDS = 200


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    rng = random.Random(1)
    today = date.today()
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "notes.sqlite3") as store:
        note = store.add_note("baseline", "")
        checkins, notes = [], []
        for n in range(ROUNDS):
            day = today - timedelta(days=n % 182)
            symptoms = [
                Symptom(name, rng.randint(0, 3)) for name in ("Brain fog", "Pain", "Sleep", "Dizziness")
            ]
            started = time.perf_counter()
            store.journal.save_checkin(
                day, rng.randint(0, 10), symptoms, rng.random() < 0.1, "a line " * 5, today
            )
            checkins.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.update_note(note.id, body="a line " * 5 + str(n))
            notes.append(time.perf_counter() - started)
        data = chart_data(store.journal.checkins(), [], today, 26)
    started = time.perf_counter()
    render_png(data, LIGHT, 900)
    first = time.perf_counter() - started
    again = []
    for _ in range(10):
        started = time.perf_counter()
        render_png(data, LIGHT, 900)
        again.append(time.perf_counter() - started)
    c50, c95 = statistics.median(checkins), statistics.quantiles(checkins, n=20)[-1]
    n50 = statistics.median(notes)
    print(
        f"check-in save: p50 {ms(c50)}, p95 {ms(c95)} (budget 10 ms); note save p50 {ms(n50)}; "
        f"ratio {c50 / n50:.2f}x"
    )
    r50 = statistics.median(again)
    print(
        f"26-week chart: first {ms(first)} (imports matplotlib), then p50 {ms(r50)} (budget 300 ms); "
        f"ratio {r50 / first:.2f}x of the first"
    )


if __name__ == "__main__":
    main()
