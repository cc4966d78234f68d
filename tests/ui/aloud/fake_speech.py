"""A speech engine for tests, with QTextToSpeech's small interface: it records what it is told to say."""

from PySide6.QtCore import QObject, QTimer, Signal


class FakeEngine(QObject):
    """Says nothing aloud: ``said`` lists each text in order; ``finish()`` ends the sentence being said.
    ``late_ready``: like speech-dispatcher, a stop's Ready arrives later, from the event loop."""

    stateChanged = Signal(object)  # noqa: N815 (Qt's name)

    def __init__(self, late_ready: bool = False) -> None:
        super().__init__()
        self.late_ready = late_ready
        self.said: list[str] = []
        self.rates: list[float] = []
        self.current = "Ready"

    def state(self) -> str:
        return self.current

    def _set(self, state: str) -> None:
        if state != self.current:
            self.current = state
            self.stateChanged.emit(state)

    def say(self, text: str) -> None:
        self.said.append(text)
        if self.late_ready:  # speech-dispatcher: the dropped sentence's Ready, then Speaking, both later
            if self.current != "Ready":
                self.stop()
            QTimer.singleShot(0, lambda: self._set("Speaking"))
            return
        self._set("Speaking")

    def stop(self) -> None:
        if self.late_ready:
            QTimer.singleShot(0, lambda: self._set("Ready"))
            return
        self._set("Ready")

    def pause(self) -> None:
        if self.current == "Speaking":
            self._set("Paused")

    def resume(self) -> None:
        if self.current == "Paused":
            self._set("Speaking")

    def setRate(self, rate: float) -> None:  # noqa: N802 (Qt's name)
        self.rates.append(rate)

    def finish(self) -> None:
        """The sentence has been said."""
        self._set("Ready")
