"""Read aloud, for one window: the article (from where the reader is, a bookmark or a search result), a note
or the appointment sheet, one sentence at a time, the sentence being read marked and kept in view.

Uses Qt's QtTextToSpeech (in PySide6-Addons) where it and a speech engine are installed; otherwise the
actions are disabled with a tooltip saying what to install. It never stops the app from working. The
speaking itself is ``speech.SentenceReader``; what is said for a page is ``aloud_text``.

Others follow the reading through ``sentence_changed(start, end)``: the sentence now said, as positions in
the article view's document (emitted only while the article is read).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from mgreader.ui.aloud import aloud_text, speech
from mgreader.ui.reading.article_view import ArticleView

HOW_TO_INSTALL = speech.HOW_TO_INSTALL
RATE_STEP = 0.2
TextView = QTextEdit | QPlainTextEdit


class ReadAloud(QObject):
    state_changed = Signal(str)  # "reading", "paused" or "stopped"
    sentence_changed = Signal(int, int)  # the article's sentence now said (start, end in the article view)

    def __init__(self, view: ArticleView, colour: str, engine: object = None) -> None:
        super().__init__(view)
        self.setObjectName("readAloud")
        self.view = view
        self.colour = colour
        self.skip_sources = True  # an article's Sources list and footnotes are for looking up, not listening
        # Set by the window: start reading what the keyboard is on (a bookmark, a note, a search result);
        # True when it did. Otherwise Read aloud reads the article from where the reader is.
        self.start_here: Callable[[], bool] | None = None
        self.reading: TextView | None = None  # the view whose words are being read
        found, self.problem = speech.open_engine(engine, self)
        self._reader = speech.SentenceReader(found, self) if found is not None else None
        if self._reader is not None:
            self._reader.sentence_changed.connect(self._show)
            self._reader.state_changed.connect(self._reader_state)

    @property
    def available(self) -> bool:
        return self._reader is not None

    @property
    def state(self) -> str:
        return self._reader.state if self._reader is not None else "stopped"

    @property
    def rate(self) -> float:
        return self._reader.rate if self._reader is not None else 0.0

    def toggle(self) -> None:
        """Pause; go on; or, stopped, read what the keyboard is on, else the article from where one is."""
        if self._reader is None:
            return
        if self.state != "stopped":
            self._reader.toggle()
        elif self.start_here is None or not self.start_here():
            self.read_article()

    def read_article(self, position: int | None = None, from_exactly: bool = False) -> bool:
        """Read the article from the first sentence at or after the top of the view, or from the sentence
        holding ``position``: from that very character with ``from_exactly`` (a bookmarked passage)."""
        utterances = aloud_text.page_utterances(self.view.document(), True, self.skip_sources)
        if position is None:
            first = self.view.reading_position()
            # Below the last sentence read aloud (in the Sources, say): the article from its start.
            start = next((n for n, u in enumerate(utterances) if u.start >= first), 0)
        else:
            start = next((n for n, u in enumerate(utterances) if u.end > position), len(utterances))
            if from_exactly and start < len(utterances) and utterances[start].start < position:
                words = self.view.page_text()[position : utterances[start].end]
                utterances[start] = speech.Utterance(" ".join(words.split()), position, utterances[start].end)
        return self.read_in(self.view, utterances, start)

    def read_in(self, view: TextView, utterances: list[speech.Utterance], first: int = 0) -> bool:
        """Read ``utterances`` (spans of ``view``'s document) from number ``first``; False with none."""
        if self._reader is None or not 0 <= first < len(utterances):
            return False  # nothing to read there: what is being read goes on
        self._leave()
        self.reading = view
        if view is not self.view:
            # Its words changed (typed, another note, a fresh sheet) or it went: the places read are gone.
            view.textChanged.connect(self.stop)
            view.destroyed.connect(self._gone)
        self._reader.read(utterances, first)
        return True

    def stop(self) -> None:
        if self._reader is not None:
            self._reader.stop()

    def article_changed(self) -> None:
        """Another article is shown: reading it stops (a note or the sheet read aloud goes on)."""
        if self.reading is self.view:
            self.stop()

    def faster(self) -> None:
        self._set_rate(self.rate + RATE_STEP)

    def slower(self) -> None:
        self._set_rate(self.rate - RATE_STEP)

    def _set_rate(self, rate: float) -> None:
        """A new speed for the sentence being read, said again from its start: not the whole text again."""
        if self._reader is not None:
            self._reader.set_rate(rate)

    def current_sentence(self) -> str:
        current = self._reader.current() if self._reader is not None else None
        return current.text if current is not None and self.state != "stopped" else ""

    def _show(self, start: int, end: int) -> None:
        view = self.reading
        if view is None:
            return
        if view is self.view:
            self.view.set_find_matches([(start, end)], -1, self.colour, self.colour)
            self.sentence_changed.emit(start, end)
        else:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = _span(view, start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(self.colour))
            selection.format = fmt
            view.setExtraSelections([selection])
        keep_in_view(view, start, end)

    def _reader_state(self, state: str) -> None:
        if state == "stopped":
            self._unmark()
        self.state_changed.emit(state)

    def _leave(self) -> None:
        """Before reading something else: what was being read is no longer marked nor watched."""
        self._unmark()
        view, self.reading = self.reading, None
        if view is not None and view is not self.view:
            for signal, slot in ((view.textChanged, self.stop), (view.destroyed, self._gone)):
                with suppress(RuntimeError, TypeError):  # already gone with its view
                    signal.disconnect(slot)

    def _unmark(self) -> None:
        view = self.reading
        if view is self.view:
            self.view.set_find_matches([], -1, "", "")
        elif view is not None:
            with suppress(RuntimeError):  # the dialog that held it closed
                view.setExtraSelections([])

    def _gone(self, _obj: Any = None) -> None:
        self.reading = None
        self.stop()


def _span(view: TextView, start: int, end: int) -> QTextCursor:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor


def keep_in_view(view: TextView, start: int, end: int) -> None:
    """The sentence is brought into view only when it is not wholly in view already (no jump per sentence);
    the text cursor follows it, so Ctrl+D after listening bookmarks what was just heard."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(end)
    view.setTextCursor(cursor)
    cursor.setPosition(start)
    view.setTextCursor(cursor)  # a text cursor made visible: its start at least is in view
    if isinstance(view, QPlainTextEdit):
        view.ensureCursorVisible()  # its scroll bar counts lines, not pixels
        return
    top, bottom = view.cursorRect(cursor).top(), view.cursorRect(_span(view, end, end)).bottom()
    height = view.viewport().height()
    if top < 0 or bottom > height:
        bar = view.verticalScrollBar()
        bar.setValue(bar.value() + top - height // 3)
