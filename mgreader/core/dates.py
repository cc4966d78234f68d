"""Dates in words, in the reader's language: '1 December 2026' (en_GB), 'December 1, 2026' (en_US),
'1. Dezember 2026' (de_DE), '1 décembre 2026' (fr_FR). Never numbers only ('1 12 2026', '01.12.2026'):
a date on a sheet handed to a clinician, or in a list read by a tired reader, must not be misread.

The language is the reader's locale from the environment (LC_ALL, then LC_TIME, then LANG, as the C library
reads them); the window's date pickers take the same one through QLocale. Babel (the Unicode CLDR data)
knows each language's long date pattern and month names; it is imported on the first date in a language
other than the fallback. Where the locale is unset, "C"/"POSIX", or unknown to Babel, dates read in English
words, day first: '1 December 2026'.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")


def reader_locale(environ: Mapping[str, str] | None = None) -> str:
    """The reader's locale for dates, as Babel names it ('de_DE'), or '' for the English fallback.

    'de_DE.UTF-8', 'sr_RS@latin' and 'fr-FR' are read without their encoding and modifier; an empty variable
    is skipped (as the C library does); 'C' and 'POSIX' mean no language chosen."""
    env = os.environ if environ is None else environ
    for name in _VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return _normal(value)
    return ""


def _normal(value: str) -> str:
    code = value.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    return "" if code in ("C", "POSIX") else code


def date_words(day: date, locale: str | None = None) -> str:
    """``day`` in words in ``locale`` (a name such as 'en_US'; the reader's locale when None)."""
    found = _babel_locale(reader_locale() if locale is None else locale)
    if found is None:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=found))


def moment_words(moment: datetime, locale: str | None = None) -> str:
    """A local date and time: '24 November 2026, 22:15' (en_GB), 'November 24, 2026, 10:15 PM' (en_US)."""
    local = moment.astimezone()
    found = _babel_locale(reader_locale() if locale is None else locale)
    if found is None:
        return f"{date_words(local.date(), '')} at {local:%H:%M}"
    from babel.dates import format_time, get_datetime_format

    # The locale's own way of joining a date and a time ("{1}, {0}"; "{1} {0}" in Japanese).
    joined = str(get_datetime_format("long", locale=found)).replace("'", "")
    time = str(format_time(local, format="short", locale=found))
    return joined.replace("{1}", date_words(local.date(), locale)).replace("{0}", time)


def day_month_words(day: date, locale: str | None = None) -> str:
    """The day and the short month, no year, for a narrow column: '2 Mar' (en_GB), 'Mar 2' (en_US),
    '2. März' (de_DE)."""
    found = _babel_locale(reader_locale() if locale is None else locale)
    if found is None:
        return f"{day.day} {MONTHS[day.month - 1][:3]}"
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", day, locale=found))


def short_date_words(day: date, locale: str | None = None) -> str:
    """The date with the short month, for a list's detail line: '2 Dec 2026' (en_GB), 'Dec 2, 2026'
    (en_US), '2. Dez. 2026' (de_DE); never the locale's numbers-only medium form ('02.12.2026')."""
    found = _babel_locale(reader_locale() if locale is None else locale)
    if found is None:
        return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMMd", day, locale=found))


def prepare() -> None:
    """Load the reader's locale data on a background thread (Babel's import and data cost ~50 ms), so that
    the first date shown, often on the first page painted, does not wait for it. Safe to call again."""
    code = reader_locale()
    if code and _babel_locale.cache_info().currsize == 0:
        import threading

        threading.Thread(target=_babel_locale, args=(code,), name="mgreader-dates", daemon=True).start()


def iso_words(iso: str, locale: str | None = None) -> str:
    """'2026-11-24' -> '24 November 2026' (in the reader's locale); anything else is shown as written."""
    try:
        day = date.fromisoformat(iso.strip())
    except ValueError:
        return iso.strip()
    return date_words(day, locale)


@lru_cache(maxsize=16)
def _babel_locale(code: str) -> Any:
    """Babel's Locale for ``code``, or None for the English fallback ('' or a locale Babel does not know)."""
    code = _normal(code)
    if not code:
        return None
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # a bundle or install without Babel still shows dates, in English words
        return None
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
