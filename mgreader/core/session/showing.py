"""What Back or Forward brings the window to show (ReadingSession.step).

Apart from reading.py, whose session the first paint needs and whose Back it does not: making a frozen
dataclass runs its generated methods' source through the compiler, about 3 M instructions (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mgreader.core.library.scan import ArticleRef


@dataclass(frozen=True)
class Showing:
    """What the window should show: ``ref`` at ``anchor`` (a part of it) or else at ``position``."""

    ref: ArticleRef
    anchor: str = ""
    position: int = 0
