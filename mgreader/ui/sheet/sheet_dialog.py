"""The appointment sheet: choose what goes in, see it in large print, then print, save or copy it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mgreader.core.dates import date_words
from mgreader.core.disclaimer import Disclaimer
from mgreader.core.errors import MgReaderError
from mgreader.core.journal import timing
from mgreader.core.journal.model import Visit
from mgreader.core.library.scan import Library
from mgreader.core.notes.store import Store
from mgreader.core.session.journal import JournalSession
from mgreader.core.settings import Settings
from mgreader.core.sheet import brief as sheet_brief
from mgreader.core.sheet import formats, journal_formats
from mgreader.core.sheet import lookup as sheet_lookup
from mgreader.core.sheet import rules as sheet
from mgreader.core.sheet import since as sheet_since
from mgreader.core.words import counted
from mgreader.ui.aloud import aloud_menu
from mgreader.ui.look import screen_fit
from mgreader.ui.look.dates import date_picker, from_qdate
from mgreader.ui.look.screen_fit import fit_to_screen
from mgreader.ui.sheet.sheet_pdf import add_images, honour_point_sizes, sheet_html, sheet_images

IdRole = Qt.ItemDataRole.UserRole + 1
WORSE = "What should I do if this gets worse?"
SUGGESTED_SETTING = "sheet_suggested_worse"
REFRESH_MS = 200
PREVIEW_WIDTH = 480  # beside the choices at large text: room for the preview's heading


class SheetDialog(QDialog):
    def __init__(
        self,
        store: Store,
        library: Library,
        disclaimer: Disclaimer,
        settings: Settings,
        parent: QWidget | None = None,
        rules: tuple[timing.TimingRule, ...] = (),
        session: JournalSession | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentSheetDialog")
        self.setWindowTitle("Appointment sheet")
        self.resize(1100, 760)  # fitted to the screen once built (fit_to_screen)
        self.store, self.disclaimer, self.settings = store, disclaimer, settings
        self.session = session or JournalSession(store.journal, date.today, rules)
        self.rules = self.session.rules
        self.lookup = sheet_lookup.LibraryLookup(library)
        self.include: set[str] = set()
        self.exclude: set[str] = set()
        self.content: sheet.SheetContent | None = None

        self.title = QLineEdit()
        self.title.setObjectName("sheetTitle")
        self.title.setPlaceholderText("e.g. Appointment with Dr. K, 3 March")
        self.about_me = QLineEdit(str(settings.get(sheet.ABOUT_ME_SETTING, "")))
        self.about_me.setObjectName("sheetAboutMe")
        self.about_me.setPlaceholderText("One line about you, e.g. Long COVID since 2022, mostly housebound")
        self.only_since = QCheckBox("Only what changed since")
        self.only_since.setObjectName("sheetOnlySince")
        self.since = date_picker("sheetSince", QDate.currentDate().addMonths(-3))  # never "1 12 2026"
        self.since.setEnabled(False)
        self.since_visit = QCheckBox("Since my last visit")
        self.since_visit.setObjectName("sheetSinceLastVisit")
        self.since_visit.setChecked(self._last_visit() is not None)
        self.taking = QCheckBox("I'm taking this to my appointment on")
        self.taking.setObjectName("sheetTakingToVisit")
        self.taking.setToolTip("When you print or save the sheet, the appointment is recorded as a visit.")
        self.visit_day = date_picker("sheetVisitDay")
        self.visit_with = QLineEdit()
        self.visit_with.setObjectName("sheetVisitWith")
        self.visit_with.setPlaceholderText("with whom, e.g. Dr. K")
        self.visit_with.setAccessibleName("The appointment is with")
        # "My illness in brief": remembered in the notes file, first on page 1.
        remembered = sheet_brief.load(store.journal)
        self.brief_fields: dict[str, QLineEdit] = {}
        brief_box = QGroupBox(sheet_brief.HEADING)
        brief_box.setObjectName("sheetBrief")
        brief_form = QFormLayout(brief_box)
        for key, label, hint in sheet_brief.FIELDS:
            field = QLineEdit(remembered.get(key, ""))
            field.setObjectName(f"sheetBrief_{key}")
            field.setPlaceholderText(hint)
            field.setAccessibleName(label)
            field.textChanged.connect(lambda _text: self._restart_timer())
            self.brief_fields[key] = field
            brief_form.addRow(label, field)
        self.everything = QCheckBox("Everything (not only what is marked for the appointment)")
        self.everything.setObjectName("sheetEverything")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("About me", self.about_me)
        since_row = QHBoxLayout()
        since_row.addWidget(self.only_since)
        since_row.addWidget(self.since, 1)
        form.addRow(since_row)
        form.addRow(self.since_visit)
        form.addRow(self.everything)
        visit_row = QHBoxLayout()
        visit_row.addWidget(self.taking)
        visit_row.addWidget(self.visit_day, 1)
        form.addRow(visit_row)
        form.addRow("With", self.visit_with)

        self.items = QListWidget()
        self.items.setObjectName("sheetItems")
        self.items.setAccessibleName("What goes on the sheet")
        self.items.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(brief_box)
        left_layout.addWidget(QLabel("Tick what goes on the sheet:"))
        left_layout.addWidget(self.items, 1)

        self.preview = QTextBrowser()
        self.preview.setObjectName("sheetPreview")
        self.preview.setAccessibleName("Preview of the sheet")
        self.preview.setOpenLinks(False)
        # The choices scroll inside their pane: at 195% text they are taller (and wider) than a laptop screen.
        choices = QScrollArea()
        choices.setObjectName("sheetChoices")
        choices.setWidgetResizable(True)
        choices.setFrameShape(QFrame.Shape.NoFrame)
        choices.setWidget(left)
        # Not a stop of its own for Tab (Orca heard a nameless pane before the Title field); it scrolls to
        # whichever field has the focus.
        choices.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(choices)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)

        self.status = QLabel("")
        self.status.setObjectName("sheetStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for name, text, slot in (
            ("sheetPrint", "Print...", self.print_sheet),
            ("sheetSavePdf", "Save as PDF...", lambda: self.save("pdf")),
            ("sheetSaveMarkdown", "Save as Markdown...", lambda: self.save("md")),
            ("sheetSaveHtml", "Save as HTML...", lambda: self.save("html")),
            ("sheetCopy", "Copy as text", self.copy_text),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # Suggested once ever: the question patients are told to ask and often forget.
        self.suggest = QPushButton(f"Add the question \u201c{WORSE}\u201d")
        self.suggest.setObjectName("sheetSuggestWorse")
        self.suggest.clicked.connect(self._add_worse)
        asked = any(WORSE.casefold() in (n.body + n.title).casefold() for n in store.notes(questions=True))
        self.suggest.setVisible(not asked and not settings.get(SUGGESTED_SETTING, False))
        if self.suggest.isVisible():
            settings.set(SUGGESTED_SETTING, True)
        buttons.addWidget(aloud_menu.add_button(self, "sheetReadAloud"))  # in reading order, tables by row
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        # On a row of its own: beside the others it made the dialog wider than the screen at large text.
        layout.addWidget(self.suggest, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        for field in (self.title, self.about_me):
            field.textChanged.connect(lambda _text: self._restart_timer())
        self.only_since.toggled.connect(self.since.setEnabled)
        self.only_since.toggled.connect(lambda _on: self.refresh(rebuild_ticks=True))
        self.since.dateChanged.connect(lambda _d: self.refresh(rebuild_ticks=True))
        self.everything.toggled.connect(lambda _on: self.refresh(rebuild_ticks=True))
        self.since_visit.toggled.connect(lambda _on: self.refresh())
        self.items.itemChanged.connect(self._ticked)
        self.refresh(rebuild_ticks=True)
        # The choices as wide as they need (no sideways scrolling), the preview beside them wide enough to
        # read, within the screen: at large text the dialog grows wider, to 90% of the screen at most.
        self.ensurePolished()  # measured in the style sheet's font, as it will be shown
        bar = choices.verticalScrollBar().sizeHint().width() + 2
        wanted = left.minimumSizeHint().width() + bar
        if wanted + PREVIEW_WIDTH > screen_fit.screen_of(self).availableGeometry().width():
            # Too wide for this screen at this text size: the dates go under their check boxes.
            for row in (since_row, visit_row):
                row.setDirection(QBoxLayout.Direction.TopToBottom)
            form.invalidate()  # each keeps its rows' old widths until told
            left_layout.invalidate()
            wanted = left.minimumSizeHint().width() + bar
        fit_to_screen(self, QSize(1100, 760), minimum_width=wanted + PREVIEW_WIDTH)  # 720 px: buttons seen
        choices.setMinimumWidth(min(wanted, self.width() * 2 // 3))
        split.setSizes([max(420, wanted), 680])

    # --------------------------------------------------------------------------------------- the content
    def options(self) -> sheet.SheetOptions:
        since = self.since.date().toPython() if self.only_since.isChecked() else None
        return sheet.SheetOptions(
            today=date.today(),
            title=self.title.text().strip(),
            about_me=self.about_me.text().strip(),
            since=since,  # type: ignore[arg-type]
            include_all=self.everything.isChecked(),
            include=frozenset(self.include),
            exclude=frozenset(self.exclude),
            since_last_visit=self.since_visit.isChecked(),
        )

    def refresh(self, rebuild_ticks: bool = False) -> None:
        self._timer.stop()
        self.settings.set(sheet.ABOUT_ME_SETTING, self.about_me.text().strip())
        try:
            typed = {key: field.text() for key, field in self.brief_fields.items()}
            if typed != sheet_brief.load(self.store.journal):
                sheet_brief.save(self.store.journal, typed)
        except MgReaderError as error:
            self.status.setText(f"\u201c{sheet_brief.HEADING}\u201d could not be saved: {error}")
        options = self.options()
        try:
            bookmarks, notes = self.store.all_bookmarks(), self.store.notes()
            selection = sheet.select(bookmarks, notes, options)
            content = sheet.compose(selection, options, self.lookup, self.disclaimer)
            self.content = sheet_since.attach(
                content, options, self.store.journal, notes, bookmarks, self.lookup, self.rules
            )
        except MgReaderError as error:
            self.status.setText(f"The sheet could not be made: {error}")
            return
        if rebuild_ticks:
            self._fill_items(bookmarks, notes, selection.ids)
        position = self.preview.verticalScrollBar().value()
        add_images(self.preview.document(), sheet_images(self.content))
        self.preview.setHtml(sheet_html(self.content))
        honour_point_sizes(self.preview.document())  # large-print headings, as in the PDF
        self.preview.verticalScrollBar().setValue(position)
        count = len(selection.bookmarks) + len(selection.questions) + len(selection.notes)
        self.status.setText(
            f"{counted(count, 'item')} on the sheet." if count
            else "Nothing is on the sheet yet: tick questions, passages or notes on the left."
        )  # fmt: skip

    def _fill_items(self, bookmarks: list, notes: list, chosen: frozenset[str]) -> None:  # type: ignore[type-arg]
        self.items.blockSignals(True)
        self.items.clear()
        for record_id, text in sheet.tick_labels(bookmarks, notes):
            item = QListWidgetItem(text)
            item.setData(IdRole, record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record_id in chosen else Qt.CheckState.Unchecked)
            self.items.addItem(item)
        self.items.blockSignals(False)

    def _ticked(self, item: QListWidgetItem) -> None:
        record_id = item.data(IdRole)
        on = item.checkState() == Qt.CheckState.Checked
        (self.include if on else self.exclude).add(record_id)
        (self.exclude if on else self.include).discard(record_id)
        self.refresh()

    # ----------------------------------------------------------------------------------- getting it out
    def save(self, kind: str, path: Path | None = None) -> bool:
        if self.content is None:
            return False
        if path is None:
            suffix = {"pdf": "PDF (*.pdf)", "md": "Markdown (*.md)", "html": "Web page (*.html)"}[kind]
            suggested = str(Path.home() / f"appointment.{kind}")
            name, _ = QFileDialog.getSaveFileName(self, "Save the sheet", suggested, suffix)
            if not name:
                return False
            path = Path(name)
        try:
            if kind == "pdf":
                from mgreader.ui.sheet.sheet_pdf import write_pdf

                pages = write_pdf(self.content, path)
                done = f"Saved {counted(pages, 'page')} to {path}."
            else:
                from mgreader.core.atomic import write_atomic

                chart = self.content.since.chart_png if self.content.since is not None else b""
                if kind == "md":
                    picture = journal_formats.chart_file(path) if chart else None
                    if picture is not None:
                        write_atomic(picture, chart)  # the Markdown names the picture beside it
                    text = formats.to_markdown(self.content, picture.name if picture else "")
                else:
                    text = formats.to_html(self.content)
                write_atomic(path, text.encode("utf-8"))
                done = f"Saved to {path}."
        except (OSError, MgReaderError) as error:
            self.status.setText(f"Not saved: {error}")
            return False
        self.status.setText(done + self._record_visit())
        return True

    def copy_text(self) -> None:
        if self.content is not None:
            QGuiApplication.clipboard().setText(formats.to_text(self.content))
            self.status.setText("Copied. Paste it into an e-mail or your patient portal.")

    def print_sheet(self) -> None:
        if self.content is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from mgreader.ui.sheet.sheet_pdf import paint_sheet

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            pages = paint_sheet(self.content, printer)
            sent = f"Sent {counted(pages, 'page')} to the printer."
            self.status.setText(sent + self._record_visit())

    def _restart_timer(self) -> None:
        self._timer.start()

    def _add_worse(self) -> None:
        from mgreader.core.session.notes import NotesSession

        session = NotesSession(self.store)
        try:
            done = session.add_note(WORSE)
            session.save_note_text(done.value.id, WORSE)
            session.set_question(done.value.id, True, "to_ask", "")
        except MgReaderError as error:
            self.status.setText(f"The question could not be added: {error}")
            return
        self.suggest.hide()
        self.refresh(rebuild_ticks=True)
        self.status.setText(f"Added the question \u201c{WORSE}\u201d. You can star it in the Notes tab.")

    # ------------------------------------------------------------------------------------------ visits
    def _last_visit(self) -> Visit | None:
        try:
            return self.store.journal.last_visit(before=date.today())
        except MgReaderError:
            return None

    def _record_visit(self) -> str:
        """With "I'm taking this to my appointment" ticked, the appointment becomes a visit (once)."""
        if not self.taking.isChecked():
            return ""
        day = self.visit_day.date().toPython()
        who = self.visit_with.text().strip()
        title = self.title.text().strip()
        try:
            for visit in self.store.journal.visits():
                if (visit.day, visit.with_whom, visit.title) == (day, who, title):
                    return ""  # saved as PDF and printed: still one visit
            self.session.record_visit(day, who, title)  # type: ignore[arg-type]
        except MgReaderError as error:
            return f" The visit was not recorded: {error}"
        return f" Recorded your appointment on {date_words(from_qdate(self.visit_day.date()))}."
