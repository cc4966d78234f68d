"""Reads the front matter block of an article: a small, forgiving subset of YAML.

Supported: ``key: value`` lines, inline lists ``[a, b]``, block lists of ``- item`` lines under a key,
quoted or plain scalars, ``#`` comment lines. That is all articles need, and it keeps PyYAML (and its
surprises, such as ``no`` meaning false) out of the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mgreader.core.errors import FrontMatterError

FrontValue = str | list[str]

_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """The parsed fields, the Markdown body after the block, and the line where the body starts."""

    fields: dict[str, FrontValue]
    body: str
    body_line: int


def split(text: str) -> FrontMatter:
    """Split ``text`` into front matter and body. Text without a leading ``---`` line has no front matter.

    Raises FrontMatterError (with a 1-based line number) when the block is malformed.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return FrontMatter({}, text, 1)
    for end in range(1, len(lines)):
        if lines[end].strip() in (_FENCE, "..."):
            break
    else:
        raise FrontMatterError("the front matter block has no closing '---' line", 1)
    fields = _parse(lines[1:end], first_line=2)
    return FrontMatter(fields, "\n".join(lines[end + 1 :]), end + 2)


def read(text: str) -> tuple[FrontMatter, FrontMatterError | None]:
    """The front matter and body, never raising: when the block is malformed, no fields, the body without
    the block, and the error for the caller to report (the one fallback every reader of articles uses)."""
    try:
        return split(text), None
    except FrontMatterError as error:
        body = strip_unreadable(text)
        return FrontMatter({}, body, text[: len(text) - len(body)].count("\n") + 1), error


def strip_unreadable(text: str) -> str:
    """The body of ``text`` without its front matter block, even when the block cannot be parsed."""
    lines = text.split("\n")
    if lines and lines[0].strip() == _FENCE:
        for end in range(1, len(lines)):
            if lines[end].strip() in (_FENCE, "..."):
                return "\n".join(lines[end + 1 :])
    return text


def _parse(lines: list[str], first_line: int) -> dict[str, FrontValue]:
    fields: dict[str, FrontValue] = {}
    current_list: list[str] | None = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("- ") or stripped == "-":
            if current_list is None:
                raise FrontMatterError(
                    "a '- item' line must follow a 'key:' line with nothing after it", number
                )
            current_list.append(_scalar(stripped[1:].strip(), number))
            continue
        if line[:1].isspace():
            raise FrontMatterError(f"unexpected indented line {stripped[:40]!r}", number)
        match = _KEY.match(line)
        if not match:
            raise FrontMatterError(f"expected 'key: value', found {stripped[:40]!r}", number)
        key, value = match.group(1).lower(), match.group(2).strip()
        if key in fields:
            raise FrontMatterError(f"the field '{key}' appears twice", number)
        if not value:
            current_list = []
            fields[key] = current_list
        elif value.startswith("["):
            fields[key] = _inline_list(value, number)
            current_list = None
        else:
            fields[key] = _scalar(value, number)
            current_list = None
    return fields


def _inline_list(value: str, line: int) -> list[str]:
    if not value.endswith("]"):
        raise FrontMatterError("a list that starts with '[' must end with ']' on the same line", line)
    inner = value[1:-1].strip()
    if not inner:
        return []
    return [_scalar(item.strip(), line) for item in _split_commas(inner)]


def _split_commas(text: str) -> list[str]:
    items, current, quote = [], [], ""
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def _scalar(value: str, line: int) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    if value[:1] in "\"'":
        raise FrontMatterError(f"a quoted value is not closed: {value[:40]!r}", line)
    # A trailing " # comment" is YAML's; keep '#' inside words such as URLs with fragments.
    return re.sub(r"\s+#\s.*$", "", value)
