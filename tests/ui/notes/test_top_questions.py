"""Top questions (issue 19): starred in the Notes tab, first on the sheet; a fourth star gives a hint."""

from __future__ import annotations

from mgreader.ui.notes.notes_tab import STAR_HINT
from mgreader.ui.sheet.sheet_dialog import WORSE, SheetDialog


def add_question(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    panel = window.notes.notes_panel
    panel.new_note()
    qtbot.keyClicks(panel.editor.edit, text)
    panel.editor.save()
    panel.question.click()


def test_star_four_questions_hint_and_the_sheet_puts_the_first_three_on_top(make_window, qtbot):
    window = make_window()
    panel = window.notes.notes_panel
    tab = panel.notes_tab
    for n in range(1, 6):
        add_question(window, qtbot, f"Question {n}?")
    assert not tab.starred.isChecked() and tab.starred.isEnabled()
    for n in (1, 3, 4, 5):  # newest first in the list: row 0 is question 5
        tab.note_list.setCurrentRow(5 - n)
        tab.starred.click()
        if n != 5:
            assert STAR_HINT.format(count=4) != panel.editor.status.text()
    assert panel.editor.status.text() == STAR_HINT.format(count=4)
    assert "\u2605 top question" in tab.note_list.item(0).text()
    store = window.notes.store
    assert sorted(n.body for n in store.notes() if n.starred) == ["Question 1?", "Question 3?", "Question 4?",
                                                                  "Question 5?"]  # fmt: skip

    dialog = SheetDialog(store, window.library, window.loader.composer.disclaimer, window.settings, window)
    qtbot.addWidget(dialog)
    text = dialog.preview.toPlainText()
    top, rest = text.index("My top questions"), text.index("My other questions")
    assert top < text.index("Question 1?") < text.index("Question 3?") < text.index("Question 4?") < rest
    assert rest < text.index("Question 5?") and rest < text.index("Question 2?")

    # Suggested once: the question about getting worse, added as a question to ask.
    assert dialog.suggest.isVisibleTo(dialog)  # the first time only
    dialog.suggest.click()
    assert WORSE in dialog.preview.toPlainText()
    assert [n.question_state for n in store.notes() if n.body == WORSE] == ["to_ask"]
    again = SheetDialog(store, window.library, window.loader.composer.disclaimer, window.settings, window)
    qtbot.addWidget(again)
    assert not again.suggest.isVisibleTo(again)


def test_the_brief_is_typed_once_and_remembered(make_window, qtbot):
    window = make_window()
    store = window.notes.store
    dialog = SheetDialog(store, window.library, window.loader.composer.disclaimer, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.brief_fields["good_day"].setText("Up for 4 hours")
    dialog.brief_fields["with_me"].setText("My partner")
    dialog.refresh()
    preview = dialog.preview.toPlainText()
    assert preview.index("My illness in brief") < preview.index("A good day: Up for 4 hours")
    again = SheetDialog(store, window.library, window.loader.composer.disclaimer, window.settings, window)
    qtbot.addWidget(again)
    assert again.brief_fields["with_me"].text() == "My partner"
