"""Splits a page's text into sentences, as spans, for reading aloud one sentence at a time."""

from __future__ import annotations

import re

# A sentence ends at . ! ? (with closing quotes or brackets) followed by white space, or at a line break.
_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s)|\n+""")
_WORD = re.compile(r"\w")
# Not the end of a sentence: a title before a name ("Dr. K"), or a list number on its own ("1.").
_GOES_ON = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|e\.g|i\.e|approx)\.|^\d{1,3}[.)])$")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence with at least one letter or digit, trimmed of white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if not match.group().startswith("\n") and _GOES_ON.search(text[start : match.end()].strip()):
            continue  # "Dr. K", "1. Rest": the sentence goes on
        _add(text, start, match.end(), spans)
        start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _WORD.search(text, start, end):
        spans.append((start, end))
