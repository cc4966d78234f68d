"""Counting in words: "1 note", "2 notes". The one place an English plural is made."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """``number`` and ``noun``, plural unless exactly one (``plural`` for a noun not made with "s")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
