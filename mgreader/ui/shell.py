"""What a controller may ask of the window it serves: a small Protocol, so no controller imports MainWindow.

Controllers (notes, search) used to reach into the whole window (``self.w.splitter``, ``self.w.left_tabs``
...), which made ``main_window`` and the controllers import each other. They now see only this: the reader's
current article and library, the objects the window was built with, and verbs for the few places in the
layout a controller fills. ``MainWindow`` satisfies it structurally; tests may hand in something smaller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from mgreader.core.library.scan import Library
    from mgreader.core.render.reader import Article, ArticleLoader
    from mgreader.core.session.changes import Changes
    from mgreader.core.settings import Settings
    from mgreader.core.theme import Theme
    from mgreader.ui.look.prompts import Prompter
    from mgreader.ui.reading.article_view import ArticleView


class Shell(Protocol):
    """The window as its controllers see it."""

    @property
    def prompter(self) -> Prompter: ...

    @property
    def article_view(self) -> ArticleView: ...

    @property
    def loader(self) -> ArticleLoader: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def theme(self) -> Theme: ...

    @property
    def library(self) -> Library: ...

    @property
    def article(self) -> Article | None:
        """The article on screen, if any."""
        ...

    def status(self, text: str, timeout_ms: int) -> None:
        """A passing message in the status bar."""
        ...

    def open_article(self, article_id: str, anchor: str = "", position: int | None = None) -> bool: ...

    def apply(self, changes: Changes) -> None:
        """Tell every view what a change touched (the window's one notification)."""
        ...

    def on_changed(self, callback: Callable[[Changes], object]) -> None:
        """Call ``callback(changes)`` for every change record applied."""
        ...

    def on_article_opened(self, callback: Callable[[str], object]) -> None:
        """Call ``callback(article_id)`` whenever another article is shown."""
        ...

    def dialog_parent(self) -> QWidget:
        """The widget dialogs are opened over."""
        ...

    def place_notes_panel(self, placeholder: QWidget, panel: QWidget) -> None:
        """Put the notes panel where ``placeholder`` held its place, keeping the panes' sizes."""
        ...

    def place_find_bar(self, bar: QWidget) -> None:
        """Put the find bar under the article."""
        ...

    def place_search_page(self, page: QWidget) -> None:
        """Put the Search page in its tab, in place of the empty page that held it."""
        ...

    def show_search_page(self) -> None: ...

    def open_check_in(self, day: str) -> None:
        """The check-in of ``day`` (ISO), to read or correct it (a search result found it)."""
        ...

    def notes_unavailable(self, reason: str) -> None:
        """The notes file cannot be used: the commands that need it are turned off, with ``reason``."""
        ...
