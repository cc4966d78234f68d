"""Back and forward through the articles read, each remembered with its reading position."""

from __future__ import annotations

from dataclasses import dataclass, replace

MAX_ENTRIES = 200


@dataclass(frozen=True)
class Place:
    article_id: str
    position: int = 0  # character offset of the first visible text


class History:
    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index = -1

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._places) - 1

    def visit(self, place: Place) -> None:
        """Record a new place after the current one; forward places are dropped, as in a browser."""
        if self.current is not None and self.current.article_id == place.article_id and not place.position:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > MAX_ENTRIES:
            del self._places[0]
        self._index = len(self._places) - 1

    def update_position(self, position: int) -> None:
        if self.current is not None:
            self._places[self._index] = replace(self.current, position=position)

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self.current
