"""Read aloud from anywhere in one window: a bookmark (its passage, then on through the article), a note (its
text, in the note editor), a search result (the article from the result's place) and the appointment sheet
(its text in reading order, in its preview).

Ctrl+R reads what the keyboard is on (the current bookmark, note or search result, or the sheet when its
dialog is open), else the article from the top of the view; the lists' context menus say "Read aloud from
here" (``aloud_menu``). The window is seen through a small protocol: its controllers are not imported here.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser, QWidget

from mgreader.core.errors import MgReaderError
from mgreader.core.notes import anchoring, placement
from mgreader.ui.aloud import aloud_text
from mgreader.ui.aloud.read_aloud import ReadAloud
from mgreader.ui.notes.bookmark_model import IdRole

SHEET = "appointmentSheetDialog"
NOT_READ = "Read aloud reads articles, bookmarks, notes and the appointment sheet."


class Window(Protocol):
    """What reading from a place needs of the main window (its controllers, loosely typed)."""

    notes: Any  # NotesController: notes_panel, store, show_passage
    searching: Any  # SearchController: open_hit
    commands: Any  # Actions
    appearance: Any  # Appearance: voice

    def status(self, text: str, timeout_ms: int) -> None: ...


class ReadFrom(QObject):
    def __init__(self, window: Window, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("readFrom")  # found by the lists and the sheet dialog (aloud_menu.reader_for)
        self.w = window
        window.appearance.start_here = self.from_focus

    @property
    def voice(self) -> ReadAloud:
        voice: ReadAloud = self.w.appearance.voice
        return voice

    def problem(self) -> str:
        return self.voice.problem if not self.voice.available else ""

    def known_problem(self) -> str:
        """The problem if read aloud was set up already, else "": asking the engine (which may start the
        speech daemon) waits until the reader asks for reading."""
        return self.problem() if self.w.appearance.voice_made() else ""

    def read(self, kind: str, value: object) -> bool:
        """Read a bookmark (its id), a note (its key in the Notes list), a search result (a Hit) or the sheet
        (its dialog); the sheet again pauses or goes on."""
        if not self.voice.available:
            self.w.status(self.voice.problem, 15000)
            return False
        if kind == "bookmark":
            return self.bookmark(str(value))
        if kind == "note":
            return self.note(str(value))
        if kind == "hit":
            return self.hit(value)
        if kind == "sheet" and isinstance(value, QWidget):
            return self.sheet(value)
        return False

    def from_focus(self) -> bool:
        """What the keyboard is on, read; False when it is on nothing of the kind (then: the article)."""
        focus = QApplication.focusWidget()
        if focus is None:
            return False
        if focus.window().objectName() == SHEET:
            return self.sheet(focus.window())
        name = focus.objectName()
        panel = self.w.notes.notes_panel if name in ("bookmarkList", "noteList", "noteEditor") else None
        if name == "bookmarkList" and panel is not None and panel.current_bookmark_id():
            return self.bookmark(panel.current_bookmark_id())
        if name in ("noteList", "noteEditor") and panel is not None and panel.editor.edit.isEnabled():
            return self._read_editor(panel)
        if name == "searchResults":
            index = focus.currentIndex()  # type: ignore[attr-defined]
            if index.isValid():
                return self.hit(focus.model().hits[index.row()])  # type: ignore[attr-defined]
        return False

    def bookmark(self, bookmark_id: str) -> bool:
        """Open the bookmark's article at its passage and read from the passage's first word on."""
        try:
            bookmark = self.w.notes.store.get_bookmark(bookmark_id)
        except (MgReaderError, AttributeError):
            return False
        self.w.notes.show_passage(bookmark.article_id, bookmark_id)  # says so when the passage is gone
        view = self.voice.view
        where = anchoring.locate(bookmark.anchor, placement.page_text(view.page_text()))
        if where is None:
            return False
        return self.voice.read_article(where.start, from_exactly=True)

    def note(self, key: str) -> bool:
        """Show the note in the editor (from the Notes list) and read its text there."""
        panel = self.w.notes.notes_panel
        if panel is None:
            return False
        for row in range(panel.note_list.count()):
            item = panel.note_list.item(row)
            if item.data(IdRole) == key:
                panel.note_list.setCurrentItem(item)
                return self._read_editor(panel)
        return False

    def _read_editor(self, panel: Any) -> bool:
        edit = panel.editor.edit
        said = self.voice.read_in(edit, aloud_text.text_utterances(edit.document()))
        if not said:
            self.w.status("This note is empty: there is nothing to read.", 5000)
        return said

    def hit(self, hit: Any) -> bool:
        """A search result: the article from the result's place, a bookmark from its passage, a note."""
        from mgreader.core.search.index import DocKind

        if hit.kind == DocKind.BOOKMARK and hit.article_id:
            return self.bookmark(hit.id)
        if hit.kind == DocKind.CHECKIN:
            self.w.status(NOT_READ, 5000)
            return False
        self.w.searching.open_hit(hit)  # opens and marks it, as choosing the result does
        if hit.kind == DocKind.NOTE:
            panel = self.w.notes.notes_panel
            return panel is not None and self._read_editor(panel)
        cursor = self.voice.view.textCursor()
        return self.voice.read_article(cursor.selectionStart() if cursor.hasSelection() else None)

    def sheet(self, dialog: QWidget) -> bool:
        """The sheet's preview, read in its reading order; pressed again, a pause (and again, on)."""
        preview = dialog.findChild(QTextBrowser, "sheetPreview")
        if preview is None:
            return False
        button = dialog.findChild(QPushButton, "sheetReadAloud")
        if button is not None and button.findChild(_ButtonText) is None:
            self.voice.state_changed.connect(_ButtonText(button, dialog, self.voice).follow)  # goes with it
        if self.voice.reading is preview and self.voice.state != "stopped":
            self.voice.toggle()
            return True
        return self.voice.read_in(preview, aloud_text.page_utterances(preview.document()))

    def attach(self, dialog: QWidget, button: QPushButton) -> None:
        """The dialog's button says what pressing it does; the speed and stop keys work in the dialog too,
        and closing it stops the reading."""
        a = self.w.commands
        dialog.addActions([a.read_aloud, a.stop_reading, a.read_faster, a.read_slower])
        if hasattr(dialog, "finished"):
            dialog.finished.connect(lambda _code: self._dialog_closed(dialog))

    def _dialog_closed(self, dialog: QWidget) -> None:
        if self.w.appearance.voice_made() and self.voice.reading is dialog.findChild(QWidget, "sheetPreview"):
            self.voice.stop()


class _ButtonText(QObject):
    """The sheet's button says what pressing it will do; a child of the button, so it goes with it (and
    Qt stops calling it)."""

    def __init__(self, button: QPushButton, dialog: QWidget, voice: ReadAloud) -> None:
        super().__init__(button)
        self.button, self.dialog, self.voice = button, dialog, voice

    def follow(self, state: str) -> None:
        preview = self.dialog.findChild(QWidget, "sheetPreview")
        ours = preview is not None and self.voice.reading is preview
        labels = {"reading": "Pause reading", "paused": "Go on reading"}
        text = labels.get(state, "&Read aloud") if ours else "&Read aloud"
        self.button.setText(text)
        self.button.setAccessibleName(text.replace("&", ""))  # what it says is what a screen reader says
