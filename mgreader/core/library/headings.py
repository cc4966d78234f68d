"""Heading anchors and a quick outline of an article, found without running python-markdown.

The outline feeds the topic tree at startup, where importing and running python-markdown for every article
would be too slow. ``slugify`` is also what the renderer uses for heading ids, so the tree's anchors and the
rendered page agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.*?)[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"!?\[([^\]]*)\]\[[^\]]*\]")
_MARKUP = re.compile(r"[*_`~]")


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


def unique(anchor: str, taken: set[str]) -> str:
    """python-markdown's toc rule for repeated ids: 'a', 'a_1', 'a_2'."""
    candidate, n = anchor, 0
    while candidate in taken or not candidate:
        n += 1
        candidate = f"{anchor}_{n}"
    taken.add(candidate)
    return candidate


def plain_heading_text(raw: str) -> str:
    """The visible text of a heading's Markdown source: links and emphasis markers removed."""
    text = _ATTRS.sub("", raw).rstrip("#").rstrip()
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    return _MARKUP.sub("", text).strip()


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each line with where it is: "fence" (a code fence line), "code" (inside fenced code) or "text".

    The one fence tracker: a fence closes only with the same character, at least as long (a ``` line
    inside a ~~~ block is code, not a new fence)."""
    fence = ""
    for line in lines:
        fence_match = _FENCE.match(line)
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


def scan(markdown_text: str, levels: Iterable[int] = (1, 2, 3)) -> list[Heading]:
    """The ATX headings of ``markdown_text`` outside fenced code, with the anchors the renderer gives them."""
    wanted = set(levels)
    found: list[Heading] = []
    taken: set[str] = set()
    for line in outside_fences(markdown_text.splitlines()):
        if line is None or "#" not in line[:4]:
            continue
        match = _ATX.match(line)
        if not match:
            continue
        raw = match.group(2)
        custom = _ATTR_ID.search(raw)
        text = plain_heading_text(raw)
        anchor = unique(custom.group(1) if custom else slugify(text), taken)
        level = len(match.group(1))
        if level in wanted and text:
            found.append(Heading(level, text, anchor))
    return found
