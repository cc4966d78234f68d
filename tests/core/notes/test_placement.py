"""How a passage or a note is shortened for a label: one line, cut at a word, however long the text."""

from __future__ import annotations

import random

from mgreader.core.notes.placement import shorten


def whole(text: str, limit: int) -> str:
    """Shortening as it was done, from the whole text folded."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def test_a_label_is_one_line_cut_at_a_word():
    assert shorten("Ask about\n\nthe   cramps", 80) == "Ask about the cramps"
    assert shorten("Magnesium and fatigue, day by day", 20) == "Magnesium and\u2026"


def test_only_the_start_of_a_long_text_decides_its_label_as_the_whole_text_did():
    rng = random.Random(7)
    words = ["magnesium", "a", "", "fatigue", "\n", "\n\n", "   ", "écrit", "\U0001f600", "x" * 300]
    texts = ["", " ", "\n" * 5000 + "late words", " " * 799 + "a b", "word " * 1_000_000]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randrange(400))) for _ in range(500)]
    for text in texts:
        for limit in (1, 2, 60, 200):
            assert shorten(text, limit) == whole(text, limit), (text[:80], limit)
