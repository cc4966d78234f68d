"""Markdown to safe HTML for the article pane, with python-markdown.

Safety: raw HTML keeps only the safe subset GitHub keeps (rawhtml.py); the output keeps only a known set of
elements and attributes; an image is kept only when it is a relative path that stays inside the article's
content root (anything else becomes a short note saying it was not shown). Links are kept as written and
checked when clicked (see links.py).

Robustness: python-markdown is quadratic on some inputs (20,000 '[' take a minute), so pathological blocks
are shown as plain text without going through it (defuse.py), and any failure falls back to showing the
text as it is. budget.py bounds the time of the rest.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any

from mgreader.core.library.headings import Heading, github_slug, unique
from mgreader.core.render.body import RENDER_VERSION, RenderedBody
from mgreader.core.render.extensions import rawhtml
from mgreader.core.render.extensions.defuse import MAX_QUOTE_DEPTH, Defused, plain_html
from mgreader.core.render.extensions.links import SCHEME

if TYPE_CHECKING:
    import markdown

_ALLOWED = rawhtml.ALLOWED
_ALLOWED_ATTRS = rawhtml.ALLOWED_ATTRS
_OWN_CLASSES = {
    "footnote", "footnote-ref", "footnote-backref", "evidence", "blocked", "toc", "wikilink",
    rawhtml.TASK_CLASS,
}  # fmt: skip

# What each extension is for (README.md, "Formatting", says the same for readers):
EXTENSIONS: list[Any] = [
    "abbr",  # *[HTML]: Hyper Text Markup Language
    "attr_list",  # {#custom-id} on headings, as the bundled articles use
    "def_list",
    "footnotes",  # [^1], as GitHub
    "tables",  # GFM tables
    "md_in_html",  # <div markdown="1"> blocks
    "toc",  # the heading outline (ids are set by gfm.py, GitHub's way)
    "pymdownx.superfences",  # fenced code anywhere: inside list items and block quotes too
    "pymdownx.tasklist",  # - [ ] and - [x]
    "pymdownx.tilde",  # ~~strikethrough~~
    "pymdownx.magiclink",  # bare https://... addresses become links
    "pymdownx.betterem",  # GitHub's emphasis rules: snake_case_words stay words
    "pymdownx.saneheaders",  # '#hashtag' is not a heading; '# Heading' is
    "sane_lists",  # a numbered list and a bullet list next to each other stay two lists, as on GitHub
]


def _extension_configs() -> dict[str, dict[str, Any]]:
    return {
        "toc": {"slugify": lambda value, _sep: github_slug(value), "toc_depth": "1-3"},
        "pymdownx.tilde": {"subscript": False},
        "pymdownx.magiclink": {"repo_url_shortener": False, "social_url_shortener": False},
        "pymdownx.betterem": {"smart_enable": "all"},
    }


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def check_image_src(src: str, article_dir: str) -> str | None:
    """The image's path relative to the content root, or None when it must not be loaded.

    ``article_dir`` is the article's folder relative to the root ('' at the top). Remote addresses, other
    schemes, absolute paths and paths that climb out of the root are refused.
    """
    src = src.strip()
    if not src or SCHEME.match(src) or src.startswith(("/", "\\", "//")) or "\\" in src:
        return None
    path = src.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(article_dir, path))
    if joined.startswith("..") or joined.startswith("/") or not joined.lower().endswith(_IMAGE_SUFFIXES):
        return None
    return joined


def defuse(text: str) -> str:
    """The text python-markdown is given: quotes capped at MAX_QUOTE_DEPTH, and blocks it would spend
    minutes on replaced by placeholders (see defuse.py; ``Renderer.render`` puts their text back)."""
    return Defused(text).text


class Renderer:
    """Turns article Markdown into RenderedBody. python-markdown is imported on first use only."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None
        self._sanitizer: Any = None

    def render(self, text: str, article_dir: str = "") -> RenderedBody:
        md = self._markdown()
        self._sanitizer.article_dir = article_dir
        md.reset()
        defused = Defused(text)
        try:
            body = defused.restore(md.convert(defused.text))
        except (RecursionError, MemoryError, ValueError, IndexError, KeyError, AttributeError):
            # python-markdown has no error type of its own; these are what malformed input has raised.
            return plain_fallback(text, "This article could not be formatted, so it is shown as plain text.")
        tokens: list[dict[str, Any]] = getattr(md, "toc_tokens", [])
        found = tuple(
            Heading(t["level"], html.unescape(t["name"]), t["id"])
            for t in _flatten(tokens)
            if t["level"] <= 3
        )
        return RenderedBody(body, found, count_words(body))

    def _markdown(self) -> markdown.Markdown:
        if self._md is None:
            self._md, self._sanitizer = _build_markdown()
        return self._md


def count_words(body_html: str) -> int:
    return len(_WORD.findall(html.unescape(_TAG.sub(" ", body_html))))


def plain_fallback(text: str, notice: str) -> RenderedBody:
    """Best effort: the text, escaped, in paragraphs. Used when formatting fails or is refused."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    body = "\n".join('<p class="plain">' + plain_html(p) + "</p>" for p in paragraphs[:5000])
    return RenderedBody(body, (), len(_WORD.findall(text)), notice)


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat


def _build_markdown() -> tuple[markdown.Markdown, Any]:
    import markdown
    from markdown.extensions import Extension
    from markdown.postprocessors import RawHtmlPostprocessor
    from markdown.treeprocessors import Treeprocessor

    from mgreader.core.render.extensions.gfm import CALLOUT_CLASS, GfmExtension

    class Sanitizer(Treeprocessor):
        """Keeps known elements and attributes, blocks unsafe images, marks evidence notes."""

        article_dir = ""

        def run(self, root: etree.Element) -> None:
            for parent in list(root.iter()):
                for child in list(parent):
                    self._clean(parent, child)

        def _clean(self, parent: etree.Element, element: etree.Element) -> None:
            if not isinstance(element.tag, str) or element.tag not in _ALLOWED:
                element.tag, element.attrib = "span", {}
            css = set(element.get("class", "").split()) & _OWN_CLASSES
            for name in list(element.attrib):
                if name not in _ALLOWED_ATTRS:
                    del element.attrib[name]
            if css:
                element.set("class", " ".join(sorted(css)))
            if element.tag == "img":
                self._check_image(parent, element)
            elif element.tag == "blockquote" and (CALLOUT_CLASS in css or _is_evidence(element)):
                _box(element, "evidence")

        def image_allowed(self, src: str) -> str | None:
            return check_image_src(src, self.article_dir)

        def _check_image(self, parent: etree.Element, image: etree.Element) -> None:
            src = image.get("src", "")
            if check_image_src(src, self.article_dir) is None:
                alt = image.get("alt") or "image"
                image.tag, image.attrib = "span", {"class": "blocked"}
                image.text = f"[{alt}: not shown, because it is not a picture inside the library]"

    class SafeExtension(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (python-markdown's name)
            # Raw HTML comes back from python-markdown's stash after the tree was sanitised: every piece of
            # it passes rawhtml.clean on the way (the safe subset GitHub keeps; the rest dropped, text kept).
            md.postprocessors.register(SafeRawHtml(md), "raw_html", 30)
            md.treeprocessors.register(sanitizer, "mgreader_sanitize", 0)

    class SafeRawHtml(RawHtmlPostprocessor):
        def stash_to_string(self, text: Any) -> str:
            return rawhtml.clean(super().stash_to_string(text), sanitizer.image_allowed)

        def isblocklevel(self, html: str) -> bool:
            # A comment or a dropped element leaves nothing: no empty paragraph for it either.
            return not html.strip() or super().isblocklevel(html)

    md = markdown.Markdown(
        extensions=EXTENSIONS + [GfmExtension()],
        extension_configs=_extension_configs(),
        output_format="html",
    )
    sanitizer = Sanitizer(md)
    SafeExtension().extendMarkdown(md)
    return md, sanitizer


def _box(element: etree.Element, css_class: str) -> None:
    """Turn a block into a one-cell table: Qt's rich text draws borders and padding only on tables."""
    children, text = list(element), element.text
    element.clear()
    element.tag = "table"
    element.attrib = {"class": css_class, "width": "100%", "cellpadding": "10", "cellspacing": "0"}
    cell = etree.SubElement(etree.SubElement(element, "tr"), "td")
    cell.text = text
    cell.extend(children)


def _is_evidence(quote: etree.Element) -> bool:
    first = next(iter(quote), None)
    if first is None or first.tag != "p":
        return False
    strong = next(iter(first), None)
    return (
        strong is not None
        and strong.tag == "strong"
        and not (first.text or "").strip()
        and (strong.text or "").strip().lower().startswith("evidence")
    )


__all__ = [
    "MAX_QUOTE_DEPTH", "RENDER_VERSION", "RenderedBody", "Renderer", "check_image_src", "defuse",
    "plain_fallback", "unique",
]  # fmt: skip
