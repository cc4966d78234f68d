"""Every theme keeps meaning: contrast computed per theme and state, a tick in a ticked box (issue 16)."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton

from mgreader.core.theme import THEMES, contrast_ratio
from mgreader.ui.look import palette

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def colour(p: QPalette, role, group=Group.Active) -> str:
    return p.color(group, role).name()


@pytest.mark.parametrize("name", sorted(THEMES))
def test_text_controls_focus_and_selection_contrast(name):
    theme = THEMES[name]
    p = palette.palette_of(theme)
    text_need = 7 if name == "high_contrast" else 4.5
    for ground in (colour(p, Role.Base), colour(p, Role.Window)):
        for role in (Role.Text, Role.WindowText, Role.ButtonText, Role.PlaceholderText, Role.Link):
            assert contrast_ratio(colour(p, role), ground) >= text_need, (name, role)
        # Non-text contrast (WCAG 1.4.11): edges of controls, scroll bar handles, the focus ring, selection.
        for graphic in (theme.control, colour(p, Role.Highlight)):
            assert contrast_ratio(graphic, ground) >= 3, (name, graphic, ground)
    assert contrast_ratio(colour(p, Role.HighlightedText), colour(p, Role.Highlight)) >= text_need


@pytest.mark.parametrize("name", sorted(THEMES))
def test_disabled_and_placeholder_text_do_not_look_like_enabled_or_typed_text(name):
    p = palette.palette_of(THEMES[name])
    enabled = colour(p, Role.ButtonText)
    for role in (Role.ButtonText, Role.Text, Role.WindowText):
        disabled = colour(p, role, Group.Disabled)
        assert contrast_ratio(disabled, enabled) >= 2, (name, role)  # plainly dimmer or brighter
        assert contrast_ratio(disabled, colour(p, Role.Window)) >= 2  # still there to be read
    assert contrast_ratio(colour(p, Role.PlaceholderText), colour(p, Role.Text)) >= 1.9
    # In high contrast the disabled colour used to be the bright yellow that marks things: never again.
    assert colour(p, Role.ButtonText, Group.Disabled) != THEMES[name].selection


def pixels(widget) -> set[str]:
    image = widget.grab().toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def tick_pixels_inside_the_fill(widget, fill: str, tick: str) -> int:
    """How many pixels of the tick's colour lie inside the box of the fill colour's pixels."""
    image = widget.grab().toImage()
    points = [(x, y) for x in range(image.width()) for y in range(image.height())]
    filled = [(x, y) for x, y in points if image.pixelColor(x, y).name() == fill]
    left, right = min(x for x, _ in filled), max(x for x, _ in filled)
    top, bottom = min(y for _, y in filled), max(y for _, y in filled)
    return sum(1 for x, y in points if left < x < right and top < y < bottom
               and contrast_ratio(image.pixelColor(x, y).name(), fill) >= 3)  # fmt: skip


@pytest.mark.parametrize("name", sorted(THEMES))
def test_a_ticked_box_shows_a_tick_not_a_filled_square(qtbot, name):
    theme = THEMES[name]
    app = QApplication.instance()
    try:
        palette.apply(app, theme)
        box = QCheckBox("For my appointment")
        qtbot.addWidget(box)
        box.show()
        unticked = pixels(box)
        box.setChecked(True)
        ticked = pixels(box)
        tick = "#000000" if palette.tick_on(theme.selection) == "black" else "#ffffff"
        assert theme.selection in ticked
        assert tick_pixels_inside_the_fill(box, theme.selection, tick) >= 8  # a tick, not a filled square
        assert theme.control in unticked and theme.selection not in unticked
        assert contrast_ratio(tick, theme.selection) >= 4.5
    finally:
        palette.apply(app, THEMES["light"])


def test_disabled_buttons_look_disabled_in_high_contrast(qtbot):
    app = QApplication.instance()
    try:
        palette.apply(app, THEMES["high_contrast"])
        enabled, disabled = QPushButton("Print"), QPushButton("Print")
        disabled.setEnabled(False)
        for button in (enabled, disabled):
            qtbot.addWidget(button)
            button.show()
        assert "#ffffff" in pixels(enabled) and "#ffffff" not in pixels(disabled)
        assert QColor(THEMES["high_contrast"].disabled).name() in pixels(disabled)
    finally:
        palette.apply(app, THEMES["light"])
