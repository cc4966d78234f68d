"""Speaking a list of sentences, one at a time, with any speech engine: knows nothing of articles or notes.

The engine is Qt's QTextToSpeech (PySide6-Addons) or anything with the same small interface (``Engine``):
tests hand in a fake one and check what is said, in which order. Each sentence is an ``Utterance``: the words
to say and where they are shown (a span in the view being read), so the view can mark the one being said.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol, cast

from PySide6.QtCore import QObject, Signal

HOW_TO_INSTALL = (
    "Read aloud needs a speech engine. On Debian or Ubuntu: sudo apt install speech-dispatcher "
    "libpulse0; and install Mg Reader with its speech extra: pip install 'mgreader[speech]'."
)
MIN_RATE, MAX_RATE = -1.0, 1.0


class Engine(Protocol):
    """What the reader needs of a speech engine (QTextToSpeech has it). ``stateChanged`` carries a state
    whose name is "Ready" when a sentence has been said (or stopped)."""

    stateChanged: Any  # a signal  # noqa: N815 (Qt's name)

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def setRate(self, rate: float) -> None: ...  # noqa: N802 (Qt's name)


class Utterance(NamedTuple):
    text: str  # what is said
    start: int  # where it is shown, in the document of the view being read
    end: int


def open_engine(choice: object, parent: QObject) -> tuple[Engine | None, str]:
    """The engine named ``choice`` ("mock", "speechd"; None: the system's), or ``choice`` itself when it is
    an engine object already (tests); with the problem, saying what to install, when there is none."""
    if choice is not None and not isinstance(choice, str):
        return cast(Engine, choice), ""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:  # PySide6-Addons, or a library it needs (libpulse), is not installed
        return None, HOW_TO_INSTALL
    speech = QTextToSpeech(choice, parent) if choice else QTextToSpeech(parent)
    if speech.state() == QTextToSpeech.State.Error:
        problem = speech.errorString() or "no speech engine answered"
        speech.deleteLater()
        return None, f"{HOW_TO_INSTALL} ({problem})"
    return speech, ""


def _is(state: Any, name: str) -> bool:
    return str(getattr(state, "name", state)) == name


class SentenceReader(QObject):
    """Says utterances one after the other. A speed change says the sentence being read again at the new
    speed (an engine takes a new speed only from its next ``say``), never the whole text from the start."""

    sentence_changed = Signal(int, int)  # start and end of the sentence now being said, in its view
    state_changed = Signal(str)  # "reading", "paused" or "stopped"
    finished = Signal()  # the last sentence was said

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.rate = 0.0
        self.utterances: list[Utterance] = []
        self.index = -1
        self._state = "stopped"
        self._busy = False  # the engine was given a sentence and has not said it is Ready since
        # After a stop of our own the engine reports Ready for the sentence it dropped (at once or later, from
        # its own thread): that is not the end of the sentence said next. Ignored until it says Speaking.
        self._ignore_ready = False
        self._ended_in_pause = False  # the engine finished the sentence while the reader paused
        self._say_again = False  # the speed changed during a pause: say the sentence again on going on
        engine.stateChanged.connect(self._engine_state)

    @property
    def state(self) -> str:
        return self._state

    def current(self) -> Utterance | None:
        return self.utterances[self.index] if 0 <= self.index < len(self.utterances) else None

    def read(self, utterances: list[Utterance], first: int = 0) -> None:
        """Say ``utterances`` from number ``first``, dropping whatever was being said."""
        self.utterances = list(utterances)
        self.index = first
        self._say_again = self._ended_in_pause = False
        if not 0 <= first < len(self.utterances):
            self.stop()
            self.finished.emit()
            return
        self._set_state("reading")
        self._say_current()

    def toggle(self) -> None:
        if self._state == "reading":
            self.pause()
        elif self._state == "paused":
            self.resume()

    def pause(self) -> None:
        if self._state == "reading":
            self._set_state("paused")
            self.engine.pause()

    def resume(self) -> None:
        if self._state != "paused":
            return
        self._set_state("reading")
        if self._ended_in_pause:
            self._ended_in_pause = False
            self._next()
        elif self._say_again:
            self._say_current()
        else:
            self.engine.resume()

    def stop(self) -> None:
        if self._state == "stopped":
            return
        self._set_state("stopped")
        self.engine.stop()

    def set_rate(self, rate: float) -> None:
        """-1 (slowest) to 1 (fastest); the sentence being read is said again from its start at that speed."""
        rate = max(MIN_RATE, min(MAX_RATE, round(rate, 1)))
        if rate == self.rate:
            return
        self.rate = rate
        self.engine.setRate(rate)
        if self._state == "reading":
            self._say_current()
        elif self._state == "paused":
            self._say_again = True

    def _say_current(self) -> None:
        utterance = self.current()
        if utterance is None:
            return
        self._say_again = False
        if self._busy:
            self._ignore_ready = True
            self.engine.stop()
        self._busy = True
        self.sentence_changed.emit(utterance.start, utterance.end)
        self.engine.say(utterance.text)

    def _next(self) -> None:
        self.index += 1
        if self.index >= len(self.utterances):
            self.stop()
            self.finished.emit()
            return
        self._say_current()

    def _engine_state(self, state: Any) -> None:
        if _is(state, "Speaking"):
            self._ignore_ready = False
        if _is(state, "Error"):
            self._busy = False
            self.stop()  # going on would fail at every sentence in turn
            return
        if not _is(state, "Ready"):
            return
        self._busy = False
        if self._ignore_ready:
            return
        if self._state == "paused":
            self._ended_in_pause = True  # the engine finished the sentence before it could pause
        elif self._state == "reading":
            self._next()

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
