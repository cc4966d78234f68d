"""How the article looks and sounds: text size, theme, font and spacing, and reading aloud.

Each change keeps the reader on the same words: ``redraw`` re-renders the page at the reading position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from mgreader.core.render.page import MAX_ZOOM, MIN_ZOOM
from mgreader.core.settings import Settings
from mgreader.core.theme import Theme
from mgreader.ui.look import text_size
from mgreader.ui.reading.article_view import ArticleView
from mgreader.ui.reading.reading_guide import ReadingGuide
from mgreader.ui.window.actions import Actions

if TYPE_CHECKING:
    from mgreader.ui.aloud.read_aloud import ReadAloud


class Appearance(QObject):
    """Owns the zoom and theme of one window and the commands that change them."""

    theme_changed = Signal(object)  # the new Theme

    def __init__(
        self,
        commands: Actions,
        settings: Settings,
        theme: Theme,
        view: ArticleView,
        redraw: Callable[[], None],
        status: Callable[[str, int], None],
        speech_engine: object = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.commands = commands
        self.settings = settings
        self.theme = theme
        self.view = view
        self.zoom = settings.get_int("zoom", 0)
        self._redraw = redraw
        self._status = status
        self.speech_engine = speech_engine  # None: the system's; tests use Qt's "mock" engine
        self._voice: ReadAloud | None = None
        self.start_here: Callable[[], bool] | None = None  # handed to the voice (read_from.ReadFrom)
        self.guide = ReadingGuide(view, theme)
        a = commands
        a.zoom_in.triggered.connect(lambda: self.set_zoom(self.zoom + 1))
        a.zoom_out.triggered.connect(lambda: self.set_zoom(self.zoom - 1))
        a.zoom_reset.triggered.connect(lambda: self.set_zoom(0))
        a.read_aloud.triggered.connect(lambda: self.voice.toggle())
        a.stop_reading.triggered.connect(lambda: self.voice.stop())
        a.read_faster.triggered.connect(lambda: self.voice.faster())
        a.read_slower.triggered.connect(lambda: self.voice.slower())
        a.read_sources.setChecked(bool(settings.get("read_sources", False)))
        a.read_sources.toggled.connect(self._read_sources)
        for key, action in a.themes.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_theme(key))
        for key, action in a.fonts.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_text_style(font=key))
        for key, action in a.spacings.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_text_style(spacing=key))
        for key, action in a.guides.items():
            action.triggered.connect(lambda _checked=False, key=key: self.set_guide(key))

    def show_chosen(self) -> None:
        """Tick the commands for the size, theme, font and spacing chosen (at start)."""
        a = self.commands
        self._apply_text_size()
        self._check_text_style()
        chosen = self.settings.get("theme", "system")
        a.themes.get(chosen, a.themes["system"]).setChecked(True)
        self.set_guide(self.settings.get("reading_guide", "off"), quietly=True)

    def set_zoom(self, zoom: int) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if zoom == self.zoom:
            return
        self.zoom = zoom
        self.settings.set("zoom", zoom)
        self._apply_text_size()  # first: re-styling the window would reset the article's own font
        self._redraw()
        self._status(f"Text size {text_size.percent(zoom)}%", 3000)

    def _apply_text_size(self) -> None:
        """The window's text (panels, lists, editors, menus, tooltips, dialogs) follows the article's size."""
        from PySide6.QtWidgets import QApplication

        text_size.apply(QApplication.instance(), self.zoom)  # type: ignore[arg-type]
        self.commands.zoom_in.setEnabled(self.zoom < MAX_ZOOM)
        self.commands.zoom_out.setEnabled(self.zoom > MIN_ZOOM)

    def set_theme(self, key: str) -> None:
        """Use a theme ('system' follows the desktop) for the window and the article, and remember it."""
        from PySide6.QtWidgets import QApplication

        from mgreader.ui.look import palette

        self.settings.set("theme", key)
        self.commands.themes.get(key, self.commands.themes["system"]).setChecked(True)
        theme = palette.resolve(key)
        palette.apply(QApplication.instance(), theme)  # type: ignore[arg-type]
        self.theme = theme
        if self._voice is not None:
            self._voice.colour = theme.find_match  # the sentence read is marked in the theme's colour
        self.guide.set_theme(theme)
        self.theme_changed.emit(theme)
        self._redraw()

    def set_guide(self, mode: str, quietly: bool = False) -> None:
        """Turn the reading guide off, or have it mark the paragraph or the line; remembered."""
        self.guide.set_mode(mode)
        self.settings.set("reading_guide", self.guide.mode)
        self.commands.guides[self.guide.mode].setChecked(True)
        if not quietly:
            said = f"Reading guide marks the {self.guide.mode}." if self.guide.on else "Reading guide off."
            self._status(said, 3000)

    def system_scheme_changed(self) -> None:
        """The desktop switched between light and dark: follow it if the reader chose "Follow the system"."""
        if self.settings.get("theme", "system") == "system":
            self.set_theme("system")

    def set_text_style(self, font: str | None = None, spacing: str | None = None) -> None:
        """Change the body font or line spacing; the reader stays on the same words."""
        if font is not None:
            self.settings.set("font", font)
        if spacing is not None:
            self.settings.set("line_spacing", spacing)
        self._check_text_style()
        self._redraw()

    def _check_text_style(self) -> None:
        a = self.commands
        a.fonts.get(self.settings.get("font"), a.fonts["system"]).setChecked(True)
        a.spacings.get(self.settings.get("line_spacing"), a.spacings["normal"]).setChecked(True)

    def voice_made(self) -> bool:
        """Whether read aloud was set up (its engine asked) yet."""
        return self._voice is not None

    @property
    def voice(self) -> ReadAloud:
        """Read aloud, set up on first use (loading the speech module takes a moment)."""
        if self._voice is None:
            from mgreader.ui.aloud.read_aloud import ReadAloud

            self._voice = ReadAloud(self.view, self.theme.find_match, self.speech_engine)
            self._voice.start_here = self.start_here
            self._voice.skip_sources = not self.commands.read_sources.isChecked()
            if not self._voice.available:
                a = self.commands
                for action in (a.read_aloud, a.stop_reading, a.read_faster, a.read_slower, a.read_sources):
                    action.setEnabled(False)
                    action.setToolTip(self._voice.problem)
                self._status(self._voice.problem, 15000)
            self._voice.state_changed.connect(self._voice_state)
            self._voice.sentence_changed.connect(self.guide.follow)  # the guide marks what is read
        return self._voice

    def _read_sources(self, on: bool) -> None:
        self.settings.set("read_sources", on)
        if self._voice is not None:
            self._voice.skip_sources = not on

    def article_changed(self) -> None:
        """Another article is shown: reading it aloud stops."""
        if self._voice is not None:
            self._voice.article_changed()

    def _voice_state(self, state: str) -> None:
        self.commands.read_aloud.setText(
            {"reading": "Pause reading", "paused": "Go on reading"}.get(state, "&Read aloud")
        )
