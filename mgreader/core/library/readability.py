"""Estimates how hard an article's prose is to read: the Flesch-Kincaid grade, from a rough syllable count.

Only prose counts: the caller blanks out code, and headings, tables rules, link addresses, footnote marks and
markup are left out here. Paragraphs, list items and table rows are measured as separate passages, so a
warning can point at the hardest one; a list item or a line ending in ':' counts as one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_ATX = re.compile(r"^\s{0,3}#{1,6}(?:[ \t]|$)")
_RULE = re.compile(r"^\s{0,3}(?:[-=*_][ \t]*){3,}$|^\s*\|?[ \t]*:?-{2,}")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s")
_QUOTE = re.compile(r"^(?:\s{0,3}>[ \t]?)+")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]:?")
_LINK = re.compile(r"(!?)\[([^\[\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
_URL = re.compile(r"<?[A-Za-z][A-Za-z0-9+.-]*://[^\s>]*>?")
_TAG = re.compile(r"<[^>\n]+>|\{[^}\n]*\}")
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|vs|etc|approx|cf|Dr|Mr|Mrs|Ms)\.(?=\s+[a-z0-9])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]’”]*(?=\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
# Vowel pairs usually said as two syllables ('magnesium', 'various'), but not in '-tion', '-cial', 'quality'.
_TWO_VOWELS = re.compile(r"iu|(?<![tscg])i[ao]|(?<![qg])u[ao]")


@dataclass(frozen=True)
class Passage:
    """A stretch of prose starting on ``line``, counted."""

    line: int
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        return flesch_kincaid(self.words, self.sentences, self.syllables)


def flesch_kincaid(words: int, sentences: int, syllables: int) -> float:
    """The Flesch-Kincaid grade level: roughly, the US school year whose pupils could read the text."""
    return 0.39 * words / max(sentences, 1) + 11.8 * syllables / max(words, 1) - 15.59


def syllables(word: str) -> int:
    """A rough English syllable count: groups of vowels, less a silent final 'e', plus split vowel pairs."""
    word = word.lower()
    if len(word) <= 3:
        return 1
    word = _SILENT_E.sub("", word).removeprefix("y")
    return max(1, len(_VOWELS.findall(word)) + len(_TWO_VOWELS.findall(word)))


def total(passages: Iterable[Passage]) -> Passage:
    """All passages counted as one, starting at the first one's line."""
    items = list(passages)
    return Passage(
        items[0].line if items else 1,
        sum(p.words for p in items),
        sum(p.sentences for p in items),
        sum(p.syllables for p in items),
    )


def passages(lines: Iterable[tuple[int, str]]) -> Iterator[Passage]:
    """The prose passages of numbered Markdown ``lines`` whose code has already been blanked out."""
    start, parts = 0, list[str]()
    for number, line in [*lines, (0, "")]:
        text = _QUOTE.sub("", line)
        boundary = not text.strip() or _ATX.match(text) or _RULE.match(text) or _REF_DEF.match(text)
        new_item = _ITEM.match(text) or text.lstrip().startswith("|")
        if (boundary or new_item) and parts:
            passage = measure(start, " ".join(parts))
            if passage.words:
                yield passage
            parts = []
        if boundary:
            continue
        if not parts:
            start = number
        parts.append(_ITEM.sub("", text))


def measure(line: int, text: str) -> Passage:
    """Count one passage of Markdown text: links keep their text, images and addresses are dropped."""
    text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), _FOOTNOTE.sub("", text))
    text = _TAG.sub(" ", _URL.sub(" ", text))
    text = _ABBREVIATION.sub(r"\1", text.replace("|", " ").replace("*", "").replace("_", " ")).strip()
    words = _WORD.findall(text)
    sentences = len(_SENTENCE_END.findall(text))
    if words and not _SENTENCE_END.search(text[-3:]):
        sentences += 1
    return Passage(line, len(words), sentences, sum(syllables(w) for w in words))
