"""Long and hostile articles do not block the window (issue 11): a long article not formatted yet shows
"Preparing this article..." at once and its page when it is ready; when formatting runs out of its budget,
the text is shown as plain text with a notice."""

from __future__ import annotations

from pathlib import Path

from mgreader.core.render import reader
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.reader import PREPARING


def quiet_indexer(window) -> None:
    """The search indexer renders new articles in the background and caches them: stop it, so that what
    these tests see is the window's own loading, not a race with the indexer."""
    window.searching.indexer.stop()
    window.searching.indexer.sync = lambda library: None


def long_article(library_dir: Path, name: str = "09-long.md") -> str:
    paragraphs = "\n\n".join(f"Paragraph {n} says *something* about magnesium and sleep." for n in range(800))
    (library_dir / "01-first-topic" / name).write_text(
        f"---\ntitle: A long article\n---\n\n## Start\n\n{paragraphs}\n\n## The end\n\nLast words.\n",
        encoding="utf-8",
    )
    return "01-first-topic/" + name.removesuffix(".md")


def with_long_article(make_window, library_dir: Path):
    """A window with the long article in its library (not formatted yet) and the indexer quiet."""
    window = make_window()
    quiet_indexer(window)
    article_id = long_article(library_dir)
    window.rescan()
    return window, article_id


def count_formatted_here(monkeypatch) -> list[int]:
    """The lengths of the texts formatted in this process (the worker process does not see the patch)."""
    formatted_here: list[int] = []
    real = Renderer.render

    def render_here(self, text: str, article_dir: str = ""):
        formatted_here.append(len(text))
        return real(self, text, article_dir)

    monkeypatch.setattr(Renderer, "render", render_here)
    return formatted_here


def write_nested_lists(library_dir: Path) -> None:
    """01-first-topic/09-lists: 10 KB of nested lists, slow for python-markdown, under 30 KB."""
    items = "".join("  " * (i % 40) + f"- item {i}\n" for i in range(600))
    (library_dir / "01-first-topic" / "09-lists.md").write_text(
        f"---\ntitle: Lists\n---\n\n{items}\n\nLast words.\n", encoding="utf-8"
    )


def test_a_long_article_shows_preparing_then_its_page(make_window, library_dir: Path, qtbot):
    window, article_id = with_long_article(make_window, library_dir)
    window.open_article(article_id)
    # The window answered at once: the article is being formatted elsewhere.
    assert window.article is not None and window.article.pending
    assert PREPARING in window.article_view.toPlainText()
    qtbot.waitUntil(lambda: "Last words." in window.article_view.toPlainText(), timeout=60_000)
    assert not window.article.pending and PREPARING not in window.article_view.toPlainText()
    assert "something" in window.article_view.toPlainText()
    assert window.article.body.notice == ""


def test_formatting_out_of_budget_shows_the_text_with_a_notice(make_window, library_dir: Path, qtbot):
    window, article_id = with_long_article(make_window, library_dir)
    window.loader.renderer.budget = 0.0  # every long article now runs out of time
    window.open_article(article_id)
    qtbot.waitUntil(lambda: not window.article.pending, timeout=60_000)
    text = window.article_view.toPlainText()
    assert "took too long to format, so it is shown as plain text" in text
    assert "Paragraph 799 says *something* about magnesium" in text and "Last words." in text
    # Not kept in the render cache: on a less busy moment the next opening may format it.
    assert window.loader.renderer.timed_out == 1
    window.loader.renderer.budget = 60.0
    window.open_article("01-first-topic/02-second")
    window.open_article(article_id)
    assert window.article.pending
    qtbot.waitUntil(lambda: not window.article.pending, timeout=60_000)
    assert "took too long" not in window.article_view.toPlainText()


def test_another_article_opened_while_one_is_prepared_stays_on_screen(make_window, library_dir: Path, qtbot):
    window, article_id = with_long_article(make_window, library_dir)
    window.open_article(article_id)
    window.open_article("01-first-topic/02-second")
    qtbot.waitUntil(lambda: window._background.running == 0, timeout=60_000)
    assert window.article.ref.id == "01-first-topic/02-second"
    assert "Last words." not in window.article_view.toPlainText()


def test_an_article_under_30_kb_is_formatted_in_the_worker_not_on_the_windows_thread(
    make_window, library_dir: Path, qtbot, monkeypatch
):
    """Issue 11: articles under 30 KB were formatted on the window's thread (0.4 s for 29 KB of nested
    lists). Once the worker runs, the window waits for it only a moment, then says "Preparing..."."""
    window = make_window()
    quiet_indexer(window)
    renderer = window.loader.renderer
    renderer.start_worker()
    formatted_here = count_formatted_here(monkeypatch)
    monkeypatch.setattr(reader, "GRACE_S", 0.0)  # as if the worker took longer than the window waits
    write_nested_lists(library_dir)
    window.rescan()
    window.open_article("01-first-topic/09-lists")
    assert window.article.pending and PREPARING in window.article_view.toPlainText()
    qtbot.waitUntil(lambda: "Last words." in window.article_view.toPlainText(), timeout=60_000)
    assert "item 599" in window.article_view.toPlainText()
    assert not [n for n in formatted_here if n > 4_000]  # none of the article was formatted in this process


def test_the_first_article_of_a_session_is_not_formatted_on_the_windows_thread_while_the_worker_starts(
    make_window, library_dir: Path, qtbot, monkeypatch
):
    """Issue 11: while the worker started (the first article of a session not in the render cache), the
    window formatted the article itself: 0.1-0.4 s for 4-30 KB of lists or headings. The app starts the
    worker once its window is up (``warm_up_soon``); an article opened meanwhile says "Preparing..." and the
    worker formats it."""
    window = make_window()
    quiet_indexer(window)
    formatted_here = count_formatted_here(monkeypatch)
    write_nested_lists(library_dir)
    window.rescan()
    window.loader.warm_up_soon()  # as the app does after its start-up steps
    assert not window.loader.renderer.ready()  # starting takes a few hundred milliseconds
    window.open_article("01-first-topic/09-lists")
    assert window.article.pending and PREPARING in window.article_view.toPlainText()
    qtbot.waitUntil(lambda: "Last words." in window.article_view.toPlainText(), timeout=60_000)
    assert "item 599" in window.article_view.toPlainText()
    assert window.loader.renderer.ready()  # and kept for the next article
    assert not [n for n in formatted_here if n > 4_000]  # none of the article was formatted in this process


def test_leaving_an_article_still_being_prepared_keeps_its_place_and_its_mark(
    make_window, library_dir: Path, qtbot
):
    # The reader had read part of the long article; it is opened again and left while "Preparing..." is
    # all there is on screen: a page that short counted as read to its end, at the top.
    window, article_id = with_long_article(make_window, library_dir)
    window.settings.set("positions", {article_id: 5_000})
    window.settings.set("progress", {article_id: "started"})
    window.open_article(article_id)
    assert window.article is not None and window.article.pending
    window.open_article("01-first-topic/02-second")
    assert window.reading.saved_position(article_id) == 5_000
    assert window.reading.progress()[article_id] == "started"  # not "read"
    window.go_back()  # back where the reader was in it, once it is formatted
    qtbot.waitUntil(lambda: not window.article.pending, timeout=60_000)
    assert window.article.ref.id == article_id
    assert abs(window.article_view.reading_position() - 5_000) < 200


def test_a_bookmark_is_refused_while_the_article_is_being_prepared(make_window, library_dir: Path, qtbot):
    # Ctrl+D on "Preparing..." bookmarked that line: a passage of no article, and the bookmarks panel, which
    # lists the article's, did not show it (the note typed next went to a new note instead).
    window, article_id = with_long_article(make_window, library_dir)
    window.open_article(article_id)
    assert window.article.pending
    window.notes.bookmark_span(0, 5)
    assert window.notes.store.all_bookmarks() == []
    assert "still being prepared" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.article.pending, timeout=60_000)
    start = window.article_view.toPlainText().index("Paragraph 3 says")
    window.notes.bookmark_span(start, start + len("Paragraph 3 says"))
    (bookmark,) = window.notes.store.all_bookmarks()
    assert bookmark.article_id == article_id and "Paragraph 3 says" in bookmark.quote
