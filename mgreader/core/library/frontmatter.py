"""Reads the front matter block of an article: YAML between ``---`` lines, or TOML between ``+++`` lines.

YAML is read with PyYAML's safe loader, changed in three ways for a reader's files:
- every plain value is text: ``title: No`` is "No", ``reviewed: 2024-03-01`` is "2024-03-01", ``1.10``
  stays "1.10" (the app shows text; YAML 1.1 would make them false, a date and 1.1);
- aliases (``*name``) are refused, so a few lines cannot expand into gigabytes ("billion laughs");
- a block larger than MAX_BLOCK_BYTES is refused without being parsed.
TOML (Hugo's ``+++``) is read with the standard library's tomllib.

A file that starts with ``---`` but has no closing line, or whose block is not a set of ``key: value``
fields, has no front matter: the ``---`` is a horizontal rule and all the text is kept.

The fields other tools write are mapped to the app's (``app_fields``): Jekyll's and Hugo's ``description``
is the summary, ``lastmod``/``date`` the reviewed date, Obsidian's ``tags`` and ``aliases`` are lists.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import Any

from mgreader.core.errors import FrontMatterError

FrontValue = str | list[str]

MAX_BLOCK_BYTES = 64_000
_YAML_FENCE, _TOML_FENCE = "---", "+++"
_KEY = re.compile(r"^[ ]{0,3}[\"']?[^\s:#\"'][^:\n]*[\"']?[ \t]*:(?:[ \t]|$)")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Where another tool keeps what the app calls summary, reviewed or tags (first present wins).
_SYNONYMS = {
    "summary": ("summary", "description", "excerpt", "subtitle"),
    "reviewed": ("reviewed", "lastmod", "last_modified_at", "last-modified", "updated", "modified", "date"),
    "tags": ("tags", "tag", "keywords"),
}


@dataclass(frozen=True)
class FrontMatter:
    """The parsed fields, the Markdown body after the block, and the line where the body starts."""

    fields: dict[str, FrontValue]
    body: str
    body_line: int


def split(text: str) -> FrontMatter:
    """Split ``text`` into front matter and body. Text without a front matter block has none.

    Raises FrontMatterError (with a 1-based line number) when the block is there but cannot be read.
    """
    block = _block(text)
    if block is None:
        return FrontMatter({}, text, 1)
    fence, lines, end = block
    raw = "\n".join(lines[1:end])
    if len(raw.encode("utf-8")) > MAX_BLOCK_BYTES:
        raise FrontMatterError(f"the block of details is larger than {MAX_BLOCK_BYTES // 1000} KB", 1)
    data = _toml(raw) if fence == _TOML_FENCE else _yaml(raw)
    if data is None:  # not fields at all: the '---' was a horizontal rule
        return FrontMatter({}, text, 1)
    fields = {str(key).strip().lower(): _value(value) for key, value in data.items()}
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
    block = _block(text)
    return text if block is None else "\n".join(block[1][block[2] + 1 :])


def app_fields(fields: dict[str, FrontValue]) -> dict[str, FrontValue]:
    """``fields`` with the app's names filled in from other tools' names (description -> summary ...)."""
    mapped = dict(fields)
    for name, synonyms in _SYNONYMS.items():
        found = next((fields[s] for s in synonyms if fields.get(s)), None)
        if found is not None:
            mapped[name] = found
    reviewed = mapped.get("reviewed")
    if isinstance(reviewed, str) and _DATE.match(reviewed):
        mapped["reviewed"] = reviewed[:10]  # 2024-03-01T10:00:00+01:00 -> 2024-03-01
    tags = mapped.get("tags")
    if isinstance(tags, str):
        # Jekyll's 'tags: a b' and a single Obsidian tag; '#' is how Obsidian writes a tag in the text.
        separator = "," if "," in tags else None
        mapped["tags"] = [t.strip().lstrip("#") for t in tags.split(separator) if t.strip()]
    return mapped


def _block(text: str) -> tuple[str, list[str], int] | None:
    """The fence, the lines and the index of the closing line, when ``text`` starts with a block."""
    first = text[:4].rstrip("\r\n ")
    if first not in (_YAML_FENCE, _TOML_FENCE):
        return None
    lines = text.split("\n")
    fence = lines[0].strip()
    if fence != first:
        return None
    closing = (_YAML_FENCE, "...") if fence == _YAML_FENCE else (_TOML_FENCE,)
    for end in range(1, len(lines)):
        if lines[end].strip() in closing:
            break
    else:
        return None  # no closing line: a horizontal rule, not front matter
    if fence == _YAML_FENCE and not any(_KEY.match(line) for line in lines[1:end]):
        return None  # '---', a paragraph, '---': a rule and a heading underlined with dashes
    return fence, lines, end


def _yaml(raw: str) -> dict[Any, Any] | None:
    try:
        return _load_yaml(raw)
    except FrontMatterError:
        repaired = _COLON_VALUE.sub(lambda m: f"{m.group(1)}{_quoted(m.group(2))}", raw)
        if repaired == raw:
            raise
        try:
            return _load_yaml(repaired)
        except FrontMatterError:
            pass
        raise


# 'title: Magnesium: the basics' is not valid YAML, but people write it (and mean the text).
_COLON_VALUE = re.compile(r"^([A-Za-z_][\w -]*:[ \t]+)([^\s\"'\[{>|&*!#-][^\n]*?:[ \t][^\n]*)$", re.MULTILINE)


def _quoted(value: str) -> str:
    return '"' + value.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


def _load_yaml(raw: str) -> dict[Any, Any] | None:
    import yaml

    loader = _loader()
    try:
        alias_line = 0 if getattr(loader, "refuses_aliases", False) else _has_alias(raw)
        if alias_line:
            # libyaml's loader composes in C, where aliases cannot be refused: they are looked for first.
            raise FrontMatterError("aliases ('*name') are not read", alias_line)
        data = yaml.load(raw, Loader=loader)  # noqa: S506 (a safe loader, see _loader)
    except yaml.MarkedYAMLError as error:
        # The context (where the unclosed list began) is nearer the mistake than where parsing gave up.
        mark = error.context_mark or error.problem_mark
        index = mark.line if mark is not None else -1
        lines = raw.split("\n")
        near = (
            f" near {lines[index].strip()[:40]!r}" if 0 <= index < len(lines) and lines[index].strip() else ""
        )
        reason = error.problem or "unreadable"
        raise FrontMatterError(f"this is not valid YAML{near} ({reason})", index + 2) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"this is not valid YAML ({error})", 1) from None
    if data is None:
        return {}
    return data if isinstance(data, dict) else None


def _has_alias(raw: str) -> int:
    """The line of the first alias in ``raw`` (counted as in the file), or 0."""
    import yaml

    if "*" not in raw:
        return 0
    for event in yaml.parse(raw, Loader=_loader()):
        if isinstance(event, yaml.AliasEvent):
            return (event.start_mark.line if event.start_mark is not None else -1) + 2
    return 0


@functools.cache
def _loader() -> Any:
    """PyYAML's safe loader (libyaml's when installed: 6 times faster) with no implicit types, so every
    plain value stays the text it is; the pure-Python one refuses aliases as it composes."""
    import yaml

    if getattr(yaml, "CSafeLoader", None) is not None:

        class Fast(yaml.CSafeLoader):
            yaml_implicit_resolvers: dict[Any, Any] = {}

        return Fast

    class Safe(yaml.SafeLoader):
        yaml_implicit_resolvers: dict[Any, Any] = {}
        refuses_aliases = True

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise FrontMatterError("aliases ('*name') are not read", mark.line + 2)
            return super().compose_node(parent, index)

    return Safe


def _toml(raw: str) -> dict[str, Any]:
    import tomllib  # only for Hugo's +++ blocks: not worth its import on every start

    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) + 1 if found else 1
        reason = str(error).split(" (at")[0]
        raise FrontMatterError(f"this is not valid TOML ({reason})", line) from None


def _value(value: Any) -> FrontValue:
    if isinstance(value, list | tuple):
        return [_scalar(item) for item in value if item is not None]
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, dict):
        # A nested map (Hugo's 'params:', Obsidian's objects): the app has no use for it as text.
        return ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_scalar(v) for v in value)
    return str(value).strip()
