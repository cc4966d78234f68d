"""List indentation as GitHub reads it, rewritten into the indentation python-markdown reads.

GitHub (CommonMark) nests a line under a list item when it is indented at least to the item's text: 2
spaces under ``- a``, 3 under ``1. a``, a tab anywhere (Obsidian indents with tabs). python-markdown nests
by 4 spaces, always. No extension does this rewriting correctly (mdx_truly_sane_lists' ``nested_indent``
fixes 2-space lists but breaks tab-, 3- and 4-space ones), so this module does it: it follows the items
as CommonMark does and re-indents each line of a list to 4 spaces per level, keeping code fences and
indented code inside items where they are relative to their item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(r"^(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+|$)")
_RULE = re.compile(r"^([-*_])([ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
# Lines that start a block of their own: they end a list item they are not indented into, blank line or
# not (only a paragraph's text continues "lazily").
_BLOCK_START = re.compile(r"^(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|>)")
STEP = 4  # python-markdown's tab_length


@dataclass
class _Item:
    content: int  # the column where the item's text starts, in the original
    new_content: int  # the same, in the rewritten text


def _expand(line: str) -> tuple[int, str]:
    """The line's indentation in columns (tabs to the next multiple of 4) and the rest of it."""
    column, index = 0, 0
    while index < len(line) and line[index] in " \t":
        column = column + 4 - column % 4 if line[index] == "\t" else column + 1
        index += 1
    return column, line[index:]


def normalise(lines: list[str]) -> list[str]:
    out: list[str] = []
    stack: list[_Item] = []
    fence = ""  # the fence of a code block inside a list item
    fence_item: _Item | None = None
    blank_before = False
    continuation = False  # the previous line was text inside an item (not an item line)
    for line in lines:
        indent, rest = _expand(line)
        if fence and fence_item is None:  # fenced code outside any list: as it is
            out.append(line)
            if rest.startswith(fence) and not rest.strip(fence[0]).strip():
                fence = ""
            continue
        if fence and fence_item is not None:
            out.append(" " * (fence_item.new_content + max(0, indent - fence_item.content)) + rest)
            if rest.startswith(fence) and not rest.strip(fence[0]).strip():
                fence = ""
            continue
        if not rest:
            out.append("")
            blank_before = True
            continue
        item = _ITEM.match(rest) if not _RULE.match(rest) else None
        # Where the line belongs: the innermost open item whose text it reaches.
        depth_before = len(stack)
        ends_item = blank_before or item is not None or _BLOCK_START.match(rest) is not None
        while stack and indent < stack[-1].content and ends_item:
            stack.pop()
        if item is not None and (stack or indent <= 3):
            depth = len(stack)
            gap = item.group("gap")
            width = len(gap.expandtabs(4)) if gap else 1
            width = 1 if width > 4 or not item.group(0).strip(" \t") else width
            marker = item.group("marker")
            text = rest[item.end() :]
            if continuation and not blank_before and (depth or depth_before > depth):
                # python-markdown starts a nested list, or goes back out of one, only after a blank line
                # when text comes before it.
                out.append("")
            out.append(" " * (STEP * depth) + marker + " " + text)
            stack.append(_Item(indent + len(marker) + width, STEP * (depth + 1)))
            continuation = False
        elif stack:
            top = stack[-1]
            new_indent = top.new_content + max(0, indent - top.content)
            out.append(" " * new_indent + rest)
            opening = _FENCE.match(rest)
            if opening:
                fence, fence_item = opening.group(1)[0] * 3, top
            continuation = True
        else:
            out.append(line)
            opening = _FENCE.match(rest) if indent <= 3 else None
            if opening:
                fence, fence_item = opening.group(1)[0] * 3, None
            continuation = False
        blank_before = False
    return out
