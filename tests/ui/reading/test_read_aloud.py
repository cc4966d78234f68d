"""Read aloud with Qt's mock speech engine: sentence by sentence, marked, paused, stopped; and without one."""

from mgreader.core.paths import AppPaths

from ..conftest import build_window


def window_with(engine: str, qtbot, library_dir, tmp_path, prompter):
    paths = AppPaths.under(tmp_path / "h")
    paths.ensure()
    window = build_window(paths, library_dir, prompter, speech_engine=engine)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    return window


def test_reads_sentence_by_sentence_marks_the_one_read_and_can_pause_and_stop(
    qtbot, library_dir, tmp_path, prompter
):
    window = window_with("mock", qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    assert voice.available
    assert window.commands.read_aloud.isEnabled()
    window.commands.read_aloud.trigger()
    assert voice.state == "reading"
    assert window.commands.read_aloud.text() == "Pause reading"
    first = voice.current_sentence()
    assert first == "Welcome to the fixture library"
    assert len(window.article_view.extraSelections()) == 1
    qtbot.waitUntil(lambda: voice.current_sentence() not in ("", first), timeout=5000)
    window.commands.read_aloud.trigger()
    assert voice.state == "paused"
    window.commands.read_aloud.trigger()
    assert voice.state == "reading"
    window.commands.read_faster.trigger()
    assert voice.rate == 0.2
    window.commands.stop_reading.trigger()
    assert voice.state == "stopped"
    assert window.article_view.extraSelections() == []


def test_without_a_speech_engine_the_actions_say_what_to_install(qtbot, library_dir, tmp_path, prompter):
    window = window_with("no-such-engine", qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    assert not voice.available
    assert not window.commands.read_aloud.isEnabled()
    assert "speech-dispatcher" in window.commands.read_aloud.toolTip()
    window.commands.read_aloud.trigger()  # nothing happens, nothing fails
    window.open_article("01-first-topic/02-second")
    assert "A table of numbers" in window.article_view.toPlainText()


def test_reading_skips_footnotes_and_a_speed_change_keeps_the_sentence(
    qtbot, library_dir, tmp_path, prompter
):
    window = window_with("mock", qtbot, library_dir, tmp_path, prompter)
    voice = window.appearance.voice
    window.commands.read_aloud.trigger()
    first = voice.current_sentence()
    window.commands.read_faster.trigger()
    assert voice.current_sentence() == first and voice.state == "reading"  # not restarted, not skipped
    view = window.article_view
    footnotes = view.anchor_position(lambda name: name.startswith("fn:"))
    assert footnotes is not None and all(start < footnotes for start, _end in voice._spans)
    assert voice._spans and "Footnotes and quotes" in view.page_text()[: voice._spans[-1][1] + 1]
    window.commands.stop_reading.trigger()
