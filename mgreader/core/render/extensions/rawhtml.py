"""Raw HTML in a reader's Markdown, treated as GitHub treats it: a safe subset is kept, the rest is dropped.

Kept: the elements of ``ALLOWED`` (``br``, ``details``/``summary``, ``kbd``, ``sup``, ``sub``, ``abbr``,
``div``/``span`` wrappers, tables, links, local images ...) with the attributes of ``ALLOWED_ATTRS`` only, so
no event handler or style reaches the view. Comments are hidden. ``script``, ``style``, ``iframe`` and their
kind are dropped with everything inside them; any other element is dropped and its text kept, never shown
as a tag. Images are kept only when they are inside the library (``check_image``).

python-markdown keeps raw HTML in its "stash" and puts it back after the tree has been sanitised, so every
stashed fragment passes through ``clean`` on the way back (see markdown.py). A fragment may be one lone tag
(``<kbd>`` and ``</kbd>`` are stashed apart), so unbalanced tags are expected.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from html.parser import HTMLParser

ALLOWED = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "code", "pre",
    "kbd", "samp", "var", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "a", "img", "sup", "sub", "abbr", "div", "span", "del", "ins", "s", "mark",
    "details", "summary", "small", "cite", "q",
}  # fmt: skip
ALLOWED_ATTRS = {
    "id", "href", "src", "alt", "title", "align", "colspan", "rowspan", "start", "width", "cellpadding",
    "cellspacing",
}  # fmt: skip
# Dropped with their content: what they hold is code, styling or another document, never text to read.
_DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "select", "svg",
    "math", "frame", "frameset", "applet", "head", "title", "audio", "video", "canvas",
}  # fmt: skip
_VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "track", "col", "area", "param"}
TASK_CLASS = "task"

ImageCheck = Callable[[str], str | None]  # the src when it may be shown, else None


class _Cleaner(HTMLParser):
    def __init__(self, check_image: ImageCheck) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.check_image = check_image
        self.dropping: list[str] = []  # the open elements whose content is being dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and not closed:
                self.dropping.append(tag)
            return
        if tag in _DROPPED_WITH_CONTENT:
            if not closed and tag not in _VOID:
                self.dropping.append(tag)
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "input":
            # A task list's checkbox (pymdownx.tasklist): Qt's rich text has no form controls.
            if values.get("type") == "checkbox":
                mark = "\u2611" if "checked" in values else "\u2610"
                self.out.append(f'<span class="{TASK_CLASS}">{mark}</span>')
            return
        if tag == "a" and "name" in values and "id" not in values:
            values["id"] = values["name"]  # the old way of marking an anchor, still common in wikis
        if tag not in ALLOWED:
            return
        if tag == "img":
            self.out.append(self._image(values))
            return
        kept = "".join(
            f' {name}="{html.escape(value, quote=True)}"'
            for name, value in values.items()
            if name in ALLOWED_ATTRS
        )
        self.out.append(f"<{tag}{kept}>")

    def _image(self, values: dict[str, str]) -> str:
        src = values.get("src", "")
        alt = values.get("alt") or "image"
        if self.check_image(src) is None:
            note = "not shown, because it is not a picture inside the library"
            return f'<span class="blocked">[{html.escape(alt)}: {note}]</span>'
        kept = {k: v for k, v in values.items() if k in ("src", "alt", "title", "width")}
        return "<img" + "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in kept.items()) + ">"

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in ALLOWED and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    # Comments, declarations (<!DOCTYPE>) and processing instructions are hidden, as GitHub hides them.
    def handle_comment(self, data: str) -> None:
        return

    def handle_decl(self, decl: str) -> None:
        return

    def handle_pi(self, data: str) -> None:
        return

    def unknown_decl(self, data: str) -> None:
        return


def clean(fragment: str, check_image: ImageCheck) -> str:
    """``fragment`` with only the safe subset of HTML left (see the module's docstring)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    cleaner = _Cleaner(check_image)
    cleaner.feed(fragment)
    cleaner.close()
    return "".join(cleaner.out)
