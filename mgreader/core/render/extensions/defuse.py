"""Taking the Markdown inputs that python-markdown would spend minutes on out of its way (issue 11).

python-markdown is quadratic in the number of inline tokens of one paragraph (brackets, backslashes,
entities, backticks, emphasis marks: 40,000 '[' take a minute however they are escaped), and Qt's layout is
quadratic in the length of an unbreakable word. Such blocks are never given to python-markdown: each is
replaced by a placeholder word, and after conversion the placeholder becomes the block's text, escaped, as a
plain paragraph. Everything here is one pass over the text.
"""

from __future__ import annotations

import html
import re
import secrets

MAX_QUOTE_DEPTH = 8
# A block (text between blank lines) with more of these is shown as plain text.
MAX_SPECIALS_PER_BLOCK = 1_000
MAX_BLOCK_CHARS = 50_000
# A run of characters without a space longer than this is shown as plain text, broken every WORD_BREAK.
MAX_RUN = 1_000
WORD_BREAK = 80
_SPECIALS = "[]\\`*_&<!:^{"
_BLANK = re.compile(r"(\n[ \t]*\n)")
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]{0,3}>[ \t]?)+")
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1}}}")  # from a run's start only: linear
_RUN_TO_BREAK = re.compile(rf"(\S{{{WORD_BREAK}}})(?=\S)")
_ZERO_WIDTH_SPACE = "\u200b"


class Defused:
    """The text to give python-markdown, and how to put the plain blocks back into its HTML."""

    def __init__(self, text: str) -> None:
        self._nonce = "mgreaderplain" + secrets.token_hex(6)
        self._plain: dict[str, str] = {}
        self.text = "".join(self._block(block) for block in _BLANK.split(text))

    @property
    def plain_blocks(self) -> int:
        return len(self._plain)

    def restore(self, body_html: str) -> str:
        if not self._plain:
            return body_html
        pattern = re.compile(re.escape(self._nonce) + r"x\d+x")
        return pattern.sub(lambda m: self._plain.get(m.group(0), m.group(0)), body_html)

    def _block(self, block: str) -> str:
        if not block.strip() or _BLANK.fullmatch(block):
            return block
        if _is_hostile(block):
            token = f"{self._nonce}x{len(self._plain)}x"
            self._plain[token] = plain_html(block)
            return token
        if ">" in block:
            block = "\n".join(_cap_quote(line) for line in block.split("\n"))
        return block


def _is_hostile(block: str) -> bool:
    if len(block) > MAX_BLOCK_CHARS:
        return True
    if sum(block.count(c) for c in _SPECIALS) > MAX_SPECIALS_PER_BLOCK:
        return True
    return _LONG_RUN.search(block) is not None


def plain_html(text: str) -> str:
    """``text`` escaped for a page, lines kept, very long words given places to wrap."""
    return break_long_words(html.escape(text.strip("\n"))).replace("\n", "<br>")


def break_long_words(text: str) -> str:
    """Qt lays out one unbroken 240 KB word in seconds: give it a zero-width space every WORD_BREAK."""
    if _LONG_RUN.search(text) is None:
        return text
    return _RUN_TO_BREAK.sub(lambda m: m.group(1) + _ZERO_WIDTH_SPACE, text)


def _cap_quote(line: str) -> str:
    match = _QUOTE_PREFIX.match(line)
    if not match or match.group(0).count(">") <= MAX_QUOTE_DEPTH:
        return line
    return "> " * MAX_QUOTE_DEPTH + line[match.end() :]
