"""The order a reader expects of names and titles: numbers by value, without case or accents.

"Day 2" before "Day 10", "Arrived 8" before "Arrived 79", "écho" beside "Echo" and "Œdème" beside "Oedema"
(not after "Zinc"), as a file manager or a locale's collation would put them. Every list the reader sees
ordered by a name or a title (the library tree's folders and articles, search results that score the same,
the sheet's passages, the medicines) sorts with ``name_key``, so that they all agree.

The key is made when a sort asks for it, never kept: a library of 20,000 articles holding one each would be
about 4 MB more for nothing.
"""

from __future__ import annotations

import re

from mgreader.core.words import fold

# Only ASCII digits are numbers here: the fold (NFKD) already makes '１０' and '²' of them; other scripts'
# digits sort as text.
_DIGITS = re.compile(r"([0-9]+)")
_DIGIT = re.compile(r"[0-9]")

# Letters the fold (NFKD) leaves whole, as an English reader would spell them: the ligatures, and the
# letters with a stroke or a bar, which NFKD does not count as an accent. Without this they compare by code
# point, after 'z'. Folded text is lower case, so only small letters are needed ('ß' already folds to 'ss').
# Rarer letters (hooks, clicks, IPA) keep their place after 'z'.
_SPELLED = str.maketrans({
    "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t",
    "ŋ": "n",
})  # fmt: skip

NameKey = tuple[tuple[str, ...], str]


def name_key(text: str) -> NameKey:
    """The sort key of a name or title: its folded text (words.fold: no case, no accents) cut into runs
    of letters and of digits, each run of digits compared by its value, and the letters NFKD keeps whole
    spelled out ('Œdème' as 'oedeme', 'Łódź' as 'lodz'); then ``text`` itself, so that two names that
    differ only in case, accents, ligatures or leading zeros still have one order, always the same.

    A run of digits is written as its length (nine digits) and its digits without leading zeros, which
    compare as their values do, of any length (``int`` refuses more than 4,300 digits). ``re.split``
    puts the runs of digits at the odd places, so a number is only ever compared with a number."""
    folded = fold(text)
    if not folded.isascii():
        folded = folded.translate(_SPELLED)
    if _DIGIT.search(folded) is None:  # most titles: a search costs less than a split
        return (folded,), text
    parts = _DIGITS.split(folded)
    for i in range(1, len(parts), 2):
        digits = parts[i].lstrip("0")
        parts[i] = f"{len(digits):09d}{digits}"
    return tuple(parts), text
