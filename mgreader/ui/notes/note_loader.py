"""Builds the document of a long note off the window's thread (issue 11: ``setPlainText`` of a 5 MB note held
the window's thread for 150-380 ms each time the note was opened).

A ``QTextDocument`` with its ``QPlainTextDocumentLayout`` is filled in a worker thread, then moved to the
window's thread and handed over whole (``NoteEditor`` puts it in with ``setDocument``, 15-30 ms). Qt's
documentation calls every QTextDocument function reentrant: one document, one thread at a time, which holds
here (no one else sees the document until it is handed over). PySide keeps Python's interpreter lock for
the whole of a Qt call, and one ``setPlainText`` of megabytes would hold the window's thread just as long
while it waited for the lock: the text goes in by pieces of ``PIECE_CHARS``, and between two pieces the
window's thread gets the lock back.

A newer load, or ``cancel``, makes the one under way stop at its next piece; its document is dropped in
the worker, and nothing of it reaches the editor.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QFont, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QPlainTextDocumentLayout

from mgreader.ui.notes.edit_tracker import as_shown, utf16_length

PIECE_CHARS = 32_768  # a piece takes 1-5 ms to insert: the longest the window waits for the lock
# Qt lays a paragraph out at about 20 times what it costs to put the same text in (0.65 against 0.03 us a
# character): a note whose longest paragraph is over a twentieth of it is not worth building here.
PARAGRAPH_COST = 20


@dataclass(frozen=True)
class Loaded:
    """The filled document (now in the window's thread), its text as ``toPlainText`` gives it, in pieces,
    and each piece's length in UTF-16 units (the edit tracker's start; both take a while to work out for
    megabytes, and a save on closing would count them in the window's thread)."""

    document: QTextDocument | None  # None: mostly one paragraph, for the editor to put in itself
    shown: tuple[str, ...]
    units: tuple[int, ...]  # each piece's length in UTF-16 units
    longest: int  # the longest paragraph's length: the editor's font is chosen by it


class NoteLoader(QObject):
    # (load number, a Loaded): a queued connection, since it is emitted from the worker.
    loaded = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers = itertools.count(1)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)  # no worker left inside Qt as the application ends

    def load(self, text: str, font: QFont, option: QTextOption) -> int:
        """Start filling a document with ``text`` (as ``setPlainText`` would), with the editor's ``font``
        and text ``option`` (wrapping, tabs); the load's number."""
        self.cancel()
        number = next(self._numbers)
        cancel = self._cancel = threading.Event()
        home = QThread.currentThread()
        args = (number, text, QFont(font), QTextOption(option), home, cancel)  # copies, for the worker
        self._thread = threading.Thread(target=self._fill, args=args, name="mgreader-loader", daemon=True)
        self._thread.start()
        return number

    def cancel(self) -> None:
        """Stop the load under way, if any: it ends at its next piece, and is never handed over."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _fill(
        self, number: int, text: str, font: QFont, option: QTextOption, home: QThread, cancel: threading.Event
    ) -> None:
        document = QTextDocument()
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        # The editor's font and wrapping: setDocument would lay the text out again for each that differs.
        document.setDefaultFont(font)
        document.setDefaultTextOption(option)
        document.setUndoRedoEnabled(False)  # loading is not an edit: Ctrl+Z must not take the text away
        # setPlainText's own rule for line ends; done first, so that no \r\n is cut between two pieces.
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        pieces = [text[start : start + PIECE_CHARS] for start in range(0, len(text), PIECE_CHARS)]
        # The tracker's start, by pieces too: over 5 MB of accented text each is one call of 15-30 ms.
        shown = tuple(as_shown(piece) for piece in pieces)
        units = tuple(utf16_length(piece) for piece in pieces)
        longest = longest_paragraph(pieces)
        if longest * PARAGRAPH_COST > len(text):
            # Mostly one paragraph: Qt lays a paragraph out whole, in the window's thread, whoever filled the
            # document, and setDocument would lay it out twice (setTextWidth always lays every paragraph out
            # again), against once for setPlainText: the editor puts it in itself.
            self._hand_over(number, Loaded(None, shown, units, longest), cancel)
            return
        cursor = QTextCursor(document)
        # One edit block: the layout is told of the text once, not at each piece (for a note of one long
        # paragraph it lays that paragraph out each time it is told: seconds for 1 MB).
        cursor.beginEditBlock()
        for piece in pieces:
            if cancel.is_set():
                return  # the document is dropped here, in the thread it belongs to
            cursor.insertText(piece)
        cursor.endEditBlock()
        del cursor  # a cursor unregisters from its document when it goes: not once the window uses it
        document.setUndoRedoEnabled(True)
        document.setModified(False)
        if cancel.is_set():
            return
        document.moveToThread(home)  # moves its layout too (a child)
        self._hand_over(number, Loaded(document, shown, units, longest), cancel)

    def _hand_over(self, number: int, loaded: Loaded, cancel: threading.Event) -> None:
        if cancel.is_set():
            return
        try:
            self.loaded.emit(number, loaded)
        except RuntimeError:  # the editor was deleted meanwhile (the window closed)
            return


def longest_paragraph(pieces: list[str]) -> int:
    """The length of the longest paragraph (block, in Qt's words) of the text cut into ``pieces``."""
    longest = run = 0
    for piece in pieces:
        parts = piece.replace("\u2029", "\n").split("\n") if "\u2029" in piece else piece.split("\n")
        if len(parts) == 1:
            run += len(piece)
            continue
        longest = max(longest, run + len(parts[0]), *map(len, parts[1:-1]))
        run = len(parts[-1])
    return max(longest, run)
