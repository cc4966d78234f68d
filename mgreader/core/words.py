"""Words as a reader means them: counted ("1 note", "2 notes") and matched without case or accents.

The one place an English plural is made, and the one accent and case fold (the tree filter, find in the
page and their tests use it).
"""

from __future__ import annotations

import unicodedata


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless exactly one (``plural`` for a noun not made with "s")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def fold_char(char: str) -> str:
    """One character lower case and without accents ('É' -> 'e', 'ß' -> 'ss'); ligatures such as 'œ' stay."""
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Lower case without accents: 'Anémie' -> 'anemie'."""
    return text.lower() if text.isascii() else "".join(map(fold_char, text))
