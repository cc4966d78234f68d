"""Finding words in a page the way a reader expects: case and accents do not matter ("anemie" finds
"Anémie"), and every match is reported as a span of the original text."""

from __future__ import annotations

from mgreader.core.words import fold_char

MAX_MATCHES = 5000


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` case-folded, without accents and with white space runs as one space, and for each folded
    character the index of the original character it came from (so 'ß' -> 'ss' maps both to the 'ß').
    Ligatures such as 'œ' stay as they are."""
    folded: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            # A run of white space (spaces, line and paragraph breaks) is one space.
            if not previous_space:
                folded.append(" ")
                origin.append(index)
            previous_space = True
            continue
        previous_space = False
        piece = fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def fold(text: str) -> str:
    return fold_with_map(text)[0]


def find_all(text: str, query: str, folded: tuple[str, list[int]] | None = None) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text`` as (start, end) spans of ``text``, ignoring case and
    accents; white space in the query matches any run of white space. ``folded`` may pass a cached
    ``fold_with_map(text)``."""
    needle = " ".join(fold(query).split())
    if not needle:
        return []
    haystack, origin = folded or fold_with_map(text)
    spans: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0 and len(spans) < MAX_MATCHES:
        end = start + len(needle)
        spans.append((origin[start], origin[end - 1] + 1))
        start = haystack.find(needle, end)
    return spans
