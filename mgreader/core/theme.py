"""The colours of each theme: the one place they are defined, for the window palette and the article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    dark: bool
    background: str  # article and panel background
    window: str  # window chrome
    text: str
    muted: str  # secondary text: summary, dates
    link: str
    box: str  # background of evidence notes and the disclaimer footer
    border: str
    selection: str
    selection_text: str
    # Bookmark highlights by colour name, as (name, colour) pairs; the first is the default.
    highlights: tuple[tuple[str, str], ...] = ()
    find_match: str = "#ffe08a"  # every match of Find in article
    find_current: str = "#ff9f43"  # the match Find is on

    def highlight(self, name: str) -> str:
        return dict(self.highlights).get(name, self.highlights[0][1])


LIGHT = Theme(
    name="light",
    dark=False,
    background="#ffffff",
    window="#f3f3f1",
    text="#1d1d1f",
    muted="#55585e",
    link="#0b57d0",
    box="#eef2f8",
    border="#c9ced6",
    selection="#b3d1ff",
    selection_text="#000000",
    highlights=(("yellow", "#fff0a0"), ("green", "#c8f0c8"), ("blue", "#cce0ff"), ("pink", "#ffd0e4")),
)

DARK = Theme(
    name="dark",
    dark=True,
    background="#1e1f22",
    window="#2b2d31",
    text="#e6e6e6",
    muted="#b0b3b8",
    link="#8ab4f8",
    box="#2d333d",
    border="#5a606b",
    selection="#3d5a80",
    selection_text="#ffffff",
    highlights=(("yellow", "#5a4e12"), ("green", "#23502c"), ("blue", "#233f66"), ("pink", "#5c2a45")),
    find_match="#6b5a1e",
    find_current="#b05f00",
)

THEMES = {theme.name: theme for theme in (LIGHT, DARK)}


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two '#rrggbb' colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
