"""The daily magnesium total from supplements and medicines, and how it reads against the limit."""

from datetime import date

from mgreader.core.journal.magnesium import UPPER_LIMIT_MG, day_total, highest_day

from .conftest import med

MONDAY = date(2026, 11, 2)


def test_twice_a_day_counts_twice_and_is_over_the_limit():
    total = day_total([med(mg=200, times=2)], MONDAY)
    assert total.total_mg == 400
    assert total.over_limit
    assert "400 mg a day" in total.summary()
    assert f"above the {UPPER_LIMIT_MG} mg" in total.summary()


def test_several_products_add_up_and_within_the_limit_says_so_calmly():
    total = day_total([med(mg=150), med("Antacid with magnesium hydroxide", mg=100)], MONDAY)
    assert total.total_mg == 250
    assert not total.over_limit
    assert "250 mg a day" in total.summary()
    assert "above" not in total.summary()


def test_every_other_day_counts_only_on_its_days():
    product = med(mg=300, every=2, started=MONDAY)
    assert day_total([product], MONDAY).total_mg == 300
    assert day_total([product], date(2026, 11, 3)).total_mg == 0
    assert day_total([product], date(2026, 11, 4)).total_mg == 300


def test_stopped_and_not_yet_started_medicines_do_not_count():
    stopped = med(mg=200, started=date(2026, 10, 1), stopped=MONDAY)
    future = med(mg=100, started=date(2026, 11, 10))
    assert day_total([stopped, future], MONDAY).total_mg == 0
    assert day_total([stopped], date(2026, 11, 1)).total_mg == 200


def test_an_amount_not_given_is_never_guessed():
    total = day_total([med("Magnesium glycinate", mg=None), med("Vitamin D", mg=None)], MONDAY)
    assert total.total_mg == 0
    assert total.unknown == ("Magnesium glycinate",)
    assert "not given for Magnesium glycinate" in total.summary()


def test_no_magnesium_at_all_says_so():
    assert "None of your supplements" in day_total([med("Vitamin D", mg=None)], MONDAY).summary()


def test_the_highest_day_of_a_mixed_schedule():
    daily = med(mg=100)
    weekly = med("Magnesium oxide", mg=250, every=7, started=date(2026, 11, 5))
    top = highest_day([daily, weekly], MONDAY)
    assert top.day == date(2026, 11, 5)
    assert top.total_mg == 350
