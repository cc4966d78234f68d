"""The main window as a reader uses it: the tree, the filter, links, history, zoom, the library folder."""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QTreeView

from mgreader.core.settings import Settings
from mgreader.ui.library.tree_model import ArticleRole


def find_row(view: QTreeView, title: str):
    model = view.model()
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        if index.data() == title:
            return index
        pending.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    raise AssertionError(f"{title!r} is not in the tree")


def test_widgets_carry_their_names(make_window):
    window = make_window()
    assert window.objectName() == "mainWindow"
    assert isinstance(window.findChild(QTreeView, "topicTree"), QTreeView)
    assert isinstance(window.findChild(QLineEdit, "topicFilter"), QLineEdit)
    assert isinstance(window.findChild(QTextBrowser, "articleView"), QTextBrowser)
    for name in ("actionBack", "actionForward", "actionZoomIn", "actionZoomOut", "actionImportArticle"):
        assert window.findChild(type(window.commands.back), name) is not None, name


def test_first_launch_opens_the_first_article(make_window):
    window = make_window()
    assert window.article.ref.id == "01-first-topic/01-welcome"
    text = window.article_view.toPlainText()
    assert "Welcome to the fixture library" in text
    assert "Not medical advice" in text


def test_clicking_an_article_in_the_tree_opens_it(make_window, qtbot):
    window = make_window()
    index = find_row(window.topic_tree, "The second article")
    rect = window.topic_tree.visualRect(index)
    with qtbot.waitSignal(window.article_opened) as opened:
        qtbot.mouseClick(window.topic_tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["01-first-topic/02-second"]
    assert "A table of numbers" in window.article_view.toPlainText()


def test_keyboard_opens_articles_from_the_tree(make_window, qtbot):
    window = make_window()
    window.topic_tree.setFocus()
    window.topic_tree.setCurrentIndex(find_row(window.topic_tree, "Second topic"))
    qtbot.keyClick(window.topic_tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.article_opened):
        qtbot.keyClick(window.topic_tree, Qt.Key.Key_Return)
    assert window.article.ref.id == window.topic_tree.currentIndex().data(ArticleRole)


def test_filter_narrows_the_tree_and_enter_opens_the_match(make_window, qtbot):
    window = make_window()
    model = window.topic_tree.model()
    with qtbot.waitSignal(model.modelReset):
        qtbot.keyClicks(window.topic_filter, "deep")
    assert model.rowCount() == 1
    with qtbot.waitSignal(window.article_opened):
        qtbot.keyClick(window.topic_filter, Qt.Key.Key_Return)
    assert window.article.ref.title == "A deeply nested article"
    assert window.topic_tree.currentIndex().data(ArticleRole) == window.article.ref.id
    window.topic_filter.clear()
    qtbot.wait_until(lambda: model.rowCount() == 3)  # two topics and "My articles"


def test_a_burst_of_typing_is_filtered_once_and_keeps_the_open_article_selected(make_window, qtbot):
    window = make_window()
    window.open_article("01-first-topic/02-second")
    model = window.topic_tree.model()
    resets = []
    model.modelReset.connect(lambda: resets.append(window.topic_filter.text()))
    qtbot.keyClicks(window.topic_filter, "table")  # five keystrokes, queued before the window looks
    qtbot.wait_until(lambda: resets == ["table"])
    current = window.topic_tree.currentIndex()
    assert current.data(ArticleRole) == "01-first-topic/02-second"
    # The heading that matched is in sight: its article was opened by the filter.
    heading = model.index(0, 0, current)
    assert heading.data() == "A table of numbers" and window.topic_tree.isExpanded(current)


def test_internal_links_open_articles_and_back_forward_walk_history(make_window, qtbot):
    window = make_window()
    window.follow_link("02-second.md#a-table-of-numbers")
    assert window.article.ref.id == "01-first-topic/02-second"
    assert window.commands.back.isEnabled()
    assert not window.commands.forward.isEnabled()
    window.commands.back.trigger()
    assert window.article.ref.id == "01-first-topic/01-welcome"
    window.commands.forward.trigger()
    assert window.article.ref.id == "01-first-topic/02-second"


def test_back_returns_to_the_reading_position(make_window, qtbot):
    window = make_window()
    window.follow_link("02-second.md")
    bar = window.article_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = window.article_view.reading_position()
    assert middle > 0
    window.follow_link("01-welcome.md")
    window.commands.back.trigger()
    assert abs(window.article_view.reading_position() - middle) < 200


def test_external_link_asks_first(make_window, prompter):
    window = make_window()
    window.follow_link("https://example.org/page")
    assert prompter.asked == ["https://example.org/page"]
    assert window.article.ref.id == "01-first-topic/01-welcome"


def test_other_schemes_and_missing_articles_are_refused_with_a_reason(make_window, prompter):
    window = make_window()
    window.follow_link("file:///etc/passwd")
    window.follow_link("nope.md")
    assert [title for title, _ in prompter.told] == ["Link not opened", "Link not opened"]
    assert "'file:'" in prompter.told[0][1]
    assert "not in the library" in prompter.told[1][1]
    assert window.article.ref.id == "01-first-topic/01-welcome"


def test_zoom_changes_text_size_and_is_remembered(make_window, tmp_path: Path):
    window = make_window()
    before = window.article_view.document().defaultFont().pointSizeF()
    window.commands.zoom_in.trigger()
    window.commands.zoom_in.trigger()
    assert window.article_view.document().defaultFont().pointSizeF() > before
    window.close()
    assert Settings.load(tmp_path / "home" / "config" / "settings.json").get("zoom") == 2
    again = make_window()
    assert again.appearance.zoom == 2


def test_state_survives_a_restart(make_window, tmp_path: Path):
    window = make_window()
    window.follow_link("02-second.md")
    window.resize(760, 560)  # the offscreen screen is 800x600: restoreGeometry keeps windows on it
    window.splitter.setSizes([200, 360, 200])
    bar = window.article_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    position = window.article_view.reading_position()
    sizes = window.splitter.sizes()
    window.close()
    again = make_window()
    assert again.article.ref.id == "01-first-topic/02-second"
    assert again.size().width() == 760
    assert again.splitter.sizes() == sizes
    assert abs(again.article_view.reading_position() - position) < 200


def test_a_file_dropped_into_my_articles_appears_without_restart(make_window, qtbot):
    window = make_window()
    (window.library_dir / "my-visit.md").write_text(
        "# My visit notes\n\nAsk about sleep.\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: window.library.get("mine:my-visit") is not None, timeout=5000)
    assert find_row(window.topic_tree, "My visit notes").data(ArticleRole) == "mine:my-visit"


@pytest.mark.parametrize("save", ["in place", "append", "atomic rename"])
def test_every_kind_of_save_is_seen_by_the_live_reload(make_window, qtbot, save: str):
    window = make_window()
    note = window.library_dir / "note.md"
    note.write_text("# Before\n\nOld text.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: window.library.get("mine:note") is not None, timeout=5000)
    window.open_article("mine:note")
    if save == "in place":  # an editor that rewrites the file: the folder does not change
        with note.open("r+", encoding="utf-8") as handle:
            handle.seek(0)
            handle.write("# Edited\n\nNew text.\n")
            handle.truncate()
    elif save == "append":  # echo ... >> note.md
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\n# Edited\n")
    else:  # write a temporary file and rename it over the note, as many editors do
        temporary = window.library_dir / ".note.md.tmp"
        temporary.write_text("# Edited\n\nNew text.\n", encoding="utf-8")
        os.replace(temporary, note)
    qtbot.waitUntil(lambda: "Edited" in window.article_view.toPlainText(), timeout=5000)
    if save == "atomic rename":  # and the next save to the new file is seen too
        with note.open("a", encoding="utf-8") as handle:
            handle.write("\nAgain saved.\n")
        qtbot.waitUntil(lambda: "Again saved." in window.article_view.toPlainText(), timeout=5000)


def test_import_article_copies_it_into_my_articles(make_window, tmp_path: Path):
    window = make_window()
    source = tmp_path / "outside.md"
    source.write_text("Just text, no heading.\n", encoding="utf-8")
    window.import_articles([str(source)])
    assert (window.library_dir / "outside.md").read_text(encoding="utf-8") == "Just text, no heading.\n"
    assert window.article.ref.id == "mine:outside"
    assert window.article.ref.title == "Outside"
    window.import_articles([str(source)])
    assert (window.library_dir / "outside (2).md").exists()


def test_reading_position_is_kept_per_article(make_window):
    window = make_window()
    window.follow_link("02-second.md")
    view = window.article_view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    far = view.reading_position()
    assert far > 200, "the article is long enough to be scrolled: else this tests nothing"
    window.follow_link("01-welcome.md")
    assert view.reading_position() < far
    window.open_article("01-first-topic/02-second")
    assert abs(view.reading_position() - far) < 200


def test_article_fits_the_width_without_sideways_scrolling(make_window, qtbot):
    window = make_window()
    for width in (1280, 1000, 1400, 1060):
        window.resize(width, 560)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        window.open_article(
            "01-first-topic/02-second" if width % 20 else "01-first-topic/01-welcome", "the-end"
        )
        view = window.article_view
        assert view.horizontalScrollBar().maximum() == 0, width
        margin = view.document().rootFrame().frameFormat().leftMargin()
        assert margin >= 24, width
        assert view.viewport().width() - 2 * margin > 300, width


def test_the_tree_marks_articles_read_and_partly_read(make_window):
    window = make_window()
    window.follow_link("02-second.md")
    bar = window.article_view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    window.follow_link("01-welcome.md")
    second = find_row(window.topic_tree, "The second article  \u25d4")
    assert second.data(Qt.ItemDataRole.AccessibleTextRole).endswith("partly read")
    window.open_article("01-first-topic/02-second")
    bar.setValue(bar.maximum())
    window.follow_link("01-welcome.md")
    assert (
        find_row(window.topic_tree, "The second article  \u2713")
        .data(Qt.ItemDataRole.ToolTipRole)
        .endswith("(read)")
    )
    window.close()
    again = make_window()
    assert find_row(again.topic_tree, "The second article  \u2713")


def test_zoom_keeps_the_reader_on_the_same_words(make_window):
    window = make_window()
    window.follow_link("02-second.md")
    view = window.article_view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    before = view.reading_position()
    for _ in range(3):
        window.commands.zoom_in.trigger()
    assert abs(view.reading_position() - before) < 200
    window.commands.zoom_reset.trigger()
    assert abs(view.reading_position() - before) < 200


def test_no_key_is_bound_twice_and_the_keyboard_reaches_back_forward_and_zoom(make_window, qtbot):
    window = make_window()
    seen: dict[str, str] = {}
    for action in window.commands.all():
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is bound to both {seen[key]!r} and {action.objectName()!r}"
            seen[key] = action.objectName()
    window.follow_link("02-second.md")
    qtbot.keyClick(window.article_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.article.ref.id == "01-first-topic/01-welcome"
    qtbot.keyClick(window.article_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.article.ref.id == "01-first-topic/02-second"
    qtbot.keyClick(window.article_view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.zoom == -1


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_loop_and_a_link_out_of_my_articles_are_left_out_and_reported(make_window, qtbot):
    """Issue 11: `ln -s . again`, a link to /etc/passwd and one to /usr crashed or hung the start."""
    window = make_window()
    mine = window.library_dir
    (mine / "again").symlink_to(".")
    (mine / "passwd.md").symlink_to("/etc/passwd")
    (mine / "usr").symlink_to("/usr")
    (mine / "own.md").write_text("# My own\n\nText.\n", encoding="utf-8")
    window.rescan()  # the reader's folder is read in a worker (issue 15)
    qtbot.waitUntil(lambda: "mine:own" in window.library.articles and not window.shelf.busy)
    mine_ids = sorted(a for a in window.library.articles if a.startswith("mine:"))
    assert mine_ids == ["mine:own"]
    message = window.statusBar().currentMessage()
    assert message.startswith("Not shown: '") and "(and 2 more)" in message and "mgreader check" in message


def test_my_articles_nested_1100_folders_deep_does_not_stop_the_start(make_window, tmp_path: Path):
    """Issue 11: the start crashed (the scan, and the watch on My articles, recursed through every level)."""
    from mgreader.core.library.walk import MAX_DEPTH
    from mgreader.core.paths import AppPaths

    mine = AppPaths.under(tmp_path / "home").library_dir
    levels = [mine]
    for _ in range(1100):
        levels.append(levels[-1] / "d")
        levels[-1].mkdir(parents=True)
    (levels[5] / "shallow.md").write_text("# Shallow\n\nText.\n", encoding="utf-8")
    try:
        window = make_window()  # waits for the start to finish (the notes panel is built after it)
        assert "mine:d/d/d/d/d/shallow" in window.library.articles
        assert f"more than {MAX_DEPTH} folders deep" in window.statusBar().currentMessage()
        assert len(window.following.watcher._watcher.directories()) == MAX_DEPTH + 1
    finally:  # pytest's clean-up cannot remove 1,100 levels (it recurses)
        (levels[5] / "shallow.md").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()


def test_wikilinks_clicked_in_the_page_open_the_note_or_say_it_is_missing(make_window, qtbot, prompter):
    from PySide6.QtCore import QUrl

    window = make_window()
    (window.library_dir / "Daily note.md").write_text(
        "# Today\n\nSee [[Zinc and iron#Food & drink|food]] and [[Nowhere]].\n", encoding="utf-8"
    )
    (window.library_dir / "Zinc and iron.md").write_text(
        "# Zinc and iron\n\n## Food & drink\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: window.library.get("mine:Zinc and iron") is not None, timeout=5000)
    window.open_article("mine:Daily note")
    view = window.article_view
    view.anchorClicked.emit(QUrl("wikilink:Nowhere"))  # what a click on the link sends
    assert prompter.told[-1] == ("Link not opened", "There is no note called 'Nowhere' in this library.")
    view.anchorClicked.emit(QUrl("wikilink:Zinc and iron#Food & drink"))
    assert window.article.ref.id == "mine:Zinc and iron"
