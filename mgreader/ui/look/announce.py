"""Tell screen readers about a message that appeared, without moving the reader's focus.

Qt 6.8 added announcement events (AT-SPI's "Announcement" signal on Linux, UIA notifications on Windows);
the project needs PySide6 6.9 or later, so they are always there."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def announce(source: QWidget, text: str, urgent: bool = False) -> None:
    """Have assistive technology speak ``text`` (urgent: at once, interrupting; else when it is idle)."""
    if not text:
        return
    # Here, not at the top: PySide makes QAccessible's Python enums (190 members, 2-3 ms) when the class is
    # first named, and the message bar that imports this module is built before the first paint.
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if not QAccessible.isActive():
        return  # nobody listening: building the event would only cost time
    event = QAccessibleAnnouncementEvent(source, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if urgent else politeness.Polite)
    QAccessible.updateAccessibility(event)
