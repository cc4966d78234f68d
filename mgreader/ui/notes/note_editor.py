"""The note editor: edits one note at a time and saves it by itself, so nothing typed is ever lost.

It saves about half a second after the last keystroke, and at least once a second while typing goes on (so
that anything typed more than two seconds before a crash is kept, at any typing rhythm), and at once when it
loses focus, when another note is opened and when the window closes. "Saved" is shown only after the store
committed the write; a failed write keeps the text here, says why, and is tried again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextDocumentLayout, QPlainTextEdit, QVBoxLayout, QWidget

from mgreader.core.errors import MgReaderError
from mgreader.ui.app.background_writer import BackgroundWriter, Done, Job
from mgreader.ui.look.announce import announce
from mgreader.ui.notes.edit_tracker import EditTracker, TrackingLost, as_shown
from mgreader.ui.notes.note_loader import Loaded, NoteLoader, longest_paragraph

SAVE_DELAY_MS = 400
LONGEST_WAIT_MS = 1000  # each keystroke restarts the short timer; this one is not restarted
RETRY_MS = 5000
# From this length on, autosaves are written off the window's thread (when the note offers a way to): writing
# a note of megabytes takes longer than a keystroke may wait. Shorter notes are written at once, as before.
BACKGROUND_CHARS = 100_000
# From this length on, a note's text is put into the editor by a worker (setPlainText of 5 MB held the
# window's thread for 150-380 ms); shorter ones take a few milliseconds and are put in at once, as before.
LOAD_CHARS = 100_000
# From this paragraph length on, the note is shown with Qt's text shaping skipped where the script does not
# need it (QFont.PreferNoShaping: Latin text loses kerning pairs, never a letter). Qt lays a paragraph out
# whole at every keystroke in it (QPlainTextDocumentLayout.layoutBlock), and shaping is about half of that:
# 200 KB took 40 ms a key, 19 ms without. Shorter paragraphs take a few milliseconds and keep full shaping.
LONG_PARAGRAPH = 20_000
PLACEHOLDER = "Type your note. It is saved as you type."
OPENING = "Opening this note\u2026"

Saver = Callable[[str], None]
# The same write, run in the background writer's thread; what it returns, if anything, is run in the window's
# thread once the write is committed (telling the rest of the window).
BackgroundSaver = Callable[[str], "Callable[[], None] | None"]


@dataclass(frozen=True)
class _Parked:
    """The text of a note left while it could not be saved, and how to save it (here, and in the
    background writer's thread, if the note offers a way to)."""

    saver: Saver
    background: BackgroundSaver | None
    text: str

    @property
    def long(self) -> bool:
        """Retried in the background: writing it here would hold the window (issue 11)."""
        return self.background is not None and len(self.text) >= BACKGROUND_CHARS


class NoteEditor(QWidget):
    # The text that was committed, as a Python object: a str signal copies it into a QString (tens of
    # milliseconds for a note of megabytes, at every save).
    saved = Signal(object)
    save_failed = Signal(str)  # the reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Select a bookmark or a note to write here.")
        self.heading.setObjectName("noteHeading")
        self.heading.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("noteEditor")
        self.edit.setAccessibleName("Note")
        self.edit.setAccessibleDescription("Your note is saved by itself as you type.")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setEnabled(False)
        self.status = QLabel("")
        self.status.setObjectName("noteStatus")
        self.status.setAccessibleName("Note saving status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)

        self._saver: Saver | None = None
        self._background: BackgroundSaver | None = None  # the same write, safe to run in another thread
        self._writer = BackgroundWriter(self)
        # The text as last saved, kept up to date from the edits: a save copies out only what changed (reading
        # the whole text of a note of megabytes out of the editor took most of the time a save blocked).
        self._tracker = EditTracker(self.edit.document())
        self._fast = False  # shown without optional shaping (a long paragraph)
        self._writing = False  # an autosave is being written in the background
        self._key = ""
        self._dirty = False
        self._edits = 0  # keystrokes so far: a save knows whether typing went on while it ran, without
        # reading the whole text back (that alone takes tens of milliseconds for a note of megabytes)
        # Notes left while their text could not be saved, by key. Retried with the current note (long ones in
        # the background), and shown again (unsaved) when the reader comes back to the note. Nothing typed
        # is dropped.
        self._parked: dict[str, _Parked] = {}
        self._leaving: set[str] = set()  # notes left whose last save is still in the background writer
        self._loader = NoteLoader(self)
        self._loader.loaded.connect(self._loaded)
        # The long note being put in: (its load's number, its saver, whether its text was parked, the text).
        self._loading: tuple[int, Saver, bool, str] | None = None
        self._then: list[Callable[[], None]] = []  # what waits for it (the caret put at its end)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self._autosave)
        self._longest = QTimer(self)
        self._longest.setSingleShot(True)
        self._longest.setInterval(LONGEST_WAIT_MS)
        self._longest.timeout.connect(self._autosave)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        # A retry comes while the reader works: it is written as autosaves are (long notes in the background).
        self._retry.timeout.connect(self._autosave)
        self.edit.textChanged.connect(self._changed)
        self.edit.installEventFilter(self)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def key(self) -> str:
        return self._key

    def has_unsaved(self) -> bool:
        return self._dirty or bool(self._parked)

    def unsaved_texts(self) -> list[str]:
        texts = [parked.text for parked in self._parked.values()]
        return texts + ([self.edit.toPlainText()] if self._dirty else [])

    def open(
        self, heading: str, text: str, saver: Saver, key: str = "", background: BackgroundSaver | None = None
    ) -> None:
        """Edit ``text``; ``saver`` commits it (raising MgReaderError when it cannot). ``key`` names the note,
        so that its unsaved text, if any, comes back instead of ``text``. ``background``, if given, commits
        it too but may run in another thread (no widgets, its own SQLite connection): long notes use it.

        A long text is put in by a worker (``NoteLoader``): until it is all in, the editor is read-only and
        says "Opening...", and nothing is saved from it (there is no saver yet)."""
        if key and key == self._key and (self._saver is not None or self._loading is not None):
            # The note being edited, opened again (a search hit on it): ``text`` was read from the notes
            # file before the last typing was saved, and putting it back would lose that typing.
            self.heading.setText(heading)
            if self._loading is None:
                self._saver, self._background = saver, background
            return
        # Taken before leaving too: leaving retries parked texts, and ``text`` was read before that retry.
        was_parked = self._parked.get(key) if key else None
        self._leave()
        self._stop_loading()
        self._background = background
        self._saver = None  # loading the text is not an edit
        # A parked text stays parked until it is shown whole: a load cancelled midway loses nothing.
        parked = (self._parked.get(key) or was_parked) if key else None
        self.heading.setText(heading)
        shown = parked.text if parked else text
        self._key = key
        if len(shown) >= LOAD_CHARS:
            self.edit.setPlainText("")  # the note left is not shown under this note's heading meanwhile
            self._tracker.reset("")
            self.edit.setReadOnly(True)
            self.edit.setPlaceholderText(OPENING)
            self.edit.setEnabled(True)
            self.status.setText(OPENING)
            number = self._loader.load(shown, self.edit.font(), self.edit.document().defaultTextOption())
            self._loading = (number, saver, parked is not None, shown)
            return
        self._put_in(shown, longest_paragraph([shown]))
        self._tracker.reset(as_shown(shown))
        self._opened(saver, parked is not None)

    @property
    def loading(self) -> bool:
        """A long note's text is still being put in (the editor is read-only meanwhile)."""
        return self._loading is not None

    def when_open(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the note's whole text is in the editor: now, or when its load ends."""
        if self._loading is None:
            then()
        else:
            self._then.append(then)

    def _loaded(self, number: int, loaded: Loaded) -> None:
        document = loaded.document
        if self._loading is None or self._loading[0] != number:
            if document is not None:
                document.deleteLater()  # a note left before it was all in
            return
        _number, saver, parked, text = self._loading
        if document is None:  # mostly one paragraph: put in here, as a short note is
            self._put_in(text, loaded.longest)
            self._shown(loaded, saver, parked)
            return
        self._fit_to(loaded.longest)
        old = self.edit.document()
        ours = old.parent() is self  # else it is the editor's first document, which Qt deletes itself
        document.setParent(self)  # kept, and let go when the next long note replaces it
        if document.defaultFont() != self.edit.font():  # the text size (or the shaping) changed meanwhile
            document.setDefaultFont(self.edit.font())
        self._tracker.attach(document)
        self.edit.setDocument(document)
        if ours:
            old.deleteLater()
        self._shown(loaded, saver, parked)

    def _put_in(self, text: str, longest: int) -> None:
        """Show ``text``, whose longest paragraph is ``longest`` long, laying a long paragraph out once: with
        the scroll bar it will need already shown (else it appears once the text is in, the editor gets
        narrower, and Qt lays the whole paragraph out again at the new width: twice the time)."""
        self._fit_to(longest)
        if longest < LONG_PARAGRAPH or self.edit.verticalScrollBar().isVisible():
            self.edit.setPlainText(text)
            return
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # before the text is in
        self.edit.setPlainText(text)
        self.edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # stays: it is needed

    def _fit_to(self, longest: int) -> None:
        """Skip shaping where it is not needed while the note holds a long paragraph (``LONG_PARAGRAPH``)."""
        self._fast = longest >= LONG_PARAGRAPH
        self._shape()

    def _shape(self) -> None:
        """Only the style strategy is set on the editor: its size and family still follow the window's text.
        Set again after a change of text size (the window's style sheet hands every widget a new font)."""
        if bool(self.edit.font().styleStrategy() & QFont.StyleStrategy.PreferNoShaping) == self._fast:
            return
        font = QFont()
        if self._fast:
            font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.edit.setFont(font)

    def _shown(self, loaded: Loaded, saver: Saver, parked: bool) -> None:
        self._tracker.reset(loaded.shown, units=loaded.units)
        self.edit.setReadOnly(False)
        self.edit.setPlaceholderText(PLACEHOLDER)
        self._loading = None
        self._opened(saver, parked)
        then, self._then = self._then, []
        for step in then:
            step()

    def _opened(self, saver: Saver, parked: bool) -> None:
        """The whole text is in: from now on it is edited and saved."""
        if parked:
            self._parked.pop(self._key, None)
        self.edit.setEnabled(True)
        self._saver = saver
        self._dirty = parked
        self.status.setText("Not saved yet: trying again." if parked else "")
        if parked:
            self._retry.start()

    def _stop_loading(self) -> None:
        if self._loading is not None:
            self._loader.cancel()
            self._loading, self._then = None, []
            self.edit.setReadOnly(False)
            self.edit.setPlaceholderText(PLACEHOLDER)

    def holds_long(self, key: str) -> bool:
        """Whether the note named ``key`` is open here, or kept unsaved, and long (``BACKGROUND_CHARS``)."""
        parked = self._parked.get(key)
        if parked is not None and parked.long:
            return True
        if key != self._key:
            return False
        return self._loading is not None or self.edit.document().characterCount() > BACKGROUND_CHARS

    def write_after(self, job: Job, done: Done) -> None:
        """Run ``job`` (a write of its own, over its own connection) in the background writer, after the
        note open here is saved and after every write under way: any change to the record of a long note
        (its colour, its question, deleting it) makes SQLite rewrite the whole row, which held the window
        60-90 ms for 5 MB. The note's typing is saved first as an autosave is (a long note's in the writer
        too, so that the writes keep the order of the reader's actions). ``done`` gets the outcome in the
        window's thread once ``job`` has committed or failed; closing the window waits for it (``save``)."""
        if self._dirty:
            self._autosave()
        self._writer.submit(job, done)

    def settle(self, key: str) -> None:
        """Call before reading the note named ``key`` to open it: if it was left with its last save still in
        the background writer, that write ends first (the text read lacked the words typed last, and the
        next save wrote over them)."""
        if key in self._leaving:
            self._writer.wait()

    def finish_writes(self) -> None:
        """Wait for the writes under way in the background writer, and hand back what they did (a delete
        of a long note's record is known to the Undo list only then)."""
        self._writer.wait()

    def close_note(self, heading: str = "Select a bookmark or a note to write here.") -> None:
        """Save the note and stop editing it. A long one's last save may still be under way in the
        background writer: it has the note's text to itself, and ``save`` waits for it."""
        self._leave()
        self._clear(heading)

    def detach(self, heading: str = "Select a bookmark or a note to write here.") -> None:
        """Stop editing without saving: the note is gone (a restore or an import replaced the notes)."""
        self._writer.wait()
        self._clear(heading)

    def _clear(self, heading: str) -> None:
        self._stop_loading()
        self._timer.stop()
        self._longest.stop()
        self._saver, self._background, self._key, self._dirty = None, None, "", False
        self.edit.setPlainText("")
        self._tracker.reset("")
        self.edit.setEnabled(False)
        self.heading.setText(heading)
        self.status.setText("")

    def _leave(self) -> None:
        """Save the note being left; if that fails, park its text to be retried (and shown again). Long
        parked texts are left to their retry, in the background."""
        if self._leave_in_background():
            return
        self._writer.wait()
        self._timer.stop()
        self._longest.stop()
        self._save_parked(long_ones=False)
        if not self._save_here() and self._saver is not None and self._dirty:
            key = self._key or self.heading.text()
            self._parked[key] = _Parked(self._saver, self._background, self.edit.toPlainText())
            self._dirty = False

    def _leave_in_background(self) -> bool:
        """A long note left with typing not saved yet: its last save goes to the background writer, after
        any write under way (the window waited 0.7 s for it, for 5 MB). The note's document is set aside,
        untouched, until that write ends; if it fails, the note's text is parked, as any other."""
        saver, write, key = self._saver, self._background, self._key or self.heading.text()
        document = self.edit.document()
        if not self._dirty or saver is None or write is None:
            return False
        if document.characterCount() < BACKGROUND_CHARS:
            return False
        self._timer.stop()
        self._longest.stop()
        tracker, patch = self._tracker, self._tracker.take()
        tracker.detach()  # the writer's thread has it to itself from now on
        document.setParent(self)  # else Qt deletes the editor's first document when it is replaced
        fresh = QTextDocument(self)
        fresh.setDocumentLayout(QPlainTextDocumentLayout(fresh))
        fresh.setDefaultFont(self.edit.font())
        self._tracker = EditTracker(fresh)
        self.edit.setDocument(fresh)
        self._saver, self._dirty = None, False
        self._leaving.add(key)

        def job() -> object:
            return write(tracker.apply(patch))

        def done(error: BaseException | None, then: object) -> None:
            self._leaving.discard(key)
            if error is None and callable(then):
                then()  # committed: the rest of the window hears of it
            elif error is not None:  # kept, from the document as the reader left it, and tried again
                self._parked[key] = _Parked(saver, write, document.toPlainText())
                self._retry.start()
                self.save_failed.emit(reason_of(error))
            document.deleteLater()

        self._writer.submit(job, done)
        return True

    def save(self) -> bool:
        """Commit now, in the window's thread, whatever is unsaved (parked notes too): on closing, and before
        the notes file is copied or replaced. True when nothing is left unsaved."""
        self._writer.wait()  # a write under way ends first: the last text typed is the one written last
        self._timer.stop()
        self._longest.stop()
        self._save_parked(long_ones=True)
        return self._save_here()

    def _save_here(self) -> bool:
        """Commit the note open now in the window's thread, if it is unsaved (the writer is idle)."""
        if not self._dirty or self._saver is None:
            return not self._dirty
        text, edits = self._current_text(), self._edits
        try:
            self._saver(text)
        except MgReaderError as error:
            self._failed(str(error))
            return False
        self._committed(text, edits)
        return not self._dirty

    def _save_parked(self, long_ones: bool) -> None:
        """Retry the parked texts in the window's thread: all of them, or the short ones only."""
        for key, parked in list(self._parked.items()):
            if parked.long and not long_ones:
                continue
            try:
                parked.saver(parked.text)
            except MgReaderError:
                self._retry.start()
                continue
            if self._parked.get(key) is parked:
                del self._parked[key]

    def _autosave(self) -> None:
        """The timers' save and the retries': long notes (the one open, and parked ones) are written in the
        background, so that the window never waits for them; short ones here, at once."""
        if self._writing:
            return  # one write at a time; when it ends, typing since then is saved
        self._timer.stop()
        self._longest.stop()
        if not self._write_parked():
            self._save_current()

    def _save_current(self) -> None:
        """The autosave of the note open now (and of short parked texts, written here)."""
        if (
            self._background is None
            or not self._dirty
            or self.edit.document().characterCount() < BACKGROUND_CHARS
        ):
            self._writer.wait()  # a long note left just before is still being written (SQLite would wait)
            self._save_parked(long_ones=False)
            self._save_here()
            return
        patch, edits, key, write = self._tracker.take(), self._edits, self._key, self._background
        tracker = self._tracker

        def job() -> tuple[str, object]:
            text = tracker.apply(patch)  # the splice, too, is off the window's thread
            return text, write(text)

        self._writing = True
        self._writer.submit(job, lambda error, value: self._written(error, value, edits, key))

    def _write_parked(self) -> bool:
        """Retry the long parked texts in the background writer; True when there were any (the note open now
        is saved after them). Until its write is committed, a text stays parked (shown unsaved if opened)."""
        waiting = [(key, parked) for key, parked in self._parked.items() if parked.long]
        if not waiting:
            return False
        Outcome = tuple[str, _Parked, BaseException | None, object]

        def job() -> list[Outcome]:
            outcomes: list[Outcome] = []
            for key, parked in waiting:
                assert parked.background is not None  # it is long
                try:
                    outcomes.append((key, parked, None, parked.background(parked.text)))
                except Exception as failure:  # noqa: BLE001 - said to the reader, kept, and tried again
                    outcomes.append((key, parked, failure, None))
            return outcomes

        def done(error: BaseException | None, outcomes: object) -> None:
            self._writing = False
            for key, parked, failure, then in outcomes if isinstance(outcomes, list) else []:
                if failure is None:
                    if callable(then):
                        then()  # committed: the rest of the window hears of it
                    if self._parked.get(key) is parked:
                        del self._parked[key]
                else:
                    self._retry.start()
                    self.save_failed.emit(reason_of(failure))
            if error is not None:
                self._retry.start()
            if self._dirty:  # the note open now, typed into meanwhile, is saved in turn (not from here: a
                self._timer.start()  # save on closing hands this back while it waits, then saves it itself)
                self._longest.start()

        self._writing = True
        self._writer.submit(job, done)
        return True

    def _written(self, error: BaseException | None, value: object, edits: int, key: str) -> None:
        self._writing = False
        text, then = value if isinstance(value, tuple) else ("", None)
        if error is None and callable(then):
            then()  # committed: the rest of the window hears of it, whatever the editor shows now
        if key != self._key:
            # The note was left (its last text is written after this) or closed (detach): nothing to show.
            # Typing in the note open now, while this was written, is saved in turn.
            if self._dirty:
                self._timer.start()
                self._longest.start()
            return
        if isinstance(error, TrackingLost):
            self._autosave()  # the tracker now reads the whole text once, and the save goes on
            return
        if error is None:
            self._committed(text, edits)
            if self._dirty:  # typed while it was written: that is saved in turn
                self._timer.start()
                self._longest.start()
            return
        self._failed(reason_of(error))

    def _current_text(self) -> str:
        """The editor's text, from the tracked edits (the writer is idle: the tracker is this thread's)."""
        try:
            return self._tracker.apply(self._tracker.take())
        except TrackingLost:
            return self._tracker.apply(self._tracker.take())  # lost: taken whole this time

    def _committed(self, text: str, edits: int) -> None:
        if not self._parked:
            self._retry.stop()  # else it is still needed, for them
        # Typing may have gone on while the write ran; only what was written counts as saved.
        self._dirty = self._edits != edits
        was = self.status.text()
        self.status.setText("Saved" if not self._dirty else "Saving\u2026")
        self.status.setProperty("problem", False)
        if self.status.text() == "Saved" and was != "Saved":
            announce(self.status, "Saved")  # polite: said when the screen reader is idle, not mid-word
        self.saved.emit(text)

    def _failed(self, reason: str) -> None:
        self.status.setText(f"Not saved: {reason} Your text is kept here and will be saved when it can.")
        self.status.setProperty("problem", True)
        announce(self.status, self.status.text(), urgent=True)
        self._retry.start()
        self.save_failed.emit(reason)

    def _changed(self) -> None:
        if self._saver is None:
            return
        block = self.edit.textCursor().block()  # a paste may have made a long paragraph: typed faster
        if block.length() >= LONG_PARAGRAPH:
            self._fit_to(block.length())
        self._dirty = True
        self._edits += 1
        self.status.setText("Saving\u2026")
        self._timer.start()
        if not self._longest.isActive():
            self._longest.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self._autosave()  # a long note in the background: clicking elsewhere must not freeze the window
        elif watched is self.edit and event.type() == QEvent.Type.FontChange:
            self._shape()
        return False


def reason_of(error: BaseException) -> str:
    """What a failed background write says to the reader."""
    return str(error) if isinstance(error, MgReaderError) else f"{type(error).__name__}: {error}."
