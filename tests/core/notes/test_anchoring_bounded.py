"""Finding a passage again with bounded work, and saying when it is not sure (issue 11): a whole-article
bookmark of 300 KB took 64 s to find after a small edit; a passage found only with low confidence is marked
uncertain, and is neither moved there silently nor shown as if nothing had happened."""

from __future__ import annotations

import random

import pytest

from mgreader.core.notes import anchoring, placement
from mgreader.core.notes.anchoring import locate, make_anchor


def prose(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = [
        "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(2, 9))) for _ in range(size // 4)
    ]
    return " ".join(words)[:size]


@pytest.fixture
def myers_work(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(pattern length, text length) of every edit-distance pass."""
    work: list[tuple[int, int]] = []
    real = anchoring._myers

    def counting(pattern: str, text: str, anchored: bool = False):
        work.append((len(pattern), len(text)))
        return real(pattern, text, anchored)

    monkeypatch.setattr(anchoring, "_myers", counting)
    return work


def test_a_300_kb_bookmark_is_found_after_a_small_edit_with_bounded_work(myers_work):
    text = prose(300_000)
    anchor = make_anchor(text, 0, len(text), "v1")
    edited = text[:150_000] + " a small edit " + text[150_000:]
    found = locate(anchor, edited)
    assert found is not None and (found.start, found.end) == (0, len(edited))
    assert not found.uncertain
    assert all(pattern <= anchoring._END_CHARS for pattern, _ in myers_work), myers_work


def test_a_long_passage_rewritten_in_its_middle_is_uncertain():
    text = prose(50_000)
    anchor = make_anchor(text, 10_000, 30_000, "v1")
    rewritten = text[:12_000] + prose(16_000, seed=2) + text[28_000:]
    found = locate(anchor, rewritten)
    assert found is not None and found.uncertain


def test_a_lookalike_elsewhere_is_uncertain_and_the_bookmark_not_moved_onto_it():
    advice = "Ask your doctor before you take magnesium with a kidney problem or with antibiotics."
    text = f"{prose(3_000)}\n\nBefore: {advice}\n\n{prose(3_000, seed=3)}"
    start = text.index(advice)
    anchor = make_anchor(text, start, start + len(advice), "v1")
    # The passage is deleted; far away, in another context, a similar sentence stays.
    lookalike = "Ask your doctor before you take zinc with a kidney problem or with antibiotics."
    edited = f"{prose(3_000)}\n\n{prose(3_000, seed=3)}\n\nElsewhere: {lookalike} The end."
    found = locate(anchor, edited)
    assert found is not None and found.uncertain
    assert edited[found.start : found.end].startswith("Ask your doctor before you take zinc")

    class Stored:  # what placement needs of a bookmark
        def __init__(self) -> None:
            self.anchor = anchor
            self.quote = advice
            self.note = ""
            self.include_in_sheet = False
            self.created = "2026-11-24T20:58:07+00:00"

    placed = placement.Placed(Stored(), found)  # type: ignore[arg-type]
    assert placed.uncertain and placement.moved_anchor(placed, edited) is None
    row = placement.row_text(placed.bookmark, "Kidneys", False, now=edited[found.start : found.end])
    assert row.splitlines()[0] == "Moved: please check"
    assert "Was: \u201cAsk your doctor before you take magnesium" in row
    assert "Now: \u201cAsk your doctor before you take zinc" in row


def test_a_small_edit_in_place_stays_certain():
    text = prose(5_000)
    anchor = make_anchor(text, 1_000, 1_300, "v1")
    edited = text[:1_100] + "X" + text[1_101:]
    found = locate(anchor, edited)
    assert found is not None and not found.exact and not found.uncertain
