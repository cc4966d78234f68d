"""Typed text survives failed saves, switching notes, refreshes and closing the window."""

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

from mgreader.core.notes.store import StoreWriteError


def failing(store, monkeypatch, method: str):
    """Make ``store.method`` fail until the returned switch is flipped."""
    real = getattr(store, method)
    state = {"fail": True}

    def maybe(*args, **kwargs):
        if state["fail"]:
            raise StoreWriteError("Your notes could not be saved: the disk is full.")
        return real(*args, **kwargs)

    monkeypatch.setattr(store, method, maybe)
    return state


def test_switching_notes_while_saving_fails_keeps_the_text(make_window, qtbot, monkeypatch):
    window = make_window()
    panel = window.notes.notes_panel
    first = panel.new_note()
    broken = failing(window.notes.store, monkeypatch, "update_note")
    qtbot.keyClicks(panel.editor.edit, "Ask about ferritin")
    panel.new_note()  # leaving the first note while it cannot be saved
    assert panel.editor.edit.toPlainText() == ""
    panel.refresh_notes(select=first.id)
    assert panel.editor.edit.toPlainText() == "Ask about ferritin"
    assert panel.editor.status.text().startswith("Not saved")
    broken["fail"] = False
    assert panel.editor.save()
    assert window.notes.store.get_note(first.id).body == "Ask about ferritin"


def test_closing_with_unsaved_text_asks_and_hands_over_the_text(make_window, qtbot, monkeypatch, prompter):
    window = make_window()
    panel = window.notes.notes_panel
    panel.new_note()
    failing(window.notes.store, monkeypatch, "update_note")
    qtbot.keyClicks(panel.editor.edit, "Questions for March")
    prompter.close_unsaved = False
    window.close()
    assert window.isVisible()
    assert prompter.asked == ["close unsaved"]
    prompter.close_unsaved = True
    window.close()
    assert not window.isVisible()
    assert "Questions for March" in QApplication.clipboard().text()


def test_a_refresh_does_not_put_back_an_older_bookmark_note(make_window, qtbot):
    window = make_window()
    view = window.article_view
    start = view.toPlainText().index("Magnesium is a mineral.")
    window.notes.bookmark_span(start, start + len("Magnesium is a mineral."))
    editor = window.notes.notes_panel.editor
    qtbot.keyClicks(editor.edit, "first")
    editor.save()
    qtbot.keyClicks(editor.edit, " second")
    window.commands.zoom_in.trigger()  # redraws the page and refreshes the bookmark list
    assert editor.edit.toPlainText() == "first second"
    editor.save()
    assert window.notes.store.all_bookmarks()[0].note == "first second"


def answered_question(window):
    """A new note made a question marked answered, so that its answer field can be typed into."""
    panel = window.notes.notes_panel
    question = panel.new_note()
    panel.question.click()
    panel.question_state.setCurrentIndex(2)
    panel.question_state.activated.emit(2)
    return panel, question


def test_an_answer_being_typed_is_saved_when_another_note_is_opened(make_window, qtbot):
    window = make_window()
    panel, question = answered_question(window)
    qtbot.keyClicks(panel.answer, "Take it four hours apart")
    panel.new_note()
    assert window.notes.store.get_note(question.id).answer == "Take it four hours apart"


def test_an_answer_being_typed_is_saved_within_a_second_while_the_field_keeps_focus(make_window, qtbot):
    """Issue 11: the answer field was saved only on leaving it; a crash lost everything typed in it."""
    window = make_window()
    panel, question = answered_question(window)
    panel.answer.setFocus()
    qtbot.keyClicks(panel.answer, "Take it four hours apart")
    qtbot.waitUntil(lambda: window.notes.store.get_note(question.id).answer == "Take it four hours apart",
                    timeout=3000)  # fmt: skip
    assert panel.answer.text() == "Take it four hours apart"


def test_settings_of_the_wrong_kind_do_not_stop_the_app(make_window, tmp_path: Path):
    settings = tmp_path / "home" / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"zoom": "big", "positions": [1], "progress": "x", "geometry": 5,
                                    "last_article": 7, "splitter": "wide"}), encoding="utf-8")  # fmt: skip
    window = make_window()
    assert window.appearance.zoom == 0
    assert window.article.ref.id == "01-first-topic/01-welcome"


def test_settings_out_of_range_do_not_stop_the_app(make_window, tmp_path: Path):
    """Issue 11: values Qt cannot take (past a C int) used to crash every start."""
    settings = tmp_path / "home" / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"font": [], "theme": ["dark"], "splitter": [10**12, 10**12, 10**12],
                                    "positions": {"01-first-topic/01-welcome": 10**15}, "zoom": 10**20,
                                    "line_spacing": None}), encoding="utf-8")  # fmt: skip
    window = make_window()
    assert window.appearance.zoom == 0
    assert window.article.ref.id == "01-first-topic/01-welcome"
    assert all(0 < size < 100_000 for size in window.splitter.sizes())
    assert list(settings.parent.glob("settings.json.damaged-*"))
