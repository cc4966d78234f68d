"""Finds a bookmarked passage again in an article's plain text, even after the article changed.

A bookmark remembers its quote, about 32 characters of context on each side, its position and the article's
content hash (issue 4). ``locate`` tries, cheapest first: the quote at its old position with its context
intact; the exact quote elsewhere, the occurrence whose context matches best (ties: nearest the old
position); then an approximate match that tolerates small edits inside the passage. Positions are offsets
into the rendered page's text (Qt's ``QTextDocument.toRawText()``, normalised to ordinary characters of the
same length by ``annotations.page_text``); to the core it is just a string.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

CONTEXT_CHARS = 32
# An approximate match must keep at least this share of the quote: a changed word or fixed punctuation
# passes, a rewritten or deleted passage does not.
MIN_SIMILARITY = 0.8
# Exact occurrences whose context is compared in full; a short quote ("the") can occur thousands of times.
_MAX_SCORED = 64
_SEED_MIN = 8
_SEED_COUNT = 8
_MAX_SEED_HITS = 16
_MAX_WINDOWS = 12
# An approximate match this close to the quote is certain when near its old place or in its old context.
CERTAIN_SIMILARITY = 0.9
NEAR_CHARS = 500
# Longer quotes are found by their two ends and checked piece by piece: the edit distance over a 300 KB
# quote took a minute (issue 11). The work is then bounded by a few passes over the text.
LONG_QUOTE = 2_000
_END_CHARS = 200
_PIECES = 50
_LINE_BREAKS = ("\n", "\u2029", "\u2028")


@dataclass(frozen=True)
class Anchor:
    """What a bookmark needs to find its passage again."""

    quote: str
    prefix: str
    suffix: str
    start: int
    content_hash: str

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


@dataclass(frozen=True)
class Located:
    """Where the passage is in the current text; ``exact`` is False for an approximate match.
    ``uncertain``: found only with low confidence (much changed, or without its context, or a long passage
    found by its ends): the reader is asked to check it, and the bookmark is not moved there by itself."""

    start: int
    end: int
    exact: bool
    uncertain: bool = False


def make_anchor(text: str, start: int, end: int, content_hash: str) -> Anchor:
    """The anchor of ``text[start:end]``. Raises ValueError for an empty or out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"cannot anchor the span {start}:{end} of a text of {len(text)} characters")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        content_hash=content_hash,
    )


def locate(anchor: Anchor, text: str) -> Located | None:
    """The passage of ``anchor`` in ``text``, or None when it can no longer be found."""
    quote = anchor.quote
    if not quote:
        return None
    m = len(quote)
    # The common case, an unchanged article, costs three string comparisons.
    if (
        anchor.start >= 0
        and text.startswith(quote, anchor.start)
        and text.endswith(anchor.prefix, 0, anchor.start)
        and text.startswith(anchor.suffix, anchor.end)
    ):
        return Located(anchor.start, anchor.end, True)
    whole = text.find(anchor.prefix + quote + anchor.suffix) if anchor.prefix or anchor.suffix else -1
    if whole >= 0 and text.find(anchor.prefix + quote + anchor.suffix, whole + 1) < 0:
        start = whole + len(anchor.prefix)
        return Located(start, start + m, True)
    best = _best_exact(anchor, text)
    if best is not None:
        return Located(best, best + m, True)
    if m > LONG_QUOTE:
        return _by_its_ends(anchor, text)
    return _approximate(anchor, text)


def paragraph_at(text: str, position: int) -> tuple[int, int]:
    """The span of the line around ``position``, without its leading and trailing whitespace.

    A cursor at the end of a line belongs to that line. A blank line gives an empty span at ``position``.
    """
    position = max(0, min(position, len(text)))
    left = max(text.rfind(mark, 0, position) for mark in _LINE_BREAKS) + 1
    right = min(
        (i for i in (text.find(mark, position) for mark in _LINE_BREAKS) if i >= 0), default=len(text)
    )
    line = text[left:right]
    stripped = line.lstrip()
    if not stripped:
        return position, position
    start = left + len(line) - len(stripped)
    return start, start + len(stripped.rstrip())


def _occurrences(text: str, needle: str, limit: int | None = None) -> Iterator[int]:
    found, position = 0, text.find(needle)
    while position >= 0 and (limit is None or found < limit):
        yield position
        found += 1
        position = text.find(needle, position + 1)


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> float:
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return _ratio(anchor.prefix, before) + _ratio(anchor.suffix, after)


def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _best_exact(anchor: Anchor, text: str) -> int | None:
    """The exact occurrence of the quote whose context matches best; ties go to the nearest."""
    positions = list(_occurrences(text, anchor.quote))
    if len(positions) <= 1:
        return positions[0] if positions else None
    m = len(anchor.quote)
    candidates = sorted(positions, key=lambda p: abs(p - anchor.start))[:_MAX_SCORED]
    if len(positions) > _MAX_SCORED:
        # Far occurrences still compete when a piece of their context is right next to them.
        head, tail = anchor.prefix[-8:], anchor.suffix[:8]
        candidates += [
            p
            for p in positions
            if (head and text.endswith(head, 0, p)) or (tail and text.startswith(tail, p + m))
        ][:_MAX_SCORED]
    return max(candidates, key=lambda p: (_context_score(anchor, text, p, p + m), -abs(p - anchor.start)))


def _approximate(anchor: Anchor, text: str) -> Located | None:
    """The best match within MIN_SIMILARITY of the quote, searched in windows where the passage is likely.

    Windows come from the old position, from where the context is found and from where pieces of the quote
    are found. Each is searched with Myers' bit-parallel edit distance, which stays fast for long quotes.
    """
    quote = anchor.quote
    m = len(quote)
    budget = int(m * (1.0 - MIN_SIMILARITY) + 1e-9)
    if budget == 0 or not text:
        return None
    slack = budget + _SEED_MIN
    best: tuple[int, int, int] | None = None  # (distance, distance from the old position, end)
    for low, high in _windows(anchor, text, slack):
        for index, distance in enumerate(_myers(quote, text[low:high])):
            if distance <= budget:
                end = low + index + 1
                key = (distance, abs(end - m - anchor.start), end)
                if best is None or key < best:
                    best = key
    if best is None:
        return None
    distance, _, end = best
    start = _start_of(quote, text, end, distance, max(0, end - m - budget))
    # Confident: near its old place in (part of) its old context; or with very few edits, one of the two.
    # A similar passage far away in another context is a lookalike, to be checked by the reader.
    near = abs(start - anchor.start) <= max(NEAR_CHARS, m)
    in_context = _context_score(anchor, text, start, end) >= 1.0
    few_edits = distance <= m * (1.0 - CERTAIN_SIMILARITY)
    certain = (near and in_context) or (few_edits and (near or in_context))
    return Located(start, end, False, uncertain=not certain)


def _by_its_ends(anchor: Anchor, text: str) -> Located | None:
    """A long passage: its first and last _END_CHARS found (each as a short quote), then the span between
    them compared with the quote in _PIECES pieces. Found with most pieces in place: an ordinary match;
    with fewer, or by one end only: uncertain."""
    quote, m = anchor.quote, len(anchor.quote)
    head = locate(Anchor(quote[:_END_CHARS], anchor.prefix, quote[_END_CHARS : _END_CHARS * 2],
                         anchor.start, ""), text)  # fmt: skip
    tail_start = anchor.end - _END_CHARS
    tail = locate(Anchor(quote[-_END_CHARS:], quote[-2 * _END_CHARS : -_END_CHARS], anchor.suffix,
                         tail_start, ""), text)  # fmt: skip
    if head is not None and tail is not None and head.start < tail.end:
        start, end = head.start, tail.end
        if abs((end - start) - m) <= m * (1.0 - MIN_SIMILARITY):
            share = _pieces_in(quote, text[start:end])
            if share >= MIN_SIMILARITY:
                return Located(start, end, False, uncertain=share < CERTAIN_SIMILARITY)
            return Located(start, end, False, uncertain=True)
    one = head or tail
    if one is None:
        return None
    start = one.start if one is head else max(0, one.end - m)
    return Located(start, min(len(text), start + m), False, uncertain=True)


def _pieces_in(quote: str, span: str) -> float:
    """The share of _PIECES equal pieces of ``quote`` found in ``span``, in order (one pass each)."""
    size = max(1, len(quote) // _PIECES)
    found, position = 0, 0
    pieces = [quote[i : i + size] for i in range(0, len(quote) - size + 1, size)]
    for piece in pieces:
        at = span.find(piece, position)
        if at >= 0:
            found += 1
            position = at + len(piece)
    return found / len(pieces) if pieces else 0.0


def _windows(anchor: Anchor, text: str, slack: int) -> list[tuple[int, int]]:
    """Spans of ``text`` to search: clues about the start that agree (within ``slack``) make one span.
    Only spans with at least half as many clues as the best one are searched, at most _MAX_WINDOWS: a
    short piece of the quote found somewhere by chance is one clue, the passage itself usually several."""
    m = len(anchor.quote)
    groups: list[list[int]] = []
    for guess in sorted(_guesses(anchor, text)):
        if groups and guess - groups[-1][0] <= slack:
            groups[-1].append(guess)
        else:
            groups.append([guess])
    groups.sort(key=lambda g: (-len(g), min(abs(x - anchor.start) for x in g)))
    likely = [g for g in groups if 2 * len(g) >= len(groups[0])][:_MAX_WINDOWS]
    spans = sorted((max(0, g[0] - slack), min(len(text), g[-1] + m + slack)) for g in likely)
    merged: list[tuple[int, int]] = []
    for low, high in spans:
        if low >= high:
            continue
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _guesses(anchor: Anchor, text: str) -> Iterator[int]:
    """Likely start positions of the passage, one per clue."""
    quote, m = anchor.quote, len(anchor.quote)
    yield anchor.start
    prefix = anchor.prefix[-16:]
    if len(prefix) >= _SEED_MIN:
        for hit in _occurrences(text, prefix, _MAX_SEED_HITS):
            yield hit + len(prefix)
    suffix = anchor.suffix[:16]
    if len(suffix) >= _SEED_MIN:
        for hit in _occurrences(text, suffix, _MAX_SEED_HITS):
            yield hit - m
    size = max(_SEED_MIN, m // _SEED_COUNT)
    for offset in range(0, max(1, m - size + 1), size):
        hits = list(_occurrences(text, quote[offset : offset + size], _MAX_SEED_HITS + 1))
        if len(hits) <= _MAX_SEED_HITS:  # a piece found everywhere says nothing
            for hit in hits:
                yield hit - offset


def _start_of(quote: str, text: str, end: int, distance: int, low: int) -> int:
    """Where the match ending at ``end`` starts: the search run backwards, anchored at ``end``; of the
    starts that keep the distance, the one giving the length closest to the quote's."""
    best: tuple[int, int] | None = None
    for index, d in enumerate(_myers(quote[::-1], text[low:end][::-1], anchored=True)):
        if d <= distance:
            start = end - index - 1
            key = (abs(end - start - len(quote)), start)
            if best is None or key < best:
                best = key
    return end - len(quote) if best is None else best[1]


def _myers(pattern: str, text: str, anchored: bool = False) -> Iterator[int]:
    """For each position j of ``text``, the least edit distance between ``pattern`` and a substring of
    ``text`` ending at j; with ``anchored``, a substring starting at 0 (Myers 1999, Hyyrö 2001). Python's
    integers hold the whole bit vector, so a long quote costs no more loop steps than a short one."""
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    carry = 1 if anchored else 0
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        yield score
