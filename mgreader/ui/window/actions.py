"""Every QAction of the main window, in one place: names, shortcuts, icons and tips."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from mgreader.core.render.page import FONTS, LINE_SPACINGS
from mgreader.core.theme import THEME_CHOICES

StandardKey = QKeySequence.StandardKey


class Actions:
    def __init__(self, window: QWidget) -> None:
        style = window.style()
        icon = style.standardIcon

        def make(
            name: str, text: str, keys: list[QKeySequence | StandardKey | str] | None = None, tip: str = ""
        ) -> QAction:
            action = QAction(text, window)
            action.setObjectName(name)
            if keys:
                # A key listed twice (a literal and the StandardKey meaning the same key) makes Qt call the
                # shortcut ambiguous and do nothing: keep each sequence once.
                sequences: list[QKeySequence] = []
                for key in keys:
                    for sequence in (
                        QKeySequence.keyBindings(key) if isinstance(key, StandardKey) else [QKeySequence(key)]
                    ):
                        if not sequence.isEmpty() and sequence not in sequences:
                            sequences.append(sequence)
                action.setShortcuts(sequences)
            plain = text.replace("&", "")
            action.setToolTip(
                f"{tip or plain} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                if keys
                else (tip or plain)
            )
            action.setStatusTip(tip or plain)
            window.addAction(action)
            return action

        self.back = make(
            "actionBack", "&Back", ["Alt+Left", StandardKey.Back], "Go back to the previous article"
        )
        self.back.setIcon(icon(QStyle.StandardPixmap.SP_ArrowBack))
        self.forward = make(
            "actionForward", "&Forward", ["Alt+Right", StandardKey.Forward], "Go forward again"
        )
        self.forward.setIcon(icon(QStyle.StandardPixmap.SP_ArrowForward))
        self.zoom_in = make(
            "actionZoomIn",
            "Larger text",
            ["Ctrl+=", "Ctrl++", StandardKey.ZoomIn],
            "Make all text larger: the article, lists, notes and dialogs",
        )
        self.zoom_out = make(
            "actionZoomOut", "Smaller text", ["Ctrl+-", StandardKey.ZoomOut], "Make all text smaller"
        )
        self.zoom_reset = make(
            "actionZoomReset", "Normal text size", ["Ctrl+0"], "Return to the normal text size"
        )
        self.filter_topics = make(
            "actionFilterTopics", "Filter &topics", ["Ctrl+L"], "Type to narrow the list of articles"
        )
        self.open_library_folder = make(
            "actionOpenLibraryFolder",
            "Open &library folder",
            tip="Show the folder where your own articles live",
        )
        self.import_article = make(
            "actionImportArticle", "&Import article...", ["Ctrl+O"], "Copy a Markdown file into your library"
        )
        self.bookmark_passage = make(
            "actionBookmarkPassage",
            "&Bookmark passage",
            ["Ctrl+D"],
            "Bookmark the selected text, or the paragraph at the cursor",
        )
        self.add_note = make(
            "actionAddNote",
            "Add &note",
            ["Ctrl+Shift+N"],
            "Write a note on the selected bookmark, or on this article",
        )
        self.undo_delete = make(
            "actionUndoDelete",
            "&Undo delete",
            [StandardKey.Undo],
            "Bring back the bookmark or note you deleted last",
        )
        self.find = make(
            "actionFind", "&Find in article...", [StandardKey.Find], "Find words in this article"
        )
        self.find_next = make(
            "actionFindNext", "Find &next", [StandardKey.FindNext, "F3"], "Go to the next match"
        )
        self.find_previous = make(
            "actionFindPrevious",
            "Find pre&vious",
            [StandardKey.FindPrevious, "Shift+F3"],
            "Go to the previous match",
        )
        self.search_library = make(
            "actionSearchLibrary",
            "&Search library...",
            ["Ctrl+Shift+F"],
            "Search all articles, bookmarks and notes",
        )
        self.read_aloud = make(
            "actionReadAloud", "&Read aloud", ["Ctrl+R"], "Read the article aloud from here; again to pause"
        )
        self.stop_reading = make("actionStopReading", "S&top reading", ["Ctrl+Shift+R"])
        self.read_faster = make("actionReadFaster", "Read faster", ["Ctrl+Alt+="])
        self.read_slower = make("actionReadSlower", "Read slower", ["Ctrl+Alt+-"])
        self.read_sources = make(
            "actionReadSources",
            "Read Sources and footnotes too",
            tip="Read aloud also reads an article's Sources list and footnotes (left out unless ticked)",
        )
        self.read_sources.setCheckable(True)
        self.focus_mode = make(
            "actionFocusMode", "&Focus mode", ["F11"], "Show only the article; F11 or Escape to come back"
        )
        self.focus_mode.setCheckable(True)
        self.leave_focus_mode = make("actionLeaveFocusMode", "Leave focus mode", ["Escape"])
        self.leave_focus_mode.setEnabled(False)
        self.theme_group = QActionGroup(window)
        self.themes: dict[str, QAction] = {}
        for key, label in THEME_CHOICES:
            name = "actionTheme" + "".join(part.capitalize() for part in key.split("_"))
            action = make(name, label, tip=f"Use the {label.lower()} colours" if key != "system" else label)
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.themes[key] = action
        self.fonts: dict[str, QAction] = {}
        self.spacings: dict[str, QAction] = {}
        for choices, into, prefix in (
            (FONTS, self.fonts, "actionFont"),
            (LINE_SPACINGS, self.spacings, "actionSpacing"),
        ):
            group = QActionGroup(window)
            for key, (label, _value) in choices.items():
                action = make(prefix + key.capitalize(), label)
                action.setCheckable(True)
                group.addAction(action)
                into[key] = action
        # View > Reading guide: the paragraph or line being read marked, the rest dimmed (reading_guide.py).
        self.guides: dict[str, QAction] = {}
        group = QActionGroup(window)
        for key, label in (("off", "Off"), ("paragraph", "Mark the paragraph"), ("line", "Mark the line")):
            action = make("actionGuide" + key.capitalize(), label, tip=f"Reading guide: {label.lower()}")
            action.setCheckable(True)
            group.addAction(action)
            self.guides[key] = action
        self.shortcuts = make(
            "actionShortcuts", "&Keyboard shortcuts", ["F1"], "List every keyboard shortcut"
        )
        self.appointment_sheet = make(
            "actionAppointmentSheet",
            "&Appointment sheet...",
            ["Ctrl+P"],
            "Gather your questions, passages and notes for your clinician",
        )
        self.backup = make(
            "actionBackup", "&Back up notes now", tip="Make a checked copy of your bookmarks and notes"
        )
        self.restore = make(
            "actionRestore",
            "&Restore notes from a backup...",
            tip="Go back to an earlier copy of your bookmarks and notes",
        )
        self.export_all = make(
            "actionExportAll",
            "&Export all notes to a file...",
            tip="Save every bookmark and note in one file, to keep or to move to another computer",
        )
        self.import_all = make(
            "actionImportAll",
            "Import notes from a &file...",
            tip="Add the bookmarks and notes from an export file; nothing is deleted",
        )
        self.check_in = make(
            "actionCheckIn", "&Check in...", ["Ctrl+J"], "Record how today went: energy, symptoms, a crash"
        )
        self.medicines = make(
            "actionMedicines",
            "&Medicines and supplements...",
            ["Ctrl+Shift+M"],
            "Your medicines and supplements, the day's magnesium total and timing notes",
        )
        self.journal = make(
            "actionJournal",
            "How it is &going...",
            ["Ctrl+Shift+J"],
            "A chart and a week table of your check-ins",
        )
        self.checkin_reminder = make(
            "actionCheckInReminder",
            "Remind me to check in",
            tip="Once a day, a quiet reminder when you have not checked in yet",
        )
        self.checkin_reminder.setCheckable(True)
        self.quit = make("actionQuit", "&Quit", ["Ctrl+Q"], "Close Mg Reader")
        self.show_disclaimer = make("actionShowDisclaimer", "&Disclaimer", tip="Show the medical disclaimer")
        self.about = make("actionAbout", "&About Mg Reader")
        self.record_visit = make(
            "actionRecordVisit",
            "Record a &visit...",
            tip="Note an appointment: the next sheet can say what changed since",
        )

    def all(self) -> list[QAction]:
        """Every action, in the order they were made (grouped ones last)."""
        return [value for value in vars(self).values() if isinstance(value, QAction)] + list(
            self.themes.values()
        )
