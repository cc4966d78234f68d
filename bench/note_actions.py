"""Benchmark: how long the window stops answering when the reader acts on a long note's bookmark or note.

A window over the test library is built as the app builds it; a bookmark holds a long note (5 MB by
default), and so does a note. Each action is made from the event loop while a 5 ms probe timer runs: the
longest gap between its ticks, until every write is committed and 0.5 s more, is the longest time the window
could not answer. The actions: the bookmark's colour, its "For my appointment" box, deleting it; the note's
"A question for my clinician" box, deleting it; each with the note saved ("saved") and with a key typed
into it just before ("typed"), as a reader who writes and then clicks does. What was deleted is brought back
between rounds. Baseline: the same actions on a 1 KB note, in the same run, rounds alternating.

Budget (DESIGN.md): no freeze a reader would notice, about 50 ms. On a busy machine the processor time
of the window's thread in the longest gap is the steadier figure.

    python bench/note_actions.py [--rounds 3] [--megabytes 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from gaps import gaps_until  # noqa: E402
from long_note import notes_window  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

ARTICLE = "01-first-topic/01-welcome"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    window, store = notes_window()
    panel = window.notes.notes_panel
    editor = panel.editor
    line = "Magnesium and fatigue, day by day, written down. " * 2 + "\n"
    long_text = line * int(args.megabytes * 1024 * 1024 / len(line))
    texts = {"1 KB": line * (1024 // len(line) + 1), f"{args.megabytes:g} MB": long_text}
    assert window.open_article(ARTICLE)
    gaps_until(lambda: window.article is not None and not window.article.pending)
    first = window.article_view.document().firstBlock().text()
    bookmarks, notes = {}, {}
    for name, text in texts.items():
        window.notes.bookmark_span(0, len(first))
        bookmarks[name] = panel.current_bookmark_id()
        editor.edit.setPlainText(text)
        editor.save()
        notes[name] = panel.new_note().id
        editor.edit.setPlainText(text)
        editor.save()

    def settled() -> bool:
        return not editor.loading and not editor._writer.busy

    def on_bookmark(name: str) -> None:
        panel.show_article_bookmarks(select=bookmarks[name])
        gaps_until(settled)

    def on_note(name: str) -> None:
        panel.show_note(notes[name])
        gaps_until(settled)

    def colour() -> None:
        number = (panel.color.currentIndex() + 1) % panel.color.count()
        panel.color.setCurrentIndex(number)
        panel.color.activated.emit(number)

    actions: dict[str, tuple[Callable[[str], None], Callable[[], None], Callable[[], bool]]] = {
        "bookmark colour": (on_bookmark, colour, lambda: True),
        "for my appointment": (on_bookmark, panel.include.click, lambda: True),
        "delete bookmark": (on_bookmark, panel.delete_button.click, panel.undo_delete),
        "a question": (on_note, panel.question.click, lambda: True),
        "delete note": (on_note, panel.delete_note_button.click, panel.undo_delete),
    }
    stalls: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        for action, (choose, act, undo) in actions.items():
            for typed in ("saved", "typed"):
                for name in texts:
                    choose(name)
                    if typed == "typed":
                        editor.edit.moveCursor(QTextCursor.MoveOperation.End)
                        editor.edit.insertPlainText("m")
                    QTimer.singleShot(20, act)  # its work runs inside a probe interval: measured with it
                    stalls.setdefault((action, typed, name), []).append(gaps_until(settled))
                    undo()
                    gaps_until(settled)
    load = os.getloadavg()[0]
    print(f"{platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds, load {load:.1f}")
    print("longest block (median), and the window thread's processor time in it (median)")
    for (action, typed, name), gaps in stalls.items():
        wall, cpu = (statistics.median(gap[i] for gap in gaps) * 1000 for i in (0, 1))
        print(f"{action}, {typed}, {name}: {wall:.0f} ms ({cpu:.0f} ms on the processor)")
    window.close()  # saves, and stops the search indexer: else it may still run as the process ends
    store.close()


if __name__ == "__main__":
    main()
