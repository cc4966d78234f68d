"""Boxes kept in one file and shown in many articles (issue 17), such as the magnesium safety box.

An article asks for a box with the front matter field ``includes: [safety]``. The box's text is the Markdown
file ``_includes/safety.md`` in the article's content root (the library scan skips ``_`` folders, so the file
is never an article of its own). The box appears where the body has a line holding only ``{{safety}}``, or at
the top of the body when there is no such line. A box whose file is missing is left out; ``mgreader check``
reports it.

Three readers of an article see the boxes: the page (``splice``, on the rendered body, with the boxes' bytes
in the render cache key so that editing a box renders its articles again), the search index (it indexes that
rendered body) and the appointment sheet, which finds a bookmarked passage in ``expand`` 's Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mgreader.core.errors import FrontMatterError
from mgreader.core.files import read_regular
from mgreader.core.render.body import RenderedBody

if TYPE_CHECKING:
    from mgreader.core.library.frontmatter import FrontValue
    from mgreader.core.render.markdown import Renderer

FOLDER = "_includes"
FIELD = "includes"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")
# A box file larger than this is refused: a box is a few paragraphs.
MAX_BYTES = 20_000


@dataclass(frozen=True)
class Include:
    name: str
    data: bytes  # the file's bytes: part of the render cache key

    @property
    def text(self) -> str:
        from mgreader.core.library import frontmatter  # not for a page from the render cache (issue 15)

        return frontmatter.strip_unreadable(self.data.decode("utf-8-sig", errors="replace"))

    def marker(self) -> str:
        return "{{" + self.name + "}}"


def names(fields: dict[str, FrontValue]) -> tuple[str, ...]:
    """The box names an article asks for, in order, without repeats (a lone ``includes: x`` counts)."""
    value = fields.get(FIELD, ())
    items = [value] if isinstance(value, str) else value
    return tuple(dict.fromkeys(item.strip().lower() for item in items if item.strip()))


def path_of(root: Path, name: str) -> Path | None:
    """The box file for ``name`` in the content root ``root``; None for a name that is not a plain word."""
    return root / FOLDER / f"{name}.md" if _NAME.fullmatch(name) else None


def load(root: Path, wanted: tuple[str, ...]) -> tuple[Include, ...]:
    """The boxes that exist and can be read; the others are left out (the check names them)."""
    found = []
    for name in wanted:
        path = path_of(root, name)
        if path is None:
            continue
        try:
            # A regular file inside the root only: not a FIFO (it would wait for ever), nor a link out.
            found.append(Include(name, read_regular(path, MAX_BYTES, within=root, whole=True)))
        except OSError:
            continue
    return tuple(found)


def cache_salt(boxes: tuple[Include, ...]) -> bytes:
    """Bytes to add to an article's bytes in its render cache key: a changed box changes the key."""
    return b"".join(b"\0include\0" + box.name.encode() + b"\0" + box.data for box in boxes)


def splice(body: RenderedBody, boxes: tuple[Include, ...], renderer: Renderer) -> RenderedBody:
    """``body`` with each box rendered into a marked table at its marker (or at the top)."""
    page, words = body.html, body.words
    for box in boxes:
        rendered = renderer.render(box.text)
        boxed = (
            f'<table class="include {box.name}" width="100%" cellpadding="12" cellspacing="0" border="1">'
            f"<tr><td>{rendered.html}</td></tr></table>"
        )
        marker = f"<p>{box.marker()}</p>"
        page = page.replace(marker, boxed, 1) if marker in page else boxed + "\n" + page
        words += rendered.words - (1 if marker in body.html else 0)
    return replace(body, html=page, words=words)


def expand(markdown_text: str, root: Path) -> str:
    """The article's Markdown (front matter kept) with its boxes' Markdown at their markers."""
    from mgreader.core.library import frontmatter  # not for a page from the render cache (issue 15)

    try:
        front = frontmatter.split(markdown_text)
    except FrontMatterError:
        return markdown_text
    boxes = load(root, names(front.fields))
    if not boxes:
        return markdown_text
    head = markdown_text[: len(markdown_text) - len(front.body)]
    lines = front.body.split("\n")
    for box in boxes:
        at = [i for i, line in enumerate(lines) if line.strip() == box.marker()]
        if at:
            lines[at[0] : at[0] + 1] = box.text.split("\n")
        else:
            lines = [*box.text.split("\n"), "", *lines]
    return head + "\n".join(lines)


# What `mgreader check` says about boxes

SAFETY = "safety"
# "Talks about doses or supplements": this many mentions of an amount in milligrams, a dose, or a
# supplement, outside the Sources list. A passing mention (a glossary line, a link) stays under it.
DOSE_MENTIONS = 5
# The check's patterns, compiled on first use (re keeps them): not at import, for the page's way (issue 15).
_DOSE_WORDS = (
    r"\b\d[\d,.]*\s*(?:-\s*\d[\d,.]*\s*)?(?:mg|milligrams?)\b"  # an amount
    r"|\bdos(?:e|es|ing|age)\b|\bsupplements?\b"
)
_SOURCES = r"^##\s+(?:Sources|Related articles)\s*$"


def dose_mentions(body: str) -> int:
    """How often ``body`` (its Sources list left out) names a milligram amount, a dose or a supplement."""
    before_sources = re.split(_SOURCES, body, maxsplit=1, flags=re.MULTILINE)[0]
    return len(re.findall(_DOSE_WORDS, before_sources, re.IGNORECASE))


def problems(
    root: Path, fields: dict[str, FrontValue], body: str
) -> list[tuple[Literal["error", "warning"], str]]:
    """(severity, message) for the check: boxes that cannot be shown, and dose talk without the safety box."""
    found: list[tuple[Literal["error", "warning"], str]] = []
    wanted = names(fields)
    for name in wanted:
        path = path_of(root, name)
        if path is None:
            found.append(("error", f"'{name}' in 'includes' is not a box name (letters, digits and '-')"))
        elif not path.is_file():
            found.append(("error", f"the box '{name}' is not shown: there is no file {FOLDER}/{name}.md"))
        elif body.count("{{" + name + "}}") > 1:
            found.append(("warning", f"the box '{name}' has more than one {{{{{name}}}}} line: one is used"))
    for marker in sorted(set(re.findall(r"^\s*\{\{([a-z0-9-]+)\}\}\s*$", body, re.MULTILINE)) - set(wanted)):
        found.append(("warning", f"the line {{{{{marker}}}}} shows nothing: add '{marker}' to 'includes'"))
    mentions = dose_mentions(body)
    if SAFETY not in wanted and mentions >= DOSE_MENTIONS and (root / FOLDER / f"{SAFETY}.md").is_file():
        found.append((
            "warning",
            f"talks about doses or supplements ({mentions} mentions) but does not show the safety box: "
            f"add 'includes: [{SAFETY}]'",
        ))  # fmt: skip
    return found
