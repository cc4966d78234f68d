"""The writer that test_crash.py kills: saves notes in a loop and reports each save once the store returned.

Usage: python crash_child.py NOTES_FILE ROUND. Each stdout line is one acknowledged save, as JSON:
the note's id, title and body as they were saved.
"""

import itertools
import json
import sys
from pathlib import Path

from mgreader.core.notes.store import Note, Store


def report(note: Note) -> None:
    print(json.dumps({"id": note.id, "title": note.title, "body": note.body}), flush=True)


def main() -> None:
    path, round_ = Path(sys.argv[1]), sys.argv[2]
    with Store.open(path) as store:
        # One note edited over and over (autosave while typing), and new notes piling up beside it.
        typing = store.add_note(f"typing {round_}", "0")
        report(typing)
        for counter in itertools.count(1):
            report(
                store.add_note(
                    f"round {round_} note {counter}", f"{counter}: " + "magnesium " * (counter % 50)
                )
            )
            report(store.update_note(typing.id, body=str(counter)))


if __name__ == "__main__":
    main()
