"""The commands that go straight to a controller (notes, search, the journal) rather than to the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mgreader.core.settings import Settings
    from mgreader.ui.actions import Actions
    from mgreader.ui.journal.journal_controller import JournalController
    from mgreader.ui.notes.notes_controller import NotesController
    from mgreader.ui.reading.article_view import ArticleView
    from mgreader.ui.search.search_controller import SearchController


def connect_controllers(
    a: Actions,
    article_view: ArticleView,
    notes: NotesController,
    searching: SearchController,
    journal: JournalController,
    settings: Settings,
) -> None:
    article_view.bookmark_requested.connect(notes.bookmark_span)
    a.bookmark_passage.triggered.connect(lambda: article_view.request_bookmark())
    a.add_note.triggered.connect(notes.add_note)
    a.appointment_sheet.triggered.connect(lambda: notes.open_sheet())
    a.record_visit.triggered.connect(lambda: notes.open_visits())
    a.backup.triggered.connect(lambda: notes.file.backup_now())
    a.restore.triggered.connect(lambda: notes.file.restore_backup())
    a.export_all.triggered.connect(lambda: notes.file.export_everything())
    a.import_all.triggered.connect(lambda: notes.file.import_everything())
    a.undo_delete.triggered.connect(notes.undo_delete)
    a.find.triggered.connect(lambda: searching.find_bar.open_bar())
    a.find_next.triggered.connect(lambda: searching.find_bar.next())
    a.find_previous.triggered.connect(lambda: searching.find_bar.previous())
    a.search_library.triggered.connect(searching.open_search)
    a.check_in.triggered.connect(lambda: journal.check_in())
    a.medicines.triggered.connect(journal.medicines)
    a.journal.triggered.connect(journal.show_journal)
    a.checkin_reminder.setChecked(bool(settings.get("checkin_reminder", False)))
    a.checkin_reminder.toggled.connect(lambda on: settings.set("checkin_reminder", on))
