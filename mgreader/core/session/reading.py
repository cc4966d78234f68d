"""Reading: which article is open, where the reader is in each, what they have read, Back and Forward.

The window asks this what to show and tells it what the reader did (left an article at a position, with
the end on screen or not); the rules are here, tested without a display. Reading positions and progress
marks are kept in the settings file, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mgreader.core.library.scan import MINE_PREFIX, ArticleRef, Library
from mgreader.core.session.history import History, Place
from mgreader.core.settings import Settings

if TYPE_CHECKING:
    from mgreader.core.library.importing import ImportReport
    from mgreader.core.session.changes import Changes, Done
    from mgreader.core.session.showing import Showing

READ, STARTED = "read", "started"
# An article declares itself the glossary with this tag in its front matter (not by its title, which a
# translation or a reader's own article could share).
GLOSSARY_TAG = "glossary"


def progress_after(old: str | None, at_end: bool, position: int) -> str | None:
    """The article's new mark when the reader leaves it, or None when it stays as it is. Read when the end
    was on screen; started when the reader scrolled at all. Read stays read."""
    if at_end:
        new = READ
    elif position > 0:
        new = STARTED
    else:
        return None
    return None if old in (READ, new) else new


def find_glossary(library: Library) -> ArticleRef | None:
    """The bundled library's glossary article: the first one tagged ``glossary`` (never one of the reader's
    own, who may tag theirs so without meaning the app's)."""
    tagged = (ref for ref in library.in_order() if GLOSSARY_TAG in ref.tags)
    return next((ref for ref in tagged if not ref.id.startswith(MINE_PREFIX)), None)


class ReadingSession:
    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.history = History()
        self.current: str | None = None  # the id of the article on screen

    def progress(self) -> dict[str, str]:
        """Every article's mark ("read" or "started"), as kept."""
        return {k: v for k, v in self.settings.get_dict("progress").items() if isinstance(v, str)}

    def start(self) -> ArticleRef | None:
        """The article to open at start: the one read last, else the library's first."""
        last = self.settings.get("last_article")
        found = self.library.get(last) if isinstance(last, str) else None
        return found or self.library.first_article()

    def saved_position(self, article_id: str) -> int:
        saved = self.settings.get_dict("positions").get(article_id, 0)
        return saved if isinstance(saved, int) and not isinstance(saved, bool) else 0

    def leave(self, position: int, at_end: bool) -> Changes:
        """The reader leaves the current article (for another, or at quit) at ``position``."""
        # Imported here: the first paint leaves no article, and needs no change record (issue 15).
        from mgreader.core.session.changes import NOTHING, Changes

        if self.current is None:
            return NOTHING
        self.history.update_position(position)
        positions = self.settings.get_dict("positions")
        positions[self.current] = position
        self.settings.set("positions", positions)
        progress = self.settings.get_dict("progress")
        mark = progress_after(progress.get(self.current), at_end, position)
        if mark is None:
            return NOTHING
        progress[self.current] = mark
        self.settings.set("progress", progress)
        return Changes(progress=frozenset({self.current}))

    def arrived(self, article_id: str, position: int, visit: bool) -> None:
        """The article is on screen at ``position``; ``visit`` records a new place in the history (Back and
        Forward move through it instead)."""
        self.current = article_id
        if visit:
            self.history.visit(Place(article_id, position))
        self.settings.set("last_article", article_id)

    def step(self, forward: bool) -> Showing | None:
        """Back (or Forward) one place; None when there is none, or its article left the library."""
        place = self.history.forward() if forward else self.history.back()
        if place is None:
            return None
        ref = self.library.get(place.article_id)
        from mgreader.core.session.showing import Showing  # not before the first paint: no Back yet

        return Showing(ref, "", place.position) if ref is not None else None

    def import_articles(self, sources: list[Path], folder: Path) -> Done[ImportReport]:
        """Copy the reader's files into their library folder; the library must then be read again."""
        from mgreader.core.library.importing import import_files  # not needed before the first paint
        from mgreader.core.session.changes import Changes, Done

        report = import_files(sources, folder)
        return Done(report, Changes(library=bool(report.imported)))
