"""What a walk through a content root left out, and why (walk.py): made only when something is left out.

Apart from walk.py, which every start uses: a relaunch of a library with nothing to leave out does not make
this dataclass, whose generated methods' source costs about 3 M instructions to compile (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Skipped:
    """Something under a root that the walk did not go into or list, and why (a sentence for a reader)."""

    path: Path
    reason: str
