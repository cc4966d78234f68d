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
    selection: str  # selected text and list rows; also the focus ring (3:1 against the background)
    selection_text: str
    control: str  # edges of fields, buttons, check boxes and scroll bar handles (3:1, WCAG 1.4.11)
    disabled: str  # text of controls that cannot be used now: plainly different from enabled text
    placeholder: str  # hints in empty fields: readable, yet not mistaken for typed text
    # The reading guide's text outside the current paragraph: dimmer than ``text`` (within 3:1 of it), still
    # 4.5:1 (7:1 in high contrast) against the page and the boxes.
    dimmed: str = ""
    # Bookmark highlights by colour name, as (name, colour) pairs; the first is the default. Each is 3:1
    # against the page (WCAG 1.4.11) with ``highlight_text`` on it at 4.5:1 (7:1): a pale tint cannot be both.
    highlights: tuple[tuple[str, str], ...] = ()
    highlight_text: str = "#000000"
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
    selection="#0b57d0",
    selection_text="#ffffff",
    control="#5f6670",
    disabled="#8d9199",
    placeholder="#6b6f76",
    dimmed="#606369",
    highlights=(("yellow", "#a38322"), ("green", "#219c21"), ("blue", "#4488d7"), ("pink", "#db5699")),
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
    selection="#8ab4f8",
    selection_text="#000000",
    control="#a0a6ae",
    disabled="#7d8189",
    placeholder="#a3a7ae",
    dimmed="#989ba1",
    highlights=(("yellow", "#b19233"), ("green", "#32ab32"), ("blue", "#6699d3"), ("pink", "#d775a6")),
    find_match="#6b5a1e",
    find_current="#8a4a00",
)

SEPIA = Theme(
    name="sepia",
    dark=False,
    background="#f5edda",
    window="#ebe1c8",
    text="#33291a",
    muted="#5c4a30",
    link="#8a3a00",
    box="#ebe0c5",
    border="#b8a67f",
    selection="#6b4a1a",
    selection_text="#ffffff",
    control="#7a6540",
    disabled="#9c8c6e",
    placeholder="#6e5c40",
    dimmed="#735f45",
    highlights=(("yellow", "#957c32"), ("green", "#309130"), ("blue", "#4981c2"), ("pink", "#c7588f")),
    find_match="#f0cf6a",
    find_current="#e89a3c",
)

# Every colour pair meets WCAG AAA (7:1) against the text drawn on it.
HIGH_CONTRAST = Theme(
    name="high_contrast",
    dark=True,
    background="#000000",
    window="#000000",
    text="#ffffff",
    muted="#ffff66",
    link="#66e0ff",
    box="#161616",
    border="#ffffff",
    selection="#ffff00",
    selection_text="#000000",
    control="#ffffff",
    disabled="#8c8c8c",
    placeholder="#b0b0b0",
    dimmed="#a6a6a6",
    highlights=(("yellow", "#f8ba00"), ("green", "#00e400"), ("blue", "#97c7ff"), ("pink", "#ffaad5")),
    find_match="#5c4700",
    find_current="#8a3000",
)

# Colour is never the only sign: each highlight colour also has a name and an underline of its own shape.
HIGHLIGHT_SHAPES = {"yellow": "solid", "green": "dashed", "blue": "dotted", "pink": "wavy"}


def highlight_label(name: str) -> str:
    """How a highlight colour is named to the reader: its colour and its shape ("Yellow, solid underline")."""
    return f"{name.capitalize()}, {HIGHLIGHT_SHAPES.get(name, 'solid')} underline"


THEMES = {theme.name: theme for theme in (LIGHT, DARK, SEPIA, HIGH_CONTRAST)}
# What the reader picks in View > Theme; "system" follows the desktop's light or dark setting.
THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"), ("sepia", "Sepia"),
                 ("high_contrast", "High contrast"))  # fmt: skip


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two '#rrggbb' colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
