"""The window's journal: opens the check-in, the medicines list and the journal view over the notes file.

Every journal change goes through ``JournalSession`` and its Changes record is applied through the
window's one notification (``ChangeBus``, via the shell), so search, the journal view and anything else
refresh from the record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from mgreader.core.errors import MgReaderError
from mgreader.core.session.changes import Changes

if TYPE_CHECKING:
    # Not at run time: the journal's modules (and sqlite3, tomllib under them) cost ~40 ms, and the window
    # is built before its first paint; they are imported on the first check-in, medicines list or chart.
    from mgreader.core.journal import timing
    from mgreader.core.session.journal import JournalSession
    from mgreader.ui.journal.journal_view import JournalView
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.shell import Shell

REMINDER_KEY = "checkin_reminder"
REMINDER_SHOWN_KEY = "checkin_reminder_shown"


class JournalController(QObject):
    def __init__(
        self, shell: Shell, notes: NotesController, rules_folder: Path, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.w = shell
        self.notes = notes
        self._rules_folder = rules_folder
        self._rules: list[timing.TimingRule] | None = None
        self._session: JournalSession | None = None
        self.view: JournalView | None = None
        shell.on_changed(self._changed)

    # The session over the open notes file

    def rules(self) -> list[timing.TimingRule]:
        if self._rules is None:
            from mgreader.core.journal import timing

            try:
                self._rules = timing.load(self._rules_folder)
            except MgReaderError as error:
                # No timing notes rather than guessed ones; the reader is told once.
                self.w.status(f"Timing notes are not available: {error}", 8000)
                self._rules = []
        return self._rules

    def session(self) -> JournalSession | None:
        store = self.notes.ensure_store()
        if store is None:
            self.w.status("Your days and medicines need the notes file, which is not available.", 8000)
            return None
        if self._session is None or self._session.journal is not store.journal:
            from mgreader.core.session.journal import JournalSession

            self._session = JournalSession(store.journal, date.today, self.rules())
        return self._session

    # Commands

    def check_in(self, day: date | None = None) -> None:
        from mgreader.ui.journal.checkin_dialog import CheckInDialog

        session = self.session()
        if session is None:
            return
        dialog = CheckInDialog(session, day, parent=self.w.dialog_parent())
        dialog.changed.connect(self.notes.apply)
        dialog.exec()
        dialog.deleteLater()

    def medicines(self) -> None:
        from mgreader.ui.journal.medicines_dialog import MedicinesDialog

        session = self.session()
        if session is None:
            return
        dialog = MedicinesDialog(session, self.w.dialog_parent())
        dialog.changed.connect(self.notes.apply)
        dialog.article_requested.connect(self._open_link)
        dialog.question_requested.connect(self.ask)
        dialog.exec()
        dialog.deleteLater()

    def show_journal(self) -> None:
        from mgreader.ui.journal.journal_view import JournalView

        session = self.session()
        if session is None:
            return
        if self.view is None:
            self.view = JournalView(session, self.w.theme, self._scale(), self.w.dialog_parent())
            self.view.check_in_requested.connect(self.check_in)
            self.view.text_size_changed.connect(self._text_size_changed)
            self.view.finished.connect(self._view_closed)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()

    def ask(self, question: str) -> None:
        """Add a question for the clinician (from a timing note), and say so."""
        session = self.notes.session
        if session is None:
            return
        try:
            done = session.add_question(question)
        except MgReaderError as error:
            self.w.prompter.inform("Question not added", str(error))
            return
        self.notes.apply(done.changes)
        self.w.status("Question added to your notes, to ask at your appointment.", 6000)

    def remind_if_due(self) -> None:
        """Once a day, if the reader asked for it and has not checked in today: a quiet line, no dialog."""
        settings = self.w.settings
        if not settings.get(REMINDER_KEY, False):
            return
        today = date.today().isoformat()
        if settings.get(REMINDER_SHOWN_KEY) == today:
            return
        session = self.session()
        if session is None or session.journal.checkin(date.today()) is not None:
            return
        settings.set(REMINDER_SHOWN_KEY, today)
        QTimer.singleShot(
            0, lambda: self.w.status("You have not checked in today. Ctrl+J takes ten seconds.", 15000)
        )

    # Views

    def _changed(self, changes: Changes) -> None:
        if self.view is not None:
            self.view.apply(changes)
        if changes.everything:
            self._session = None  # the notes file was replaced (restore, import): read it afresh

    def theme_changed(self) -> None:
        if self.view is not None:
            self.view.set_theme(self.w.theme, self._scale())

    def _text_size_changed(self) -> None:
        if self.view is not None and self.view.scale != self._scale():
            self.view.set_theme(self.w.theme, self._scale())

    def _view_closed(self) -> None:
        if self.view is not None:
            self.view.deleteLater()
            self.view = None

    def _open_link(self, target: str) -> None:
        article_id, _, anchor = target.partition("#")
        self.w.open_article(article_id, anchor)

    def _scale(self) -> float:
        """The chart's text grows with the reader's one text size (View > Larger text), as the window's
        does: from the zoom, not from a widget's font (the desktop's own font size is not the reader's)."""
        from mgreader.ui.look import text_size

        return max(1.0, text_size.scale(self.w.settings.get_int("zoom", 0)))
