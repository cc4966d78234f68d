"""A formatted article body: what the render cache keeps and the page is composed from.

Apart from markdown.py, which makes it, so that showing a cached article (every relaunch) imports neither
python-markdown nor the sanitiser around it (issue 15)."""

from __future__ import annotations

from dataclasses import dataclass

from mgreader.core.library.headings import Heading

# Bump when the HTML markdown.py produces changes, so cached renderings are redone.
RENDER_VERSION = 5

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class RenderedBody:
    """The article body as HTML, its headings (with the ids in the HTML) and its length in words."""

    html: str
    headings: tuple[Heading, ...]
    words: int
    notice: str = ""

    @property
    def minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))
