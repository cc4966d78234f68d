"""Tell screen readers about a message that appeared, without moving the reader's focus.

Qt 6.8 added announcement events (AT-SPI's "Announcement" signal on Linux, UIA notifications on Windows);
the project needs PySide6 6.9 or later, so they are always there."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

Politeness = QAccessible.AnnouncementPoliteness


def announce(source: QWidget, text: str, urgent: bool = False) -> None:
    """Have assistive technology speak ``text`` (urgent: at once, interrupting; else when it is idle)."""
    if not text or not QAccessible.isActive():
        return  # nobody listening: building the event would only cost time
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(Politeness.Assertive if urgent else Politeness.Polite)
    QAccessible.updateAccessibility(event)
