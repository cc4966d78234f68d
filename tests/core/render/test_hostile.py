"""Hostile Markdown (issue 11): inputs that took python-markdown or Qt seconds to minutes are shown, with
their text, by a bounded amount of work: as plain paragraphs without going through python-markdown, or, when
formatting runs out of its time budget, as plain text with a notice."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from mgreader.core.library import headings
from mgreader.core.render import budget
from mgreader.core.render.budget import BudgetedRenderer
from mgreader.core.render.extensions import defuse
from mgreader.core.render.markdown import Renderer


class CountingMarkdown:
    """Stands in for python-markdown's converter and records what it was given."""

    def __init__(self, renderer: Renderer) -> None:
        self.real = renderer._markdown()
        self.given: list[str] = []
        self.real_convert = self.real.convert

    def convert(self, text: str) -> str:
        self.given.append(text)
        return self.real_convert(text)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> tuple[Renderer, CountingMarkdown]:
    renderer = Renderer()
    counting = CountingMarkdown(renderer)
    monkeypatch.setattr(counting.real, "convert", counting.convert)
    return renderer, counting


@pytest.mark.parametrize(
    "storm",
    [
        "[" * 40_000 + "]" * 40_000,  # 33 s before
        "[x](\n" * 20_000,
        "![" * 50_000,
        "\\" * 100_000,
        "`a` " * 25_000,
        "&#" * 50_000,
        "x" * 240_000,  # one unbroken word: seconds in Qt's layout
    ],
    ids=["brackets", "link-lines", "image-brackets", "backslashes", "code-pairs", "entities", "long-word"],
)
def test_storms_are_shown_as_plain_text_without_python_markdown(recorded, storm: str):
    renderer, counting = recorded
    body = renderer.render("# Start\n\nBefore the storm.\n\n" + storm + "\n\nAfter the storm.\n")
    given = counting.given[-1]
    assert len(given) < 200  # python-markdown saw a placeholder, not the storm
    assert "<p>Before the storm.</p>" in body.html and "<p>After the storm.</p>" in body.html
    shown = body.html.replace("\u200b", "").replace("<br>", "\n")
    assert storm[:500].replace("&", "&amp;") in shown or storm[:500] in shown


def test_an_unbroken_word_gets_places_to_wrap():
    html = defuse.plain_html("x" * 10_000)
    assert html.replace("\u200b", "") == "x" * 10_000
    assert html.count("\u200b") >= 10_000 // defuse.WORD_BREAK - 1


def test_ordinary_paragraphs_still_go_through_python_markdown(recorded):
    renderer, counting = recorded
    text = "Some *text* with [a link](x.md) and `code`.\n\n" * 50
    body = renderer.render(text)
    assert counting.given[-1].strip() == text.strip()
    assert body.html.count("<em>text</em>") == 50 and not body.notice


def test_13000_repeated_headings_get_anchors_in_one_pass():
    taken: set[str] = set()
    counters: dict[str, int] = {}
    anchors = [headings.unique("magnesium", taken, counters) for _ in range(13_000)]
    assert anchors[:3] == ["magnesium", "magnesium_1", "magnesium_2"] and anchors[-1] == "magnesium_12999"
    found = headings.scan("## Magnesium\n\n" * 13_000)
    assert len({h.anchor for h in found}) == 13_000


def test_a_900_kb_heading_is_cut_for_the_title():
    found = headings.scan("# " + "[" * 900_000 + "\n\n## " + "word " * 100_000)
    assert all(len(h.text) <= headings.MAX_HEADING_CHARS for h in found)


def test_formatting_that_runs_out_of_its_budget_shows_plain_text_with_a_notice(monkeypatch):
    # A slow input nobody has defused yet: make python-markdown itself slow in the worker by giving it a
    # budget it cannot meet, and check that the reader gets the text and the notice.
    renderer = BudgetedRenderer(budget=0.0, in_process_chars=10)
    # Long enough that the worker cannot have answered when the window looks (a budget of 0 is one look):
    # a short text was sometimes formatted in the moment between sending it and looking, on a busy machine.
    slow = "Another paragraph, with [a link](#here), `code` and *emphasis*.\n\n" * 20_000
    try:
        body = renderer.render("Paragraph one of an article.\n\nParagraph two.\n\n" + slow)
        assert body.notice == budget.TOO_SLOW and renderer.timed_out == 1
        assert "Paragraph one of an article." in body.html and "Paragraph two." in body.html
        # The next article gets a fresh worker and is formatted.
        renderer.budget = 60.0
        again = renderer.render("Some *formatted* text.\n")
        assert "<em>formatted</em>" in again.html and not again.notice
    finally:
        renderer.close()


def test_an_article_waiting_for_the_processor_is_still_formatted():
    # On a busy laptop the worker waits for the processor: that time is not the article's. The worker is
    # stopped (as by a loaded system) for longer than the whole budget, then let go: still formatted.
    renderer = BudgetedRenderer(budget=0.5, in_process_chars=10)
    try:
        renderer.start_worker()
        assert renderer._worker is not None
        pid = renderer._worker.process.pid
        os.kill(pid, signal.SIGSTOP)
        resume = threading.Timer(1.0, os.kill, (pid, signal.SIGCONT))
        resume.start()
        try:
            body = renderer.render("Some *formatted* text.\n")
        finally:
            resume.join()
        assert "<em>formatted</em>" in body.html and not body.notice and renderer.timed_out == 0
    finally:
        renderer.close()


def test_the_worker_stops_an_article_at_its_processor_budget_and_goes_on(monkeypatch):
    monkeypatch.setattr(budget, "BUDGET_PER_MB_S", 0.0)  # half a second of processor time, whatever the size
    monkeypatch.setattr(budget, "WALL_PER_BUDGET", 1_000.0)  # the worker's clock decides, however busy
    renderer = BudgetedRenderer(budget=0.5, in_process_chars=10)
    slow = "Another paragraph, with [a link](#here), `code` and *emphasis*.\n\n" * 20_000
    try:
        renderer.start_worker()
        assert renderer._worker is not None
        pid = renderer._worker.process.pid
        body = renderer.render(slow)
        assert body.notice == budget.TOO_SLOW and renderer.timed_out == 1
        again = renderer.render("Some *formatted* text.\n")  # by the same worker, not a new one
        assert "<em>formatted</em>" in again.html and renderer._worker.process.pid == pid
    finally:
        renderer.close()


def test_short_articles_are_formatted_in_this_process():
    renderer = BudgetedRenderer()
    body = renderer.render("Short *text*.\n")
    assert "<em>text</em>" in body.html and renderer._worker is None


def test_the_tree_lists_a_bounded_number_of_an_articles_headings(tmp_path):
    from mgreader.core.library.scan import ContentRoot, read_ref

    path = tmp_path / "a.md"
    path.write_text("# Title\n\n" + "## Magnesium\n\n" * 13_000, encoding="utf-8")
    ref = read_ref(ContentRoot(tmp_path), path)
    assert len(ref.headings) == headings.MAX_TREE_HEADINGS
    assert ref.headings[1].anchor == "magnesium-1"  # GitHub's numbering of repeated headings


def test_the_windows_thread_waits_only_a_moment_for_the_worker_and_the_rest_is_collected_later():
    """Issue 11: articles under 30 KB were formatted on the window's thread (nested lists of 29 KB: 0.4 s).
    render_soon hands them to the worker and waits ``grace``; what is not back by then is collected by
    render of the same text (the background load), and another text first lets it finish."""
    renderer = BudgetedRenderer()
    try:
        assert renderer.render_soon("Magnesium *matters*.", "", 1.0) is None  # no worker yet: one starts
        deadline = time.monotonic() + 30
        while not renderer.ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert renderer.ready()
        slow = "".join("  " * i + "- a\n" for i in range(300))[:29_000]  # nested lists: slow to format
        assert renderer.render_soon(slow, "", 0.0) is None  # not waited for
        assert "<li>" in renderer.render(slow, "").html  # collected where the window does not wait
        quick = renderer.render_soon("Magnesium *matters*.\n\n" * 300, "", 30.0)
        assert quick is not None and "<em>matters</em>" in quick.html
        assert renderer.render_soon(slow, "", 0.0) is None
        other = renderer.render("Ferritin *too*.\n\n" * 2_000, "")  # another article meanwhile
        assert "<em>too</em>" in other.html and renderer.timed_out == 0
    finally:
        renderer.close()
