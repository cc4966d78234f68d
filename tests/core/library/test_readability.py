"""The reading grade counts prose only, and ranks plain text below dense text."""

from __future__ import annotations

import pytest

from mgreader.core.library import readability


def grade(markdown: str) -> float:
    lines = list(enumerate(markdown.split("\n"), start=1))
    return readability.total(readability.passages(lines)).grade


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("cake", 1), ("table", 2), ("kidneys", 2), ("magnesium", 4), ("nation", 2), ("various", 3)],
)
def test_syllables(word: str, count: int):
    assert readability.syllables(word) == count


def test_flesch_kincaid_of_a_short_plain_sentence():
    # "The cat sat on the mat.": 6 words, 1 sentence, 6 syllables.
    assert grade("The cat sat on the mat.") == pytest.approx(0.39 * 6 + 11.8 - 15.59)


def test_headings_link_addresses_and_markup_do_not_count():
    plain = "Magnesium helps your muscles. Food has it."
    marked = (
        "## Extraordinarily comprehensive considerations\n\n"
        "**Magnesium** helps your [muscles](../03-recovery/02-muscles.md#why-it-matters)."
        " Food has it.[^1] <https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/>"
    )
    assert grade(marked) == pytest.approx(grade(plain))


def test_list_items_and_table_rows_are_passages_of_their_own():
    text = "Some foods:\n\n- green leaves\n- nuts and seeds\n\n| food | amount |\n|---|---|\n| beans | some |"
    found = list(readability.passages(enumerate(text.split("\n"), start=1)))
    assert [(p.line, p.sentences) for p in found] == [(1, 1), (3, 1), (4, 1), (6, 1), (8, 1)]


def test_dense_text_grades_higher_than_plain_text():
    plain = "Magnesium is a mineral. Your body needs it. You get it from food."
    dense = (
        "Intracellular magnesium concentrations demonstrate considerable interindividual variability, "
        "complicating interpretation of supplementation recommendations."
    )
    assert grade(plain) < 5 < 15 < grade(dense)
