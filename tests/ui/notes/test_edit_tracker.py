"""The note editor's tracked text is the editor's text after any edit a reader can make (issue 11: saves copy
only what changed out of the editor; a drift would save a garbled note)."""

import random

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from mgreader.ui.notes import edit_tracker
from mgreader.ui.notes.edit_tracker import EditTracker, Patch, TrackingLost, as_shown

PIECES = ["a", "word ", "\n", "two\nlines", "\r\n", "caf\u00e9", "\U0001f600", "\xa0", "\u2029", "\u2028", ""]
PIECES.append("x" * 300)


def boundaries(text: str) -> list[int]:
    """The editor's positions (UTF-16 units) between the characters of ``text``."""
    places = [0]
    for char in text:
        places.append(places[-1] + (2 if ord(char) > 0xFFFF else 1))
    return places


@pytest.mark.parametrize("seed", range(16))
def test_random_edits_keep_the_tracked_text_equal_to_the_editor(qtbot, monkeypatch, seed):
    """Saves now and then or seldom (many spans, merged past MAX_SPANS); spans copied out, or read whole;
    the text kept whole or in pieces of a few characters (spans and emoji across their ends)."""
    monkeypatch.setattr(edit_tracker, "MAX_SPANS", [8, 2][seed % 2])
    monkeypatch.setattr(edit_tracker, "PIECE_CHARS", [32_768, 3][seed // 8])
    monkeypatch.setattr(edit_tracker, "SELECTION_CHARS", [65_536, 400][seed // 2 % 2])
    save_chance = [0.3, 0.05][seed // 4 % 2]
    rng = random.Random(seed)
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    start = "".join(rng.choice(PIECES) for _ in range(40))
    edit.setPlainText(start)
    tracker = EditTracker(edit.document())
    tracker.reset(as_shown(start))
    assert tracker.text == edit.toPlainText()
    for step in range(300):
        places = boundaries(edit.toPlainText())  # a reader's caret is never inside an emoji
        cursor = edit.textCursor()
        cursor.setPosition(rng.choice(places))
        if rng.random() < 0.4:
            cursor.setPosition(rng.choice(places), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        action = rng.random()
        if action < 0.6:
            edit.insertPlainText(rng.choice(PIECES))  # typing, pasting, replacing a selection
        elif action < 0.75:
            edit.textCursor().deletePreviousChar()
        elif action < 0.85:
            edit.undo()
        elif action < 0.9:
            edit.redo()
        else:
            edit.textCursor().removeSelectedText()
        if rng.random() < save_chance or step == 299:
            assert tracker.apply(tracker.take()) == edit.toPlainText(), f"seed {seed}, step {step}"


def test_a_patch_that_does_not_fit_is_refused_and_the_whole_text_read_next(qtbot):
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("Magnesium")
    tracker = EditTracker(edit.document())
    tracker.reset("Magnesium")
    with pytest.raises(TrackingLost):
        tracker.apply(Patch(((0, 1, "Mg"),), 99))  # the editor's count says something else happened
    edit.insertPlainText("!")
    assert tracker.apply(tracker.take()) == "!Magnesium" == edit.toPlainText()
