"""Composes the page the article pane shows: header, rendered body, notices and the disclaimer footer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Template

from mgreader.core.dates import iso_words
from mgreader.core.dates import prepare as prepare_dates
from mgreader.core.disclaimer import Disclaimer
from mgreader.core.escape import escape
from mgreader.core.render.body import RenderedBody
from mgreader.core.theme import Theme

STYLESHEET_FILE = "article.css"
BASE_POINT_SIZE = 12.0
ZOOM_STEP = 1.1
MIN_ZOOM, MAX_ZOOM = -4, 10
# The reader's choices in View > Text: body fonts (CSS font families; "" keeps the system's) and line spacing.
FONTS = {
    "system": ("System font", ""),
    "sans": ("Sans-serif", "DejaVu Sans, Verdana, Arial, sans-serif"),
    "serif": ("Serif", "DejaVu Serif, Georgia, 'Times New Roman', serif"),
}
LINE_SPACINGS = {
    "normal": ("Normal spacing", 155),
    "relaxed": ("Relaxed spacing", 180),
    "loose": ("Loose spacing", 210),
}


@dataclass(frozen=True)
class TrustDetails:
    """What the header says about an article's upkeep, as NHS pages do: front matter ``next-review``
    (a date) and ``reviewed-by`` (who checked it, and how)."""

    next_review: str = ""
    reviewed_by: str = ""


def trust_details(fields: Mapping[str, str | list[str]]) -> TrustDetails:
    def text(name: str) -> str:
        value = fields.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    return TrustDetails(text("next-review"), text("reviewed-by"))


@dataclass(frozen=True)
class PageHeader:
    title: str
    summary: str = ""
    reviewed: str = ""
    minutes: int = 0
    trust: TrustDetails = TrustDetails()


def point_size(zoom: int) -> float:
    return BASE_POINT_SIZE * ZOOM_STEP ** max(MIN_ZOOM, min(MAX_ZOOM, zoom))


def human_date(iso: str) -> str:
    """'2026-11-24' -> '24 November 2026' in the reader's locale (core.dates); anything else as written."""
    return iso_words(iso)


class PageComposer:
    """Holds the stylesheet template and the disclaimer, and builds full pages from them."""

    def __init__(self, resources: Path, disclaimer: Disclaimer) -> None:
        self._css = Template((resources / STYLESHEET_FILE).read_text(encoding="utf-8"))
        self.disclaimer = disclaimer
        prepare_dates()  # the page's dates ("Last reviewed ...") in the reader's locale, loaded meanwhile

    def stylesheet(self, theme: Theme, zoom: int, font: str = "system", spacing: str = "normal") -> str:
        size = point_size(zoom)
        family = FONTS.get(font, FONTS["system"])[1]
        gap = round(size * 0.9)
        values = {
            name: getattr(theme, name) for name in theme.__dataclass_fields__ if name not in ("name", "dark")
        }
        values |= {
            "size": f"{size:.1f}",
            "small": f"{size * 0.88:.1f}",
            "lead": f"{size * 1.1:.1f}",
            "h1": f"{size * 1.5:.1f}",
            "h2": f"{size * 1.3:.1f}",
            "h3": f"{size * 1.12:.1f}",
            "title": f"{size * 1.75:.1f}",
            "gap": str(gap),
            "half_gap": str(gap // 2),
            "big_gap": str(gap * 2),
            "font": f"font-family: {family};" if family else "",
            "line": str(LINE_SPACINGS.get(spacing, LINE_SPACINGS["normal"])[1]),
        }
        return self._css.substitute(values)

    def compose(
        self,
        header: PageHeader,
        body: RenderedBody,
        theme: Theme,
        zoom: int = 0,
        notices: tuple[str, ...] = (),
        font: str = "system",
        spacing: str = "normal",
    ) -> str:
        parts = [
            "<html><head><style>",
            self.stylesheet(theme, zoom, font, spacing),
            "</style></head><body>",
            f'<h1 class="title">{escape(header.title)}</h1>',
        ]
        if header.summary:
            parts.append(f'<p class="summary">{escape(header.summary)}</p>')
        meta = []
        if header.minutes:
            meta.append(f"{header.minutes} min read")
        if header.reviewed:
            meta.append(f"Last reviewed {escape(human_date(header.reviewed))}")
        if header.trust.next_review:
            meta.append(f"Next review due {escape(human_date(header.trust.next_review))}")
        if meta:
            parts.append(f'<p class="meta">{" &middot; ".join(meta)}</p>')
        if header.trust.reviewed_by:
            parts.append(f'<p class="meta">Reviewed by {escape(header.trust.reviewed_by)}</p>')
        for notice in (*notices, body.notice):
            if notice:
                parts.append(_box(f"<p><b>Note:</b> {escape(notice)}</p>", "notice"))
        parts.append("<hr>")
        parts.append(body.html)
        parts.append(self.footer())
        parts.append("</body></html>")
        return "\n".join(parts)

    def footer(self) -> str:
        title = f"<p><b>{escape(self.disclaimer.title)}</b></p>"
        return _box(title + self.disclaimer.to_html(), "disclaimer")


def _box(inner: str, css_class: str) -> str:
    return (
        f'<table class="{css_class}" width="100%" cellpadding="12" cellspacing="0" border="1">'
        f"<tr><td>{inner}</td></tr></table>"
    )
