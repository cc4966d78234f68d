"""The order of names and titles a reader expects: numbers by value, no case, no accents, one order."""

import random

from mgreader.core.sort_key import name_key


def ordered(*names: str) -> list[str]:
    return sorted(names, key=name_key)


def test_numbers_go_by_their_value():
    assert ordered("Arrived 79", "Arrived 8") == ["Arrived 8", "Arrived 79"]
    assert ordered("Day 10", "Day 2", "Day 1") == ["Day 1", "Day 2", "Day 10"]
    assert ordered("B12", "B6", "B1") == ["B1", "B6", "B12"]
    assert ordered("2024-11-03", "2024-3-01") == ["2024-3-01", "2024-11-03"]
    assert ordered("Week 2, day 10", "Week 2, day 9", "Week 10, day 1") == [
        "Week 2, day 9", "Week 2, day 10", "Week 10, day 1",
    ]  # fmt: skip


def test_case_and_accents_do_not_move_a_name_away():
    assert ordered("zinc", "Apple", "banana") == ["Apple", "banana", "zinc"]
    assert ordered("Zinc", "Écho", "Fatigue", "Echo", "eczema") == [
        "Echo", "Écho", "eczema", "Fatigue", "Zinc",
    ]  # fmt: skip


def test_numbers_written_otherwise_are_numbers_too():
    assert ordered("Day １０", "Day 9") == ["Day 9", "Day １０"]  # full-width digits
    assert ordered("Dose 10", "Dose ²") == ["Dose ²", "Dose 10"]


def test_names_that_differ_only_in_case_accents_or_zeros_keep_one_order():
    names = ["Day 2", "day 2", "Day 02", "Day 002", "Dáy 2", "DAY 2"]
    orders = set()
    for seed in range(20):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        orders.add(tuple(ordered(*shuffled)))
    assert len(orders) == 1
    assert len({name_key(n) for n in names}) == len(names)  # only the same text sorts as the same


def test_any_text_has_a_key_that_compares_with_any_other():
    texts = ["", "7", "007", "a7b", "7a", "a", " ", "1" * 10_000, "1" * 9_999 + "2", "日本語 3", "\ufffd"]
    assert ordered(*texts)[:4] == ["", "007", "7", "7a"]  # a number first, as in a plain order
    assert ordered("1" * 10_000, "9" * 9_999) == ["9" * 9_999, "1" * 10_000]  # past int()'s 4,300 digits


def test_ligatures_and_letters_with_a_stroke_sort_as_they_are_spelled():
    # NFKD leaves these whole, so they used to compare by code point, after 'z'.
    assert ordered("Zinc", "Œdème", "Oats", "Osmosis") == ["Oats", "Œdème", "Osmosis", "Zinc"]
    assert ordered("Zinc", "Æther", "Adrenal", "Aging") == ["Adrenal", "Æther", "Aging", "Zinc"]
    assert ordered("Zinc", "œuf", "Ovary", "oesophagus") == ["oesophagus", "œuf", "Ovary", "Zinc"]
    assert ordered("Zinc", "Straße", "Strain", "Strength") == ["Strain", "Straße", "Strength", "Zinc"]
    assert ordered("Zinc", "Øre", "Ovary", "Olive") == ["Olive", "Øre", "Ovary", "Zinc"]
    assert ordered("Zinc", "Łódź", "Lithium", "Lung") == ["Lithium", "Łódź", "Lung", "Zinc"]
    assert ordered("Zinc", "Đakovo", "Daily", "Dose") == ["Daily", "Đakovo", "Dose", "Zinc"]
    assert ordered("Zinc", "Þórsmörk", "Tea", "Thyroid", "Tiredness") == [
        "Tea", "Þórsmörk", "Thyroid", "Tiredness", "Zinc",
    ]  # fmt: skip


def test_a_ligature_and_its_spelling_keep_one_order():
    names = ["Oedeme", "Œdème", "oedème", "œdeme", "OEDEME"]
    orders = {tuple(ordered(*random.Random(seed).sample(names, len(names)))) for seed in range(20)}
    assert len(orders) == 1
    assert ordered("Oedema", "Œdème", "Oedeme", "Oedemz") == ["Oedema", "Oedeme", "Œdème", "Oedemz"]
