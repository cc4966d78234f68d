"""Dates in words in the reader's locale (core/dates.py): the sheet, the exports and the lists use them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from mgreader.core import dates
from mgreader.core.notes.backup import when
from mgreader.core.sheet import formats, journal_formats

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("en_GB", "1 December 2026"),
        ("en_US", "December 1, 2026"),
        ("de_DE", "1. Dezember 2026"),
        ("fr_FR", "1 d\u00e9cembre 2026"),
    ],
)
def test_a_date_reads_in_words_in_the_readers_locale(locale: str, words: str):
    assert dates.date_words(DAY, locale) == words


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LC_ALL": "de_DE.UTF-8", "LC_TIME": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "de_DE"),
        ({"LC_ALL": "", "LC_TIME": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr_FR"),  # empty: skipped
        ({"LANG": "en_US.UTF-8"}, "en_US"),
        ({"LANG": "sr_RS@latin"}, "sr_RS"),
        ({"LANG": "C.UTF-8"}, ""),
        ({"LC_ALL": "POSIX"}, ""),
        ({}, ""),
    ],
)
def test_the_locale_comes_from_the_environment_as_the_c_library_reads_it(environ: dict[str, str], expected):
    assert dates.reader_locale(environ) == expected


def test_the_environment_decides_when_no_locale_is_given(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_TIME", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert dates.date_words(DAY) == "1. Dezember 2026"
    assert dates.iso_words("2026-12-01") == "1. Dezember 2026"
    monkeypatch.setenv("LC_TIME", "en_US.UTF-8")  # dates follow LC_TIME over LANG
    assert dates.date_words(DAY) == "December 1, 2026"


@pytest.mark.parametrize("locale", ["", "C", "xx_YY", "not a locale"])
def test_an_unknown_locale_falls_back_to_english_words_day_first(locale: str):
    assert dates.date_words(DAY, locale) == "1 December 2026"
    assert dates.day_month_words(DAY, locale) == "1 Dec"


@pytest.mark.parametrize("locale", ["", "en_GB", "en_US", "de_DE", "fr_FR", "ja_JP", "ar_EG"])
def test_never_numbers_only(locale: str):
    # Every month of the year: the words always hold letters besides the digits, unlike "1 12 2026".
    for month in range(1, 13):
        words = dates.date_words(date(2026, month, 1), locale)
        assert any(c.isalpha() for c in words if not c.isdigit()), words
        assert any(c.isalpha() for c in dates.day_month_words(date(2026, month, 1), locale))


def test_a_narrow_column_has_the_day_and_short_month_in_the_locales_order():
    assert dates.day_month_words(date(2026, 3, 2), "en_GB") == "2 Mar"
    assert dates.day_month_words(date(2026, 3, 2), "en_US") == "Mar 2"
    assert dates.day_month_words(date(2026, 3, 2), "de_DE") == "2. M\u00e4rz"


def test_a_moment_joins_date_and_time_as_the_locale_does():
    moment = datetime(2026, 11, 24, 22, 15).astimezone()  # 22:15 local time
    assert dates.moment_words(moment, "") == "24 November 2026 at 22:15"
    assert dates.moment_words(moment, "en_US") == "November 24, 2026, 10:15\u202fPM"
    assert dates.moment_words(moment, "de_DE") == "24. November 2026, 22:15"


def test_iso_text_that_is_not_a_date_is_shown_as_written():
    assert dates.iso_words(" spring 2026 ", "de_DE") == "spring 2026"


def test_the_sheet_and_the_backups_list_follow_the_readers_locale(monkeypatch: pytest.MonkeyPatch, tmp_path):
    from mgreader.core.disclaimer import Disclaimer
    from mgreader.core.sheet.rules import SheetContent

    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    content = SheetContent(
        title="Rendez-vous", day=DAY, about_me="", questions=(), passages=(), notes=(),
        disclaimer=Disclaimer("Disclaimer", "Not medical advice."),
    )  # fmt: skip
    assert "**1 d\u00e9cembre 2026**" in formats.to_markdown(content)
    assert "1 d\u00e9cembre 2026" in formats.to_text(content)
    assert "1 d\u00e9cembre 2026" in formats.to_html(content)
    assert when(datetime(2026, 11, 24, 22, 15).astimezone()) == "24 novembre 2026, 22:15"


def test_the_week_table_and_lines_name_the_week_in_the_readers_locale(monkeypatch: pytest.MonkeyPatch):
    from mgreader.core.journal.weeks import Spread, Week

    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    week = Week(date(2026, 3, 2), 3, 1, (("Energy", Spread(2, 4, 6, 3)),))
    assert "<td>2. M\u00e4rz</td>" in journal_formats.week_table((week,))
    assert journal_formats.week_line(week).startswith("Week of 2. M\u00e4rz 2026")


def test_a_list_detail_has_the_short_month_and_year_in_the_readers_locale(monkeypatch: pytest.MonkeyPatch):
    from mgreader.core.notes.placement import human_time

    assert dates.short_date_words(DAY, "") == "1 Dec 2026"
    assert dates.short_date_words(DAY, "en_US") == "Dec 1, 2026"
    assert dates.short_date_words(DAY, "de_DE") == "1. Dez. 2026"  # not the medium form "01.12.2026"
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert human_time("2026-12-01T12:00:00+00:00") == "1 d\u00e9c. 2026"  # a bookmark's date in the panel
