"""Benchmark (issue 11): how long the window stops answering while a long note is typed into and autosaved.

A window over the test library is built as the app builds it; a note is opened and typed into, one key every
20 ms, for ``--seconds``; a 5 ms probe timer records the longest gap between its ticks (the longest time the
event loop was blocked). The caret moves between the note's start and its end every ten keys, as a reader
adding to both ends would. Baseline: the same typing into a 1 KB note, in the same run, rounds alternating.
Also given: the 99th percentile of the probe's gaps, and how much of the longest gap the window's thread
spent on the processor (little of it means the machine or another thread held it up, not the window's work).

Budget (issue 11): the long note's longest block stays under 100 ms (and near the short note's).

With ``--open``: the longest gap from choosing a note in the Notes list until its text is in the editor,
writable, and painted (0.5 s later), for a 1 KB note and for the long note, and when leaving the long note
for a 1 KB one (also just after typing in it: until that save is written, too); each from another 1 KB
note, rounds alternating, in the same run.

With ``--retry``: one key typed, its save fails (the notes file refuses the first write), and is retried
(after 0.3 s here, 5 s in the app): the longest gap from the key until "Saved", for a 1 KB note and the long
one, rounds alternating. With ``--close``: how long the window's thread takes to save a key typed just
before (what closing the window does, in the window's thread on purpose: nothing may be lost), same notes.

``--paragraph`` makes the long note one paragraph (no line break): Qt lays a paragraph out whole.

    python bench/long_note.py [--rounds 3] [--seconds 4] [--megabytes 5] [--open | --retry | --close]
                              [--accents] [--paragraph]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from gaps import GapProbe, gaps_until  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def longest_block(window, text: str, seconds: float) -> tuple[float, float, float]:
    """The longest gap, the 99th percentile of the gaps, and the processor time in the longest gap."""
    panel = window.notes.notes_panel
    panel.new_note()
    panel.editor.edit.setPlainText(text)
    panel.editor.save()
    keys = [0]

    def key() -> None:
        keys[0] += 1
        if keys[0] % 10 == 0:  # the other end of the note
            end = QTextCursor.MoveOperation.End if keys[0] % 20 else QTextCursor.MoveOperation.Start
            panel.editor.edit.moveCursor(end)
        panel.editor.edit.insertPlainText("m")

    probe, typist = GapProbe(), QTimer()
    typist.timeout.connect(key)
    probe.start()
    typist.start(20)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    probe.from_now()
    loop.exec()
    probe.stop()
    typist.stop()
    panel.editor.save()
    walls = sorted(wall for wall, _cpu in probe.gaps)
    longest, cpu = probe.longest()
    return longest, walls[int(len(walls) * 0.99)], cpu


def saved_notes(panel, texts: dict[str, str]) -> dict[str, str]:
    """A note of each text, saved: their ids by name."""
    ids = {}
    for name, text in texts.items():
        ids[name] = panel.new_note().id
        panel.editor.edit.setPlainText(text)
        panel.editor.save()
    return ids


def open_stalls(window, texts: dict[str, str], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """The longest gap of each switch: to a 1 KB note, to the long note, and back from it."""
    from mgreader.ui.notes.bookmark_model import IdRole

    panel = window.notes.notes_panel
    ids = saved_notes(panel, texts)
    editor = panel.editor

    def choose(name: str, also: Callable[[], bool] = lambda: True) -> tuple[float, float]:
        rows = [panel.note_list.item(row) for row in range(panel.note_list.count())]
        item = next(item for item in rows if item.data(IdRole) == ids[name])
        shown = texts[name].rstrip("\n")[-40:]

        def ready() -> bool:
            return (
                also()
                and not getattr(editor, "loading", False)
                and not editor.edit.isReadOnly()
                and (editor.edit.document().lastBlock().previous().text().endswith(shown.split("\n")[-1]))
            )

        # The click's work runs inside the first probe interval: it is measured with the rest.
        QTimer.singleShot(20, lambda: panel.note_list.setCurrentItem(item))
        return gaps_until(ready)

    stalls: dict[str, list[tuple[float, float]]] = {
        "open 1 KB": [],
        "open long": [],
        "leave long": [],
        "leave long just typed in": [],
    }
    for _ in range(rounds):
        choose("other")
        stalls["open 1 KB"].append(choose("short"))
        choose("other")
        stalls["open long"].append(choose("long"))
        stalls["leave long"].append(choose("other"))
        choose("long")
        editor.edit.insertPlainText("m")  # not saved yet: leaving saves it
        stalls["leave long just typed in"].append(choose("other", lambda: not editor._writer.busy))
    return stalls


def retry_stalls(window, texts: dict[str, str], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """The longest gap from a key typed until its save, failed once and retried, says "Saved"."""
    from mgreader.core.notes.store import Store, StoreWriteError

    panel = window.notes.notes_panel
    editor = panel.editor
    editor._retry.setInterval(300)
    real = Store.update_note
    failing = [0]

    def update_note(self, *args, **kwargs):
        if failing[0]:
            failing[0] -= 1
            raise StoreWriteError("Your notes could not be saved: the disk is full (a benchmark).")
        return real(self, *args, **kwargs)

    Store.update_note = update_note
    notes = saved_notes(panel, texts)
    stalls: dict[str, list[tuple[float, float]]] = {name: [] for name in texts}
    try:
        for _ in range(rounds):
            for name in texts:
                panel.show_note(notes[name])
                gaps_until(lambda: not editor.loading)
                editor.edit.moveCursor(QTextCursor.MoveOperation.End)
                failing[0] = 1
                QTimer.singleShot(20, lambda: editor.edit.insertPlainText("m"))
                failed: list[bool] = []

                def saved(failed: list[bool] = failed) -> bool:
                    failed.append(editor.status.text().startswith("Not saved"))
                    return any(failed) and editor.status.text() == "Saved"

                stalls[name].append(gaps_until(saved))
    finally:
        Store.update_note = real
    return stalls


def close_times(window, texts: dict[str, str], rounds: int) -> dict[str, list[tuple[float, float]]]:
    """How long the window's thread takes to save a key typed just before, as closing the window does (and
    how much of it on the processor)."""
    panel = window.notes.notes_panel
    editor = panel.editor
    notes = saved_notes(panel, texts)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in texts}
    for _ in range(rounds):
        for name in texts:
            panel.show_note(notes[name])
            gaps_until(lambda: not editor.loading and not editor._writer.busy)
            editor.edit.moveCursor(QTextCursor.MoveOperation.End)
            editor.edit.insertPlainText("m")
            start, cpu = time.perf_counter(), time.thread_time()
            assert window.notes.flush()
            times[name].append((time.perf_counter() - start, time.thread_time() - cpu))
    return times


def print_medians(
    measured: dict[str, list[tuple[float, float]]], base: str, what: Callable[[str], str], against: str
) -> None:
    """Each measure's median (and the median processor time in it), and how many times ``base``'s it is."""
    base_s = statistics.median(wall for wall, _cpu in measured[base])
    for name, times in measured.items():
        wall = statistics.median(wall for wall, _cpu in times)
        cpu = statistics.median(cpu for _wall, cpu in times)
        print(f"{what(name)} {wall * 1000:.0f} ms (median; {cpu * 1000:.0f} ms on the processor), "
              f"{wall / base_s:.1f}x {against}")  # fmt: skip


def notes_window():
    """A window over the test library, as the app builds it, with its notes panel built: it and its store."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.conftest import FakePrompter, build_window

    from mgreader.core.notes.store import Store
    from mgreader.core.paths import AppPaths

    paths = AppPaths.under(Path(tempfile.mkdtemp(prefix="mgreader-bench-")))
    paths.ensure()
    store = Store.open(paths.store_file)
    window = build_window(paths, REPO / "tests" / "data" / "library", FakePrompter(), store=store,
                          search_index_path=paths.search_index_file, backup_dir=paths.backup_dir)  # fmt: skip
    window.restore_state()
    window.show()
    while window.notes.notes_panel is None:
        app.processEvents()
    return window, store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--open", action="store_true", help="measure opening notes, not typing")
    parser.add_argument("--retry", action="store_true", help="measure a save that fails and is retried")
    parser.add_argument("--close", action="store_true", help="measure the save made on closing")
    parser.add_argument("--accents", action="store_true", help="lines with accents and an emoji (not ASCII)")
    parser.add_argument("--paragraph", action="store_true", help="the long note is one paragraph")
    args = parser.parse_args()
    window, store = notes_window()
    line = "Magnesium and fatigue, day by day, written down. " * 2 + "\n"
    if args.accents:  # the edit tracker's UTF-16 count and toPlainText's translation have work to do
        line = "Magnesium and fatigue, day by day, \u00e9crit \U0001f600, written down. " * 2 + "\n"
    long_text = line * int(args.megabytes * 1024 * 1024 / len(line))
    if args.paragraph:  # Qt lays a paragraph out whole: the longest one, not the note's size, is what counts
        long_text = long_text.replace("\n", " ").rstrip() + "\n"
    short_text = line * (1024 // len(line) + 1)  # about 1 KB
    size = f"{args.megabytes:g} MB" + (" paragraph" if args.paragraph else "")
    print(f"load average {os.getloadavg()[0]:.1f} at the start")
    if args.retry or args.close:
        print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds")
        texts = {"1 KB": short_text, size: long_text}
        if args.retry:
            stalls = retry_stalls(window, texts, args.rounds)
            print_medians(stalls, "1 KB", lambda name: f"retry, {name}: longest block", "1 KB")
        else:
            times = close_times(window, texts, args.rounds)
            print_medians(times, "1 KB", lambda name: f"save on closing, {name}:", "1 KB")
        window.close()
        store.close()
        return
    if args.open:
        stalls = open_stalls(
            window, {"other": short_text, "short": short_text, "long": long_text}, args.rounds
        )
        print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds, opening notes")
        size = f"{args.megabytes:g} MB"
        print_medians(
            stalls, "open 1 KB", lambda name: f"{name.replace('long', size)}: longest block", "opening 1 KB"
        )
        window.close()
        store.close()
        return
    short, long_ = [], []
    for _ in range(args.rounds):
        short.append(longest_block(window, short_text, args.seconds))
        long_.append(longest_block(window, long_text, args.seconds))
    print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds of {args.seconds} s")
    for name, rounds in (("1 KB note", short), (f"{args.megabytes:g} MB note", long_)):
        longest, p99, cpu = (statistics.median(r[i] for r in rounds) for i in range(3))
        ratio = "" if rounds is short else f", {longest / statistics.median(r[0] for r in short):.1f}x 1 KB"
        print(
            f"{name}: longest block {longest * 1000:.0f} ms (median; {cpu * 1000:.0f} ms of it on the "
            f"processor), 99th percentile gap {p99 * 1000:.0f} ms{ratio}"
        )
    window.close()  # saves, and stops the search indexer: else it may still run as the process ends
    store.close()


if __name__ == "__main__":
    main()
