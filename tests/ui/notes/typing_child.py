"""The typist that test_typing_crash.py kills: a note editor over a real notes file, typed into without end.

Usage: python typing_child.py NOTES_FILE RHYTHM. RHYTHM is "steady" (a key every 20 ms, never a pause) or
"words" (five keys, then a 0.3 s pause: shorter than the save delay, so the short timer never fires).
Each stdout line is the number of characters typed so far, written once the key is in the editor.
"""

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from mgreader.core.notes.store import Store
from mgreader.ui.notes.note_editor import NoteEditor


def main() -> None:
    path, rhythm = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    store = Store.open(path)
    note = store.add_note("typing", "")
    editor = NoteEditor()
    editor.open("typing", "", lambda text: store.update_note(note.id, body=text), "note:" + note.id)
    editor.show()
    typed = 0

    def key() -> None:
        nonlocal typed
        editor.edit.insertPlainText("m")
        typed += 1
        print(typed, flush=True)
        pause = 300 if rhythm == "words" and typed % 5 == 0 else 20
        QTimer.singleShot(pause, key)

    QTimer.singleShot(0, key)
    app.exec()


if __name__ == "__main__":
    main()
