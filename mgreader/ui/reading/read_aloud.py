"""Read aloud: the article spoken one sentence at a time, the sentence being read marked and kept in view.

Uses Qt's QtTextToSpeech (in PySide6-Addons) where it and a speech engine are installed; otherwise the
actions are disabled with a tooltip saying what to install. It never stops the app from working.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from mgreader.core.notes.placement import page_text
from mgreader.core.render.sentences import sentences
from mgreader.ui.reading.article_view import ArticleView

HOW_TO_INSTALL = (
    "Read aloud needs a speech engine. On Debian or Ubuntu: sudo apt install speech-dispatcher "
    "libpulse0; and install Mg Reader with its speech extra: pip install 'mgreader[speech]'."
)
RATE_STEP = 0.2
SKIPPED = {"sources", "references"}  # headings (by id) from which reading stops


class ReadAloud(QObject):
    state_changed = Signal(str)  # "reading", "paused" or "stopped"

    def __init__(self, view: ArticleView, colour: str, engine: str | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.colour = colour
        self.problem = ""
        self.rate = 0.0
        self._speech: Any = None
        self._spans: list[tuple[int, int]] = []
        self._index = -1
        self._state = "stopped"
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:  # PySide6-Addons, or a library it needs (libpulse), is not installed
            self.problem = HOW_TO_INSTALL
            return
        speech = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        if speech.state() == QTextToSpeech.State.Error:
            self.problem = f"{HOW_TO_INSTALL} ({speech.errorString() or 'no speech engine answered'})"
            return
        self._speech = speech
        self._ready = QTextToSpeech.State.Ready
        speech.stateChanged.connect(self._speech_state)

    @property
    def available(self) -> bool:
        return self._speech is not None

    @property
    def state(self) -> str:
        return self._state

    def toggle(self) -> None:
        """Read from where the reader is; pause; go on."""
        if not self.available:
            return
        if self._state == "reading":
            self._speech.pause()
            self._set_state("paused")
        elif self._state == "paused":
            self._speech.resume()
            self._set_state("reading")
        else:
            # The article's own words: its Sources list and footnotes are for looking up, not for listening.
            end = self.view.anchor_position(lambda name: name in SKIPPED or name.startswith("fn:"))
            spans = sentences(page_text(self.view.page_text()))
            self._spans = [span for span in spans if end is None or span[0] < end]
            first = self.view.reading_position()
            self._index = next((n for n, (start, _) in enumerate(self._spans) if start >= first), 0) - 1
            self._set_state("reading")
            self._next()

    def stop(self) -> None:
        if self.available and self._state != "stopped":
            self._set_state("stopped")
            self._speech.stop()
            self.view.set_find_matches([], -1, "", "")

    def faster(self) -> None:
        self._set_rate(self.rate + RATE_STEP)

    def slower(self) -> None:
        self._set_rate(self.rate - RATE_STEP)

    def _set_rate(self, rate: float) -> None:
        """A new speed from the next sentence on: the sentence being read is not started again."""
        self.rate = max(-1.0, min(1.0, round(rate, 1)))
        if self.available:
            self._speech.setRate(self.rate)

    def current_sentence(self) -> str:
        if 0 <= self._index < len(self._spans):
            start, end = self._spans[self._index]
            return self.view.page_text()[start:end]
        return ""

    def _next(self) -> None:
        self._index += 1
        if self._index >= len(self._spans):
            self.stop()
            return
        start, end = self._spans[self._index]
        self.view.set_find_matches([(start, end)], 0, self.colour, self.colour)  # marked and kept in view
        self._speech.say(self.view.page_text()[start:end])

    def _speech_state(self, state: Any) -> None:
        # Ready after a sentence: read the next one, unless the reader stopped or paused.
        if state == self._ready and self._state == "reading":
            self._next()

    def _set_state(self, state: str) -> None:
        self._state = state
        self.state_changed.emit(state)
