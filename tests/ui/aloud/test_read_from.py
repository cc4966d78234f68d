"""Read aloud from anywhere: a bookmark, a note, a search result and the appointment sheet, from their
context menus, from the keyboard (Ctrl+R where the item is) and the sheet's button; what is said, in order."""

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QPushButton

from mgreader.core.journal.model import Medicine
from mgreader.core.session.journal import JournalSession
from mgreader.ui.aloud import aloud_menu

from ..search.test_search import search, wait_for_index
from ..sheet.test_sheet_dialog import open_dialog
from .fake_speech import FakeEngine
from .test_read_aloud import shown

PASSAGE = "Paragraph 30 of the long section."


def speaking_window(make_window, engine=None):
    window = make_window()
    window.appearance.speech_engine = engine if engine is not None else FakeEngine()  # before first use
    return window, window.appearance.speech_engine


def choose_from_menu(qtbot, view, row: int) -> QMenu:
    """Open the list's context menu on ``row`` and choose "Read aloud from here"; the menu, as it was."""
    seen = []

    def choose() -> None:
        menu = view.findChild(QMenu, "readAloudMenu")
        seen.append(menu)
        action = next(a for a in menu.actions() if a.objectName() == "contextReadAloud")
        seen.append((action.text(), action.isEnabled(), action.toolTip()))
        menu.close()
        if action.isEnabled():
            action.trigger()

    QTimer.singleShot(0, choose)
    point = view.visualRect(view.model().index(row, 0)).center()
    view.customContextMenuRequested.emit(point)
    qtbot.waitUntil(lambda: len(seen) == 2)
    return seen[1]


def bookmark_passage(window, article="01-first-topic/02-second", text=PASSAGE):
    window.open_article(article)
    start = window.article_view.page_text().index(text)
    window.notes.bookmark_span(start, start + len(text))


def test_from_a_bookmark_its_passage_then_on_through_the_article(make_window, qtbot):
    window, engine = speaking_window(make_window)
    bookmark_passage(window)
    window.open_article("01-first-topic/01-welcome")  # elsewhere; the bookmarks of all articles shown
    panel = window.notes.notes_panel
    panel.scope.setCurrentIndex(1)
    text, enabled, _tip = choose_from_menu(qtbot, panel.bookmark_list, 0)
    assert (text, enabled) == ("Read aloud from here", True)
    assert window.article.ref.id == "01-first-topic/02-second"
    assert engine.said == [PASSAGE]
    engine.finish()
    assert engine.said[-1].startswith("It has enough words")
    engine.finish()
    assert engine.said[-1] == "Paragraph 31 of the long section."
    voice = window.appearance.voice
    current = voice._reader.current()
    assert shown(window.article_view, current.start, current.end)


def test_from_a_bookmark_with_the_keyboard_ctrl_r_in_the_list(make_window, qtbot):
    window, engine = speaking_window(make_window)
    bookmark_passage(window, text="It has enough words to fill a line")  # mid-sentence: from there
    panel = window.notes.notes_panel
    panel.bookmark_list.setFocus()
    panel.bookmark_list.setCurrentIndex(panel.model.index(0))
    qtbot.waitUntil(panel.bookmark_list.hasFocus)
    qtbot.keyClick(panel.bookmark_list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert engine.said[0].startswith("It has enough words to fill a line or two on screen")


def test_the_context_menu_key_opens_the_entry_on_the_current_bookmark(make_window, qtbot):
    window, engine = speaking_window(make_window)
    bookmark_passage(window)
    panel = window.notes.notes_panel
    view = panel.bookmark_list
    view.setFocus()
    view.setCurrentIndex(panel.model.index(0))
    qtbot.waitUntil(view.hasFocus)
    chosen = []

    def choose() -> None:
        menu = view.findChild(QMenu, "readAloudMenu")
        if menu is None or not menu.isVisible():
            QTimer.singleShot(10, choose)  # not open yet
            return
        chosen.append(menu)
        menu.close()
        menu.actions()[0].trigger()

    QTimer.singleShot(0, choose)
    # What Qt sends the focused widget for the context-menu key or Shift+F10: at the current item.
    from PySide6.QtGui import QContextMenuEvent

    point = view.visualRect(view.currentIndex()).center()
    key = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, point, view.mapToGlobal(point))
    QApplication.sendEvent(view, key)
    qtbot.waitUntil(lambda: bool(chosen), timeout=3000)
    assert engine.said == [PASSAGE]


def test_a_note_its_text_in_the_editor_marked_there(make_window, qtbot):
    window, engine = speaking_window(make_window)
    panel = window.notes.notes_panel
    note = panel.new_note()
    panel.editor.edit.setPlainText("Ask about ferritin. Then ask about sleep!\nAnd the cramps")
    panel.editor.save()
    panel.refresh_notes(select=note.id)
    row = next(n for n in range(panel.note_list.count()) if "ferritin" in panel.note_list.item(n).text())
    _text, enabled, _tip = choose_from_menu(qtbot, panel.note_list, row)
    assert enabled
    edit = panel.editor.edit
    assert engine.said == ["Ask about ferritin."]
    assert len(edit.extraSelections()) == 1
    engine.finish()
    engine.finish()
    assert engine.said == ["Ask about ferritin.", "Then ask about sleep!", "And the cramps"]
    assert edit.textCursor().position() == edit.toPlainText().index("And the cramps")
    qtbot.keyClicks(edit, " too")  # typing in it: the places read are gone
    assert window.appearance.voice.state == "stopped" and edit.extraSelections() == []


def test_a_search_result_reads_the_article_from_the_results_place(make_window, qtbot):
    window, engine = speaking_window(make_window)
    wait_for_index(window, qtbot)
    hits = search(window, qtbot, '"Paragraph 42 of"')
    row = next(n for n, hit in enumerate(hits) if hit.article_id == "01-first-topic/02-second")
    view = window.searching.search_panel.results
    choose_from_menu(qtbot, view, row)
    assert engine.said[0] == "Paragraph 42 of the long section."
    engine.finish()
    assert engine.said[1].startswith("It has enough words")
    # From the keyboard too: Ctrl+R on the result.
    window.commands.stop_reading.trigger()
    view.setFocus()
    view.setCurrentIndex(view.model().index(row))
    window.activateWindow()  # the context menu had it
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    window.commands.read_aloud.trigger()
    assert engine.said[-1] == "Paragraph 42 of the long section."


def sheet_with_new_sections(window):
    """A visit a fortnight ago, check-ins since, a starred question and my illness in brief."""
    store = window.notes.store
    session = JournalSession(store.journal, date.today)
    session.record_visit(date.today() - timedelta(days=15), "Dr. K", "Check-up")
    for days in (10, 5, 2):
        session.check_in(date.today() - timedelta(days=days), 3 + days % 3, (), days == 5, "")
    question = store.add_note("Can I take it with iron?", "Can I take it with iron?", is_question=True)
    store.update_note(question.id, starred=True)
    glycinate = Medicine("", "Magnesium glycinate", "tablet", 1, "tablet", 2, 1, "with food", None, None,
                         100, None, "", "")  # fmt: skip
    session.add_medicine(glycinate)


def test_the_sheet_read_in_its_order_tables_by_row_the_chart_said(make_window, qtbot):
    window, engine = speaking_window(make_window)
    sheet_with_new_sections(window)
    dialog = open_dialog(window, qtbot)
    dialog.brief_fields[next(iter(dialog.brief_fields))].setText("Mostly in bed by noon")
    dialog.since_visit.setChecked(True)
    dialog.refresh()
    dialog.show()
    button = dialog.findChild(QPushButton, "sheetReadAloud")
    assert button.isEnabled() and button.accessibleName() == "Read aloud"
    button.click()
    assert button.text() == "Pause reading"
    voice = window.appearance.voice
    for _ in range(400):
        if voice.state == "stopped":
            break
        engine.finish()
    said = engine.said
    text = " | ".join(said)

    def first(words: str) -> int:
        return next(n for n, line in enumerate(said) if words in line)

    assert "with Dr. K" in text and "1." not in said  # not cut at a title nor at a list number
    assert first("My illness in brief") < first("Mostly in bed by noon") < first("Can I take it with iron?")
    assert first("Can I take it with iron?") < first("Since my last visit")
    assert first("Can I take it with iron?") < first("Magnesium glycinate")  # my medicines, said too
    assert "200 mg" in text, "the day's magnesium total is said"
    assert "Picture: Chart of my ratings" in text  # the chart, said, not skipped
    row = said[first("Picture: Chart") :]
    assert any("Energy" in line and ":" in line for line in row)  # the week table, row by row with headings
    assert "Not medical advice" in text  # the sheet's disclaimer is part of what the clinician reads
    assert button.text() == "&Read aloud"


def test_the_sheet_button_pauses_and_the_sentence_is_kept_in_view(make_window, qtbot):
    window, engine = speaking_window(make_window)
    sheet_with_new_sections(window)
    dialog = open_dialog(window, qtbot)
    dialog.show()
    dialog.resize(900, 420)  # the sheet is longer than its preview
    button = dialog.findChild(QPushButton, "sheetReadAloud")
    button.click()
    voice = window.appearance.voice
    for _ in range(len(voice._reader.utterances) - 2):  # to the disclaimer at the end
        engine.finish()
    current = voice._reader.current()
    assert shown(dialog.preview, current.start, current.end)
    assert dialog.preview.verticalScrollBar().value() > 0
    assert len(dialog.preview.extraSelections()) == 1
    button.click()
    assert voice.state == "paused" and button.text() == "Go on reading"
    button.click()
    assert voice.state == "reading"
    dialog.accept()
    assert voice.state == "stopped"


def test_without_an_engine_the_entries_are_disabled_and_say_what_to_install(make_window, qtbot):
    window, _engine = speaking_window(make_window, "no-such-engine")
    bookmark_passage(window)
    panel = window.notes.notes_panel
    _text, enabled, tip = choose_from_menu(qtbot, panel.bookmark_list, 0)
    assert not enabled and "speech-dispatcher" in tip
    dialog = open_dialog(window, qtbot)
    button = dialog.findChild(QPushButton, "sheetReadAloud")
    assert not button.isEnabled() and "speech-dispatcher" in button.toolTip()


def test_the_sheet_asks_for_the_engine_only_when_read_aloud_is_pressed(make_window, qtbot):
    window, _engine = speaking_window(make_window, "no-such-engine")
    dialog = open_dialog(window, qtbot)
    assert not window.appearance.voice_made()  # opening the sheet starts no speech daemon
    button = dialog.findChild(QPushButton, "sheetReadAloud")
    assert button.isEnabled()
    button.click()
    assert not button.isEnabled() and "speech-dispatcher" in button.toolTip()
    assert "speech-dispatcher" in dialog.status.text()


def test_a_list_outside_a_window_offers_the_entry_disabled(qtbot):
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    view = QListView()
    qtbot.addWidget(view)
    view.setModel(QStringListModel(["one"]))
    aloud_menu.add_entry(view, "note", lambda index: index.data())
    menu = aloud_menu.menu_for(view, "note", lambda index: index.data(), QPoint(1, 1))
    action = menu.actions()[0]
    assert not action.isEnabled() and action.toolTip() == aloud_menu.NO_WINDOW


def test_an_empty_note_says_so_and_what_was_read_goes_on(make_window, qtbot):
    window, engine = speaking_window(make_window)
    panel = window.notes.notes_panel
    note = panel.new_note()
    window.article_view.setFocus()
    window.commands.read_aloud.trigger()  # the article
    assert engine.said == ["Welcome to the fixture library"]
    window.read_from.read("note", note.id)
    assert "nothing to read" in window.statusBar().currentMessage()
    assert window.appearance.voice.state == "reading" and len(window.article_view.extraSelections()) == 1
