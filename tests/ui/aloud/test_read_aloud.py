"""Read aloud in the article, with a fake engine (what is said, in which order) and Qt's mock engine (the real
QTextToSpeech path); and without any engine."""

from PySide6.QtCore import QRect

from mgreader.core.paths import AppPaths

from ..conftest import build_window
from .fake_speech import FakeEngine


def window_with(engine, qtbot, library_dir, tmp_path, prompter):
    paths = AppPaths.under(tmp_path / "h")
    paths.ensure()
    window = build_window(paths, library_dir, prompter, speech_engine=engine)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    return window


def read_to_the_end(engine, voice, most=500):
    for _ in range(most):
        if voice.state == "stopped":
            return
        engine.finish()
    raise AssertionError("still reading")


def shown(view, start, end) -> bool:
    """The span is inside the view's visible part."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    top = view.cursorRect(cursor)
    cursor.setPosition(end)
    bottom = view.cursorRect(cursor)
    visible = QRect(0, 0, view.viewport().width(), view.viewport().height())
    return visible.contains(top.topLeft()) and visible.contains(bottom.bottomLeft())


def test_sentence_by_sentence_in_order_marked_paused_and_stopped(qtbot, library_dir, tmp_path, prompter):
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    heard = []
    voice.sentence_changed.connect(lambda start, end: heard.append((start, end)))
    window.commands.read_aloud.trigger()
    assert window.commands.read_aloud.text() == "Pause reading"
    assert engine.said == ["Welcome to the fixture library"]
    engine.finish()
    assert engine.said[1].startswith("A small article used by the tests")
    start, end = heard[-1]
    assert window.article_view.page_text()[start:end] == engine.said[1]
    assert len(window.article_view.extraSelections()) == 1  # the sentence said is marked
    window.commands.read_aloud.trigger()
    assert voice.state == "paused" and engine.current == "Paused"
    window.commands.read_aloud.trigger()
    assert voice.state == "reading" and engine.current == "Speaking"
    window.commands.stop_reading.trigger()
    assert voice.state == "stopped"
    assert window.article_view.extraSelections() == []
    assert window.commands.read_aloud.text() == "&Read aloud"


def with_sources(library_dir):
    article = library_dir / "01-first-topic" / "04-with-sources.md"
    article.write_text(
        "---\ntitle: With sources\n---\n\nMagnesium matters.[^1] It is in nuts.\n\n"
        "| Food | Magnesium (mg) |\n|---|---|\n| Almonds | 80 |\n\n"
        "## Sources\n\n- Someone, A study of nuts, 2020.\n\n## After the sources\n\nStill read.\n\n"
        "[^1]: A footnote not to be said.\n",
        encoding="utf-8",
    )


def test_footnotes_their_numbers_sources_and_the_disclaimer_box_are_not_said(
    qtbot, library_dir, tmp_path, prompter
):
    with_sources(library_dir)
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    assert not window.commands.read_sources.isChecked()  # left out by default
    window.open_article("01-first-topic/04-with-sources")
    window.commands.read_aloud.trigger()
    voice = window.appearance.voice
    read_to_the_end(engine, voice)
    said = " | ".join(engine.said)
    assert "Magnesium matters. | It is in nuts." in said  # the footnote's number is not said
    assert "Almonds: Magnesium (mg) 80." in said  # a table row with its column's heading
    assert "Still read." in said
    for never in ("study of nuts", "Sources", "footnote not to be said", "Not medical advice", "↩"):
        assert never not in said


def test_sources_and_footnotes_read_when_asked_for_and_remembered(qtbot, library_dir, tmp_path, prompter):
    with_sources(library_dir)
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    window.open_article("01-first-topic/04-with-sources")
    window.commands.read_sources.setChecked(True)
    window.commands.read_aloud.trigger()
    read_to_the_end(engine, window.appearance.voice)
    said = " | ".join(engine.said)
    assert "Someone, A study of nuts, 2020." in said and "A footnote not to be said." in said
    assert "Not medical advice" not in said  # the box under every article, still not
    assert window.settings.get("read_sources") is True


def test_a_table_without_headings_is_read_cell_by_cell(qtbot):
    from PySide6.QtGui import QTextDocument

    from mgreader.ui.aloud.aloud_text import page_utterances

    document = QTextDocument()
    document.setHtml("<p>Before.</p><table><tr><td>Monday</td><td>tired</td></tr>"
                     "<tr><td>Tuesday</td><td>better</td></tr></table>")  # fmt: skip
    assert [u.text for u in page_utterances(document)] == ["Before.", "Monday, tired.", "Tuesday, better."]
    document.setHtml("<table><tr><th>Day</th><th>Energy</th></tr><tr><td>Monday</td><td>3</td></tr></table>")
    assert [u.text for u in page_utterances(document)] == ["Monday: Energy 3."]


def test_pictures_are_named_not_skipped(qtbot, library_dir, tmp_path, prompter):
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    window.commands.read_aloud.trigger()
    read_to_the_end(engine, window.appearance.voice)
    assert "Picture: A small square." in engine.said
    assert "A footnote with more detail." not in engine.said


def test_a_speed_change_says_the_same_sentence_again_at_the_new_speed(qtbot, library_dir, tmp_path, prompter):
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    window.commands.read_aloud.trigger()
    engine.finish()
    second = engine.said[-1]
    window.commands.read_faster.trigger()
    assert engine.rates == [0.2]
    assert engine.said[-2:] == [second, second]  # the same sentence, from its start, not the article
    assert voice.current_sentence() == second and voice.state == "reading"
    engine.finish()
    assert engine.said[-1] != second and len(engine.said) == 4  # then on, once
    # Paused: the new speed is used when reading goes on, for the sentence that was paused.
    window.commands.read_aloud.trigger()
    third = engine.said[-1]
    window.commands.read_slower.trigger()
    assert engine.rates == [0.2, 0.0] and engine.said[-1] == third and len(engine.said) == 4
    window.commands.read_aloud.trigger()
    assert engine.said[-1] == third and len(engine.said) == 5


def test_a_speed_change_with_an_engine_that_reports_the_stop_late(qtbot, library_dir, tmp_path, prompter):
    """speech-dispatcher says Ready for the dropped sentence later: that is not the end of the new one."""
    engine = FakeEngine(late_ready=True)
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    window.commands.read_aloud.trigger()
    qtbot.waitUntil(lambda: engine.current == "Speaking")
    first = engine.said[-1]
    window.commands.read_faster.trigger()
    window.commands.read_faster.trigger()
    qtbot.waitUntil(lambda: engine.current == "Speaking")
    assert engine.said == [first, first, first] and voice.current_sentence() == first
    engine.finish()
    qtbot.waitUntil(lambda: engine.current == "Speaking")
    assert len(engine.said) == 4 and engine.said[-1] != first


def test_the_sentence_said_is_kept_in_view(qtbot, library_dir, tmp_path, prompter):
    engine = FakeEngine()
    window = window_with(engine, qtbot, library_dir, tmp_path, prompter)
    window.resize(900, 500)
    window.open_article("01-first-topic/02-second", position=0)
    voice = window.appearance.voice
    view = window.article_view
    window.commands.read_aloud.trigger()
    for _ in range(60):  # well past the first screen
        engine.finish()
    start, end = (u := voice._reader.current()).start, u.end
    assert "Paragraph" in view.page_text()[start - 40 : end] and shown(view, start, end)
    assert view.verticalScrollBar().value() > 0
    window.commands.stop_reading.trigger()


def test_with_qts_mock_engine_reading_goes_on_by_itself(qtbot, library_dir, tmp_path, prompter):
    window = window_with("mock", qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    assert voice.available and window.commands.read_aloud.isEnabled()
    window.commands.read_aloud.trigger()
    first = voice.current_sentence()
    assert first == "Welcome to the fixture library"
    window.commands.read_faster.trigger()
    assert voice.current_sentence() == first and voice.rate == 0.2
    qtbot.waitUntil(lambda: voice.current_sentence() not in ("", first), timeout=5000)
    window.commands.stop_reading.trigger()
    assert voice.state == "stopped"


def test_without_a_speech_engine_the_actions_say_what_to_install(qtbot, library_dir, tmp_path, prompter):
    window = window_with("no-such-engine", qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    assert not voice.available
    for action in (window.commands.read_aloud, window.commands.read_faster):
        assert not action.isEnabled()
        assert "speech-dispatcher" in action.toolTip()
    window.commands.read_aloud.trigger()  # nothing happens, nothing fails
    window.open_article("01-first-topic/02-second")
    assert "A table of numbers" in window.article_view.toPlainText()
