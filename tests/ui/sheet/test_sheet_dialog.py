"""The appointment sheet from the window: defaults, ticks, the preview, saving and copying."""

import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mgreader.ui.sheet.sheet_dialog import SheetDialog


def prepare(window, qtbot):
    """A flagged passage with a note, a question to ask, an answered question and a plain note."""
    notes = window.notes
    view = window.article_view
    start = view.toPlainText().index("Magnesium is a mineral.")
    notes.bookmark_span(start, start + len("Magnesium is a mineral."))
    panel = notes.notes_panel
    panel.include.click()
    panel.editor.edit.setPlainText("Does this explain my cramps?")
    panel.editor.save()
    store = notes.store
    store.add_note("Ask about ferritin", "Ask about ferritin", is_question=True)
    old = store.add_note("Old question", "Old question", is_question=True)
    store.update_note(old.id, question_state="answered", answer="Yes")
    store.add_note("Diary", "Slept badly all week")


def open_dialog(window, qtbot) -> SheetDialog:
    from mgreader.core.sheet import rules as sheet

    window.notes.flush()
    disclaimer = window.loader.composer.disclaimer
    dialog = SheetDialog(window.notes.store, window.library, disclaimer, window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "appointmentSheetDialog"
    assert isinstance(dialog.content, sheet.SheetContent)
    return dialog


def ticked(dialog) -> dict[str, bool]:
    items = [dialog.items.item(n) for n in range(dialog.items.count())]
    return {i.text(): i.checkState() == Qt.CheckState.Checked for i in items}


def test_defaults_are_flagged_passages_and_questions_to_ask(make_window, qtbot):
    window = make_window()
    prepare(window, qtbot)
    dialog = open_dialog(window, qtbot)
    preview = dialog.preview.toPlainText()
    assert "Ask about ferritin" in preview
    assert "Magnesium is a mineral." in preview
    assert "Does this explain my cramps?" in preview
    assert "Not medical advice" in preview
    assert "Old question" not in preview
    assert "Slept badly" not in preview
    assert ticked(dialog)["Note: Diary"] is False


def test_ticks_title_and_about_me_change_the_sheet_and_about_me_is_remembered(make_window, qtbot):
    window = make_window()
    prepare(window, qtbot)
    dialog = open_dialog(window, qtbot)
    diary = next(
        dialog.items.item(n)
        for n in range(dialog.items.count())
        if dialog.items.item(n).text() == "Note: Diary"
    )
    diary.setCheckState(Qt.CheckState.Checked)
    assert "Slept badly all week" in dialog.preview.toPlainText()
    qtbot.keyClicks(dialog.title, "Appointment with Dr. K, 3 March")
    qtbot.keyClicks(dialog.about_me, "Long COVID since 2022")
    dialog.refresh()
    text = dialog.preview.toPlainText()
    assert "Appointment with Dr. K, 3 March" in text
    assert "Long COVID since 2022" in text
    assert window.settings.get("sheet_about_me") == "Long COVID since 2022"
    again = open_dialog(window, qtbot)
    assert again.about_me.text() == "Long COVID since 2022"


def test_save_markdown_html_pdf_and_copy(make_window, qtbot, tmp_path: Path):
    window = make_window()
    prepare(window, qtbot)
    dialog = open_dialog(window, qtbot)
    assert dialog.save("md", tmp_path / "sheet.md")
    assert dialog.save("html", tmp_path / "sheet.html")
    assert "Ask about ferritin" in (tmp_path / "sheet.md").read_text(encoding="utf-8")
    assert "Does this explain my cramps?" in (tmp_path / "sheet.html").read_text(encoding="utf-8")
    assert dialog.save("pdf", tmp_path / "sheet.pdf")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed; ./dev test installs it"
    text = subprocess.run([pdftotext, str(tmp_path / "sheet.pdf"), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip
    assert "Ask about ferritin" in text
    assert "Magnesium is a mineral." in text
    assert "Page 1 of" in text
    dialog.copy_text()
    copied = QApplication.clipboard().text()
    assert "Ask about ferritin" in copied
    assert "<" not in copied
    assert not dialog.save("md", tmp_path / "missing-folder" / "sheet.md")
    assert dialog.status.text().startswith("Not saved")
