"""End to end through mgreader.main, the way a reader meets the app: first launch, reading, relaunch."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

import mgreader
from mgreader.ui.main_window import MainWindow

Step = Callable[[], bool]


def top_level(name: str):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def run_app(argv: list[str], script: Callable[[], Iterator[Step]]) -> int:
    """Run mgreader.main while ``script`` drives it: the script yields conditions to wait for, and the
    next part runs once a condition holds (checked on a timer inside the app's own event loop)."""
    steps = script()
    waiting: list[Step] = [lambda: True]
    failure: list[BaseException] = []
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        try:
            if waiting[0]():
                waiting[0] = next(steps)
        except StopIteration:
            timer.stop()
        except BaseException as error:  # report it after main() returns, and let the app end
            failure.append(error)
            timer.stop()
            for widget in QApplication.topLevelWidgets():
                widget.close()

    timer.timeout.connect(tick)
    timer.start()
    code = mgreader.main(argv)
    timer.stop()
    if failure:
        raise failure[0]
    return code


@pytest.mark.usefixtures("qapp")
def test_first_launch_read_follow_back_and_relaunch(tmp_path: Path, library_dir: Path):
    home = tmp_path / "home"
    argv = ["--home", str(home), "--content", str(library_dir)]
    seen: dict[str, object] = {}

    def first_launch() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        dialog = top_level("disclaimerDialog")
        assert isinstance(dialog, QDialog)
        assert dialog.isModal()
        assert top_level("mainWindow") is None, "no article before the disclaimer is acknowledged"
        dialog.findChild(QPushButton, "acceptDisclaimer").click()

        yield lambda: top_level("mainWindow") is not None
        window = top_level("mainWindow")
        assert isinstance(window, MainWindow)
        window.open_article("01-first-topic/01-welcome")
        assert "Not medical advice" in window.article_view.toPlainText()
        window.follow_link("02-second.md#a-table-of-numbers")
        assert window.article.ref.id == "01-first-topic/02-second"
        assert "Not medical advice" in window.article_view.toPlainText()
        window.commands.back.trigger()
        assert window.article.ref.id == "01-first-topic/01-welcome"
        window.follow_link("02-second.md")
        seen["article"] = window.article.ref.id
        window.commands.quit.trigger()

    assert run_app(argv, first_launch) == 0

    def relaunch() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None
        assert top_level("disclaimerDialog") is None
        window = top_level("mainWindow")
        seen["relaunched"] = window.article.ref.id
        window.close()

    assert run_app(argv, relaunch) == 0
    assert seen["relaunched"] == seen["article"] == "01-first-topic/02-second"


@pytest.mark.usefixtures("qapp")
def test_declining_the_disclaimer_quits_without_reading(tmp_path: Path, library_dir: Path):
    def decline() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        top_level("disclaimerDialog").findChild(QPushButton, "declineDisclaimer").click()

    assert run_app(["--home", str(tmp_path / "h"), "--content", str(library_dir)], decline) == 0
    assert top_level("mainWindow") is None


@pytest.mark.usefixtures("qapp")
def test_a_changed_disclaimer_is_shown_again(tmp_path: Path, library_dir: Path):
    home = tmp_path / "home"
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"disclaimer_version": "an-older-version"}', encoding="utf-8")
    shown: list[bool] = []

    def script() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        shown.append(True)
        top_level("disclaimerDialog").findChild(QPushButton, "acceptDisclaimer").click()
        yield lambda: top_level("mainWindow") is not None
        top_level("mainWindow").close()

    assert run_app(["--home", str(home), "--content", str(library_dir)], script) == 0
    assert shown == [True]


@pytest.mark.usefixtures("qapp")
def test_bookmark_and_note_survive_restarts_and_article_edits(tmp_path: Path, library_dir: Path):
    """Select a passage, Ctrl+D, type a note, quit; relaunch: still highlighted with the exact note. Edit the
    article around and inside the passage: still found. Delete it: kept, shown as not found, note intact."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    home = tmp_path / "home"
    argv = ["--home", str(home), "--content", str(library_dir)]
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    from mgreader.core import disclaimer
    from mgreader.core.paths import bundled_dir

    version = disclaimer.load(bundled_dir("resources")).version
    settings.write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    passage = "This is the first paragraph of the welcome article."
    note_typed, note_composed = "Ask Dr K: is this why I feel weak? (2 questions, ", "ünïcode ok)"
    note = note_typed + note_composed
    seen: dict[str, object] = {}

    def highlights(window) -> list[str]:
        return window.article_view.highlighted_texts()

    def first_session() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None
        window = top_level("mainWindow")
        window.activateWindow()
        yield window.isActiveWindow
        view = window.article_view
        start = view.toPlainText().index(passage)
        cursor = view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(passage), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        view.setFocus()
        QTest.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert highlights(window) == [passage]
        QTest.keyClick(
            view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
        editor = window.notes.notes_panel.editor.edit
        assert editor.hasFocus()
        QTest.keyClicks(editor, note_typed)
        editor.insertPlainText(
            note_composed
        )  # QTest types ASCII only; accented letters come as input-method text
        seen["start"] = start
        window.close()  # closing at once: the note must be saved by the close, not by the timer

    assert run_app(argv, first_session) == 0

    def check_session(expect_found: bool) -> Callable[[], Iterator[Step]]:
        def script() -> Iterator[Step]:
            yield lambda: top_level("mainWindow") is not None
            window = top_level("mainWindow")
            rows = window.notes.notes_panel.model.rows
            assert len(rows) == 1
            assert rows[0].bookmark.note == note
            if expect_found:
                assert highlights(window) == [seen.get("quote", passage)]
            else:
                assert highlights(window) == []
                assert rows[0].missing
                text = window.notes.notes_panel.model.index(0).data()
                assert text.startswith("Passage not found")
                assert seen["quote"] in text
            seen["highlight_at"] = [start for start, _ in window.article_view.highlighted_spans()]
            window.close()

        return script

    assert run_app(argv, check_session(True)) == 0
    assert seen["highlight_at"] == [seen["start"]]

    article = library_dir / "01-first-topic" / "01-welcome.md"
    text = article.read_text(encoding="utf-8")
    edited = "This is the first paragraph of the welcome page."
    text = text.replace(passage, "An introduction written later.\n\n" + edited)
    article.write_text(text, encoding="utf-8")
    seen["quote"] = edited
    assert run_app(argv, check_session(True)) == 0

    article.write_text(text.replace(edited, "Something else entirely."), encoding="utf-8")
    assert run_app(argv, check_session(False)) == 0


@pytest.mark.usefixtures("qapp")
def test_a_damaged_notes_file_is_moved_aside_and_the_last_backup_restored(tmp_path: Path, library_dir: Path):
    """Write notes, quit (a backup is made), damage the notes file, relaunch: the reader is told what
    happened, the notes from the backup are there, and the damaged bytes are kept beside it."""
    from mgreader.core import disclaimer
    from mgreader.core.paths import bundled_dir

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    argv = ["--home", str(home), "--content", str(library_dir)]

    def write_notes() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None
        window = top_level("mainWindow")
        notes = window.notes
        notes.bookmark_span(*_span(window, "Magnesium is a mineral."))
        notes.notes_panel.new_note()
        notes.notes_panel.editor.edit.setPlainText("Ask about ferritin")
        window.close()

    assert run_app(argv, write_notes) == 0
    store_file = home / "data" / "notes.sqlite3"
    assert list((home / "data" / "backups").glob("notes-*.sqlite3")), "quitting made a backup"
    garbage = b"\x00garbage" * 4000
    store_file.write_bytes(garbage)
    told: list[str] = []

    def relaunch() -> Iterator[Step]:
        yield lambda: top_level("informationMessage") is not None
        box = top_level("informationMessage")
        told.append(box.text())
        box.accept()
        window = top_level("mainWindow")
        notes = window.notes
        assert [b.quote for b in notes.store.all_bookmarks()] == ["Magnesium is a mineral."]
        assert [n.body for n in notes.store.notes()] == ["Ask about ferritin"]
        assert window.article_view.highlighted_texts() == ["Magnesium is a mineral."]
        window.close()

    assert run_app(argv, relaunch) == 0
    aside = list((home / "data").glob("notes.sqlite3.damaged-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == garbage
    assert "damaged" in told[0].lower()
    assert str(aside[0]) in told[0]


def _span(window, phrase: str) -> tuple[int, int]:
    start = window.article_view.toPlainText().index(phrase)
    return start, start + len(phrase)


@pytest.mark.usefixtures("qapp")
def test_appointment_sheet_from_the_window_and_from_the_command_line_agree(tmp_path: Path, library_dir: Path):
    import io
    import shutil
    import subprocess

    from mgreader.cli import export as cli_export
    from mgreader.core import disclaimer
    from mgreader.core.paths import AppPaths, bundled_dir

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(f'{{"disclaimer_version": "{version}"}}', encoding="utf-8")
    argv = ["--home", str(home), "--content", str(library_dir)]
    saved = tmp_path / "from-window"

    def script() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None
        window = top_level("mainWindow")
        notes = window.notes
        notes.bookmark_span(*_span(window, "Magnesium is a mineral."))
        panel = notes.notes_panel
        panel.include.click()
        panel.new_note()
        panel.editor.edit.setPlainText("Could this explain my cramps?")
        panel.question.click()
        window.commands.appointment_sheet.trigger()  # the dialog is modal: the next step runs inside it

    def in_dialog() -> None:
        dialog = top_level("appointmentSheetDialog")
        assert dialog is not None
        assert dialog.save("pdf", saved.with_suffix(".pdf"))
        assert dialog.save("md", saved.with_suffix(".md"))
        dialog.accept()
        top_level("mainWindow").close()

    def run_dialog_step() -> None:
        if top_level("appointmentSheetDialog") is None:
            QTimer.singleShot(10, run_dialog_step)
        else:
            in_dialog()

    QTimer.singleShot(50, run_dialog_step)
    assert run_app(argv, script) == 0

    markdown = saved.with_suffix(".md").read_text(encoding="utf-8")
    assert "Could this explain my cramps?" in markdown
    assert "Magnesium is a mineral." in markdown
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed; ./dev test installs it"
    command = [pdftotext, str(saved.with_suffix(".pdf")), "-"]
    pdf_text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert "Could this explain my cramps?" in pdf_text
    assert "Not medical advice" in pdf_text

    out, err = io.StringIO(), io.StringIO()
    cli_md = tmp_path / "from-cli.md"
    code = cli_export.run(["--sheet", "--format", "md", "-o", str(cli_md), "--content", str(library_dir)],
                          AppPaths.under(home), out, err)  # fmt: skip
    assert code == 0, err.getvalue()
    assert cli_md.read_text(encoding="utf-8") == markdown


@pytest.mark.usefixtures("qapp")
def test_keyboard_only_tree_article_bookmark_note_and_sheet(tmp_path: Path, library_dir: Path):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    home = tmp_path / "home"
    argv = ["--home", str(home), "--content", str(library_dir)]
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    seen: dict[str, object] = {}

    def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(QApplication.focusWidget(), key, modifiers)

    def sheet_step() -> None:
        dialog = top_level("appointmentSheetDialog")
        if dialog is None:
            QTimer.singleShot(10, sheet_step)
            return
        seen["sheet"] = dialog.preview.toPlainText()
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)  # Escape closes the dialog
        if dialog.isVisible():
            dialog.reject()  # so a failing test ends instead of waiting; the assertion below reports it
            seen["escape_failed"] = True

    def script() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        press(Qt.Key.Key_Return)  # "I understand" is the default button
        yield lambda: top_level("mainWindow") is not None and top_level("mainWindow").isActiveWindow()
        window = top_level("mainWindow")
        yield lambda: window.notes.notes_panel is not None
        press(Qt.Key.Key_L, ctrl)  # to the filter
        assert QApplication.focusWidget() is window.topic_filter
        QTest.keyClicks(window.topic_filter, "second article")
        press(Qt.Key.Key_Return)  # opens the first match; focus goes to the tree
        assert window.article.ref.id == "01-first-topic/02-second"
        # As a reader does, wait for the article if it says "Preparing..." (formatted by the render worker,
        # which may take a moment on a busy machine): a bookmark made meanwhile is refused.
        yield lambda: not window.article.pending
        assert QApplication.focusWidget() is window.topic_tree
        press(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is window.article_view
        for _ in range(6):
            press(Qt.Key.Key_Down)  # the caret to the table and the first paragraphs
        press(Qt.Key.Key_D, ctrl)  # bookmarks the paragraph at the caret
        (bookmark,) = window.notes.store.all_bookmarks()
        press(Qt.Key.Key_N, ctrl | shift)  # a note on that bookmark
        assert QApplication.focusWidget() is window.notes.notes_panel.editor.edit
        QTest.keyClicks(QApplication.focusWidget(), "Typed without a mouse")
        window.notes.notes_panel.include.setFocus()
        press(Qt.Key.Key_Space)  # "For my appointment"
        QTimer.singleShot(0, sheet_step)
        press(Qt.Key.Key_P, ctrl)  # the sheet dialog (modal); sheet_step reads it and presses Escape
        seen["quote"] = window.notes.store.get_bookmark(bookmark.id)
        window.close()

    assert run_app(argv, script) == 0
    assert seen["quote"].note == "Typed without a mouse"
    assert seen["quote"].include_in_sheet
    assert "Typed without a mouse" in seen["sheet"]
    assert "escape_failed" not in seen
