"""Heading anchors and a quick outline of an article, found without running python-markdown.

The outline feeds the topic tree at startup, where importing and running python-markdown for every article
would be too slow. ``slugify`` is also what the renderer uses for heading ids, so the tree's anchors and the
rendered page agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# The patterns are compiled where first used (re keeps them), not at import: a relaunch shows the tree and
# the article from the caches without them (issue 15).
_FENCE = r"^\s{0,3}(`{3,}|~{3,})"
_ATX = r"^\s{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$"
_ATTR_ID = r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$"
_ATTRS = r"\s*\{[^}]*\}\s*$"
_INLINE_LINK = r"!?\[([^\]]*)\]\([^)]*\)"
_REF_LINK = r"!?\[([^\]]*)\]\[[^\]]*\]"
# Emphasis, strong and strikethrough markers around text; '_' inside a word (pg_dump) or a lone '~'
# (~300 mg) is text, as on GitHub.
_MARKUP = r"(?<![\w*_~])(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1(?![\w*_~])"
_CLOSING_HASHES = r"(?:^|[ \t]+)#+[ \t]*$"
# A longer heading (or title taken from one) is cut here: no real heading is this long.
MAX_HEADING_CHARS = 300
# The topic tree lists at most this many headings of an article (a file of 13,000 took seconds to scan).
MAX_TREE_HEADINGS = 200


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


def slugify(value: str, separator: str = "-") -> str:
    """'Magnesium & your nerves' -> 'magnesium-your-nerves'. Keeps letters of any script, drops accents."""
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def github_slug(value: str) -> str:
    """GitHub's heading ids: lower case, punctuation and emoji removed, each space a '-'.

    'Food & drink' -> 'food--drink', 'Café 😀 menu' -> 'café--menu' (as github-slugger does).
    """
    kept = []
    for char in value.strip().lower():
        if char == " ":
            kept.append("-")
        elif char in "-_" or char.isalnum() or unicodedata.category(char)[0] in "MN":
            kept.append(char)
    return "".join(kept)


def unique_github(anchor: str, taken: set[str], counters: dict[str, int] | None = None) -> str:
    """GitHub's rule for repeated ids: 'usage', 'usage-1', 'usage-2'. ``counters`` as for ``unique``."""
    return _numbered(anchor, taken, counters, "-", anchor in taken)


def unique(anchor: str, taken: set[str], counters: dict[str, int] | None = None) -> str:
    """python-markdown's toc rule for repeated ids: 'a', 'a_1', 'a_2'.

    ``counters`` (the same dict on every call with the same ``taken``) remembers the last suffix tried for
    each anchor, so that 13,000 headings of one name cost 13,000 steps, not 13,000 squared over two."""
    return _numbered(anchor, taken, counters, "_", anchor in taken or not anchor)


def _numbered(anchor: str, taken: set[str], counters: dict[str, int] | None, sep: str, repeat: bool) -> str:
    candidate = anchor
    if repeat:
        n = counters.get(anchor, 0) if counters is not None else 0
        while True:
            n += 1
            candidate = f"{anchor}{sep}{n}"
            if candidate not in taken:
                break
        if counters is not None:
            counters[anchor] = n
    taken.add(candidate)
    return candidate


def plain_heading_text(raw: str) -> str:
    """The visible text of a heading's Markdown source: links and emphasis markers removed. Only its first
    MAX_HEADING_CHARS are read: the link patterns are quadratic in a heading of 900 KB of '['."""
    attrs, closing_hashes, inline_link, ref_link, markup = _text_patterns()
    text = closing_hashes.sub("", attrs.sub("", raw[:MAX_HEADING_CHARS])).rstrip()
    text = inline_link.sub(r"\1", text)
    text = ref_link.sub(r"\1", text)
    text = text.replace("`", "")
    for _ in range(3):  # nested markers: ***both***, **_both_**
        text = markup.sub(r"\2", text)
    return text.strip()


@functools.cache
def _text_patterns() -> tuple[re.Pattern[str], ...]:
    """plain_heading_text's patterns, compiled on its first call: looked up in re's own cache at every
    heading instead, they made ``scan`` 8% slower."""
    return tuple(map(re.compile, (_ATTRS, _CLOSING_HASHES, _INLINE_LINK, _REF_LINK, _MARKUP)))


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each line with where it is: "fence" (a code fence line), "code" (inside fenced code) or "text".

    The one fence tracker: a fence closes only with the same character, at least as long (a ``` line
    inside a ~~~ block is code, not a new fence)."""
    fence, fence_line = "", re.compile(_FENCE)
    for line in lines:
        fence_match = fence_line.match(line)
        if fence_match and (not fence or fence_match.group(1).startswith(fence)):
            marker = fence_match.group(1)
            fence = "" if fence else marker[0] * len(marker)
            yield line, "fence"
        else:
            yield line, "code" if fence else "text"


def outside_fences(lines: Iterable[str]) -> Iterator[str | None]:
    """Each line as it is, or None for a code fence line and every line inside fenced code."""
    for line, where in fenced(lines):
        yield line if where == "text" else None


def scan(markdown_text: str, levels: Iterable[int] = (1, 2, 3), limit: int | None = None) -> list[Heading]:
    """The ATX headings of ``markdown_text`` outside fenced code, with the anchors the renderer gives them;
    with ``limit``, only the first ``limit`` of them (the topic tree shows no more)."""
    wanted = set(levels)
    found: list[Heading] = []
    taken: set[str] = set()
    counters: dict[str, int] = {}
    atx, attr_id = re.compile(_ATX), re.compile(_ATTR_ID)
    for line in outside_fences(markdown_text.splitlines()):
        if line is None or "#" not in line[:4]:
            continue
        match = atx.match(line[: MAX_HEADING_CHARS + 10])
        if not match:
            continue
        raw = match.group(2) or ""
        custom = attr_id.search(raw)
        text = plain_heading_text(raw)
        anchor = unique_github(custom.group(1) if custom else github_slug(text), taken, counters)
        level = len(match.group(1))
        if level in wanted and text:
            found.append(Heading(level, text, anchor))
            if limit is not None and len(found) >= limit:
                break
    return found
