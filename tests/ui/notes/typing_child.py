"""The typist that test_typing_crash.py kills: a note editor over a real notes file, typed into without end.

Usage: python typing_child.py NOTES_FILE RHYTHM. RHYTHM is "steady" (a key every 20 ms, never a pause) or
"words" (five keys, then a 0.3 s pause: shorter than the save delay, so the short timer never fires) or
"long" (steady, at the end of a note of ``LONG`` already there, typed into as soon as it is open).
Each stdout line is the number of characters typed so far, written once the key is in the editor.
"""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from mgreader.core.notes.store import Store
from mgreader.ui.notes.note_editor import NoteEditor

LONG = "Magnesium and fatigue, day by day, written down.\n" * 6_000  # 300 KB: put in by the note loader


def main() -> None:
    path, rhythm = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    store = Store.open(path)
    body = LONG if rhythm == "long" else ""
    note = store.add_note("typing", body)
    editor = NoteEditor()
    editor.open("typing", body, lambda text: store.update_note(note.id, body=text), "note:" + note.id)
    editor.show()
    typed = 0

    def key() -> None:
        nonlocal typed
        editor.edit.insertPlainText("m")
        typed += 1
        print(typed, flush=True)
        pause = 300 if rhythm == "words" and typed % 5 == 0 else 20
        QTimer.singleShot(pause, key)

    def start() -> None:
        editor.edit.moveCursor(QTextCursor.MoveOperation.End)
        QTimer.singleShot(0, key)

    editor.when_open(start)
    app.exec()


if __name__ == "__main__":
    main()
