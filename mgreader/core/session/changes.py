"""What a change to the reader's data touched: the record every mutation returns, and views refresh from.

Anki's ``OpChanges`` without its global main window: a session method returns ``Done(value, changes)``, the
UI emits ``changes`` once, and each view decides for itself what to re-read. Records combine with ``|``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Ids of the records that changed, by kind, and the broader things a view may need to redo.

    ``highlights`` names articles whose highlighted passages must be redrawn; ``progress`` articles whose
    read / partly-read mark changed; ``library`` means the library was rescanned; ``everything`` means the
    whole store was replaced (restore, import) and every view re-reads all it shows.
    """

    bookmarks: frozenset[str] = field(default_factory=frozenset)
    notes: frozenset[str] = field(default_factory=frozenset)
    highlights: frozenset[str] = field(default_factory=frozenset)
    progress: frozenset[str] = field(default_factory=frozenset)
    checkins: frozenset[str] = field(default_factory=frozenset)
    medicines: frozenset[str] = field(default_factory=frozenset)
    visits: frozenset[str] = field(default_factory=frozenset)
    library: bool = False
    everything: bool = False

    def __or__(self, other: Changes) -> Changes:
        merged: dict[str, object] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = (mine or theirs) if isinstance(mine, bool) else mine | theirs
        return Changes(**merged)  # type: ignore[arg-type]  # each field keeps its own type

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches_records(self) -> bool:
        """Whether any record the search index holds (bookmarks, notes, check-ins ...) changed."""
        records = self.bookmarks or self.notes or self.checkins or self.medicines or self.visits
        return self.everything or bool(records)


NOTHING = Changes()


@dataclass(frozen=True)
class Done(Generic[T]):
    """A mutation's result and what it changed."""

    value: T
    changes: Changes
