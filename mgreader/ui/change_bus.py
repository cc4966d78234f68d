"""The one notification of the window: each change record, emitted once, for every view to refresh from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:  # the first paint applies no change
    from mgreader.core.session.changes import Changes


class ChangeBus(QObject):
    """Whoever made a change (through a session) hands its ``Changes`` to ``apply``; every view listens to
    ``changed`` and refreshes what the record names: the notes panel, the highlights on the page, the search
    index, the marks in the topic tree. No view is told by hand."""

    changed = Signal(object)  # a Changes

    def apply(self, changes: Changes) -> None:
        if changes:  # nothing is said when nothing changed
            self.changed.emit(changes)
