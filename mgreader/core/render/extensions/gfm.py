"""The small parts of GitHub's Markdown that no well-kept python-markdown extension provides.

The extensions listed in markdown.py do most of the work (pymdown-extensions, python-markdown's own). What
is left, each part as small as it can be:

- list nesting as GitHub reads it (2 spaces, 3, a tab): gfm_lists.py;
- a list right after a line of text ("Key points:\\n- a"): GFM lets a bullet list, or a numbered list
  starting at 1, interrupt a paragraph; python-markdown needs a blank line, so one is added (outside code);
- ``1)`` list markers, which python-markdown does not know, are read as ``1.``;
- a backslash at the end of a line is a line break;
- heading ids follow GitHub's rules (headings.github_slug; repeats get ``-1``, ``-2``), so links written for
  GitHub scroll to the right heading;
- ``[[Note]]``, ``[[Note|label]]`` and ``[[Note#Heading]]`` become links that links.py resolves by file name;
- Obsidian callouts (``> [!note] Title``) and GitHub alerts (``> [!NOTE]``) become the app's boxes;
- a very long table keeps its first rows as a table and the rest as lines of text (long_tables.py);
- lists past 12 levels deep keep their deeper items at the 12th level (deep_lists.py);
- each heading with an id gets a background of its own, fully transparent (``_DistinctAnchors``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

from mgreader.core.library.headings import github_slug, unique_github
from mgreader.core.render.extensions import gfm_lists
from mgreader.core.render.extensions.deep_lists import DeepLists
from mgreader.core.render.extensions.long_tables import LongTables

WIKILINK_SCHEME = "wikilink:"
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_QUOTE = re.compile(r"^((?:[ ]{0,3}>[ ]?)*)(.*)$")
_BULLET = re.compile(r"^[ ]{0,3}[-*+][ \t]+\S")
_FIRST_NUMBER = re.compile(r"^[ ]{0,3}1[.)][ \t]+\S")
_ANY_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_PAREN_MARKER = re.compile(r"^([ \t>]*\d{1,9})\)([ \t]+)")
_TABLE_OR_BLOCK = re.compile(r"^[ \t]*(?:\||#|>|<|\[|\*\*\*|---|___)")
_ATX_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HTML_WRAPPER = re.compile(r"^([ ]{0,3}<(?:details|div))(?=[\s>])", re.IGNORECASE)
_INLINE_DROPPED = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|textarea|svg)\b[^>]*>.*?</\1\s*>", re.IGNORECASE
)
_HEADING = re.compile(r"h[1-6]")
_CALLOUT = re.compile(r"^\[!([A-Za-z][\w-]*)\][+-]?[ \t]*(.*)$", re.DOTALL)
CALLOUT_CLASS = "evidence"  # the same box as the bundled evidence notes


class _ListsAndMarkers(Preprocessor):
    """Blank lines where GFM ends a paragraph or a block quote without one; ``1)`` read as ``1.``."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence = ""
        previous = ""  # the previous line outside code, without its quote markers
        quote_then_blank = False  # python-markdown joins two quotes that only a blank line separates
        for line in gfm_lists.normalise(lines):
            match = _FENCE.match(line)
            if fence or match:
                if match:
                    marker = match.group(1)
                    if not fence:
                        fence = marker
                        if _interrupts(previous, line):
                            out.append("")
                    elif marker.startswith(fence) and not line.strip()[len(marker) :].strip():
                        fence = ""
                out.append(line)
                previous = ""
                continue
            if _ATX_HEADING.match(line) and _interrupts(previous, line):
                out.append("")  # a heading ends a paragraph or list item on GitHub, blank line or not
            line = _PAREN_MARKER.sub(r"\1.\2", line)
            if "<" in line and "`" not in line:
                # A script inside a line of text: its content is code, not text (rawhtml drops the tags).
                line = _INLINE_DROPPED.sub("", line)
            quote, rest = _QUOTE.match(line).groups()  # type: ignore[union-attr]
            if quote and quote_then_blank and not previous:
                out.extend(["<!-- -->", ""])  # an empty block between them, dropped from the page
            if quote or line.strip():
                quote_then_blank = bool(quote)
            if _DELIMITER_ROW.match(rest) and "|" in line and len(out) >= 2 and "|" in out[-1]:
                # A table right after a line of text: GFM starts the table at its header row.
                head_quote, before = _QUOTE.match(out[-2]).groups()  # type: ignore[union-attr]
                if before.strip() and "|" not in before and not _ANY_ITEM.match(before):
                    out.insert(len(out) - 1, head_quote.rstrip())
            wrapper = _HTML_WRAPPER.match(line)
            if wrapper and "markdown=" not in line:
                # GitHub formats the Markdown inside <details> and <div>; python-markdown when asked to.
                line = wrapper.group(1) + ' markdown="1"' + line[wrapper.end() :]
            if (
                (_BULLET.match(rest) or _FIRST_NUMBER.match(rest))
                and previous.strip()
                and not _ANY_ITEM.match(previous)
                and not previous.startswith((" ", "\t"))
                and not _TABLE_OR_BLOCK.match(previous)
            ):
                out.append(quote.rstrip())
            out.append(line)
            previous = rest
        if fence:
            out.append(fence)  # GitHub runs a code block that is never closed to the end of the file
        return out


def _interrupts(previous: str, line: str) -> bool:
    """Whether ``line`` starts a block right after text at the same level (a blank line is needed)."""
    return bool(previous.strip()) and not line.startswith((" ", "\t", ">"))


class _HardBreak(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # noqa: N802
        return etree.Element("br"), m.start(0), m.end(0)


class _CodeReference(InlineProcessor):
    """``[`name`]`` and ``[`name`][]`` links to a reference definition: python-markdown reads the code
    first and then no longer finds the reference (Hugo's and Go's documentation write links so)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # noqa: N802
        label = m.group(4) or m.group(1)
        found = self.md.references.get(re.sub(r"\s+", " ", label).lower())
        if not found:
            return None, None, None
        link = etree.Element("a")
        link.set("href", found[0])
        if found[1]:
            link.set("title", found[1])
        code = etree.SubElement(link, "code")
        code.text = AtomicString(m.group(3).strip())
        return link, m.start(0), m.end(0)


class _WikiLink(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # noqa: N802
        target, heading, label = m.group(1).strip(), (m.group(2) or "").strip(), m.group(3)
        link = etree.Element("a")
        link.set("href", WIKILINK_SCHEME + target + (f"#{heading}" if heading else ""))
        link.set("class", "wikilink")
        shown = (
            label.strip() if label else (f"{target} > {heading}" if target and heading else target or heading)
        )
        link.text = AtomicString(shown)
        return link, m.start(0), m.end(0)


class _HeadingIds(Treeprocessor):
    """GitHub's heading ids, set before python-markdown's toc (which keeps ids already there)."""

    def run(self, root: etree.Element) -> None:
        taken = {el.get("id", "") for el in root.iter() if el.get("id")}
        counters: dict[str, int] = {}  # 13,000 headings of one name: linear, not quadratic
        for element in root.iter():
            if (
                isinstance(element.tag, str)
                and _HEADING.fullmatch(element.tag)
                and "id" not in element.attrib
            ):
                text = HTML_PLACEHOLDER_RE.sub("", "".join(element.itertext()))
                element.set("id", unique_github(github_slug(text), taken, counters))


class _DistinctAnchors(Treeprocessor):
    """A fully transparent background, of a different colour for each heading with an id (issue 11).

    Qt hashes a character format's anchor names (a string list) by their type alone, so the formats of
    2,000 headings with ids all collided in its format table, each compared with all before it: 316 ms of
    ``setHtml`` on the window's thread for 29 KB of headings. A colour is hashed by its value: 24 ms. A
    background of alpha 0 paints nothing; a ``title`` would have done as well but shows as a tooltip.
    Runs after the sanitiser, which keeps no ``style`` from articles."""

    def run(self, root: etree.Element) -> None:
        number = 0
        for element in root.iter():
            if isinstance(element.tag, str) and _HEADING.fullmatch(element.tag) and element.get("id"):
                number += 1
                red, green, blue = number & 0xFF, (number >> 8) & 0xFF, (number >> 16) & 0xFF
                element.set("style", f"background-color: rgba({red}, {green}, {blue}, 0)")


class _Callouts(Treeprocessor):
    """``> [!note] Title`` (Obsidian) and ``> [!NOTE]`` (GitHub): a box with the kind, or title, in bold."""

    def run(self, root: etree.Element) -> None:
        for quote in list(root.iter("blockquote")):
            first = next(iter(quote), None)
            if first is None or first.tag != "p" or not first.text:
                continue
            match = _CALLOUT.match(first.text.lstrip())
            if not match:
                continue
            kind, rest = match.group(1), match.group(2)
            title_line, _, after = rest.partition("\n")
            title = etree.Element("strong")
            title.text = title_line.strip() or kind.capitalize()
            first.text = after
            if after.strip() or len(first):
                title.tail = ""
                first.insert(0, title)
                first.insert(1, etree.Element("br"))
                first[1].tail = after
                first.text = ""
            else:
                first.text = ""
                first.append(title)
            quote.set("class", CALLOUT_CLASS)


class GfmExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (python-markdown's name)
        md.preprocessors.register(_ListsAndMarkers(md), "mgreader_gfm_lists", 26)
        md.inlinePatterns.register(_HardBreak(r"\\\n", md), "mgreader_hard_break", 185)
        md.inlinePatterns.register(
            _WikiLink(r"\[\[([^\]\[|#\n]*)(?:#([^\]\[|\n]*))?(?:\|([^\]\[\n]*))?\]\]", md),
            "mgreader_wikilink",
            175,
        )
        md.inlinePatterns.register(
            _CodeReference(r"\[((`+)([^`\n]+?)\2)\](?:\[([^\]\n]*)\])?(?![(\[])", md),
            "mgreader_code_ref",
            195,
        )
        md.treeprocessors.register(_HeadingIds(md), "mgreader_heading_ids", 6)
        md.treeprocessors.register(_Callouts(md), "mgreader_callouts", 1)
        md.treeprocessors.register(LongTables(md), "mgreader_long_tables", 2)
        md.treeprocessors.register(DeepLists(md), "mgreader_deep_lists", 2.5)
        md.treeprocessors.register(_DistinctAnchors(md), "mgreader_distinct_anchors", -1)  # after sanitising
