"""The sheet dialog's tick list (issue 13, point 2): which records it lists, in what order, how labelled."""

from __future__ import annotations

from mgreader.core.sheet import rules as sheet
from tests.core.sheet.test_sheet import bookmark, note


def test_questions_with_their_state_then_passages_then_notes_of_their_own():
    bookmarks = [bookmark("b1", "Magnesium   helps\nmuscles relax.")]
    notes = [
        note("n1", "My own thought"),
        note("q1", "Can I take it with iron?", state="to_ask"),
        note("q2", "", title="Which form?", state="answered", answer="Glycinate."),
        note("n2", "About that passage", on="b1"),  # goes with its passage, not listed
    ]
    assert sheet.tick_labels(bookmarks, notes) == [
        ("q1", "Question (to ask): Can I take it with iron?"),
        ("q2", "Question (answered): Which form?"),
        ("b1", "Passage: \u201cMagnesium helps muscles relax.\u201d"),
        ("n1", "Note: My own thought"),
    ]


def test_long_labels_are_cut_at_a_word_with_an_ellipsis():
    words = " ".join(["magnesium"] * 30)
    (label,) = sheet.tick_labels([bookmark("b1", words)], [], width=40)
    assert label[1] == "Passage: \u201c" + " ".join(["magnesium"] * 3) + "\u2026\u201d"
