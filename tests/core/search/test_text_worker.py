"""The index text of articles made in a process of its own (issue 15) is the text the thread makes, and a
process that stops costs one article, not the build."""

import os
import signal
from pathlib import Path

import pytest

from mgreader.core.library.scan import content_roots, forget_headings, scan
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search import text_worker
from mgreader.core.search.text_worker import ArticleTexts


@pytest.fixture
def refs(library_dir: Path, tmp_path: Path) -> list:
    # A page whose only heading is its title (shown in the header, not in the body): its index text takes
    # the headings from the reference, as tldr's pages do (they broke in the process at first).
    (library_dir / "only-a-title.md").write_text("# Only a title\n\nZymurgy.\n", encoding="utf-8")
    return list(scan(content_roots(AppPaths.under(tmp_path / "home"), library_dir)).articles.values())


def made(refs, tmp_path: Path, process_after: int) -> tuple[list, int]:
    composer = ArticleLoader.create(bundled_dir("resources"), tmp_path / "cache").composer
    texts = ArticleTexts(composer, tmp_path / "cache", Renderer(), process_after=process_after)
    try:
        return [texts.text(ref, "A topic") for ref in refs], texts.from_process
    finally:
        texts.close()


def test_the_process_makes_the_same_text_as_the_thread(refs, tmp_path: Path):
    here, from_process = made(refs, tmp_path, process_after=len(refs) + 1)
    assert from_process == 0
    there, from_process = made(refs, tmp_path, process_after=0)
    assert from_process == len(refs) == 8
    assert there == here
    forget_headings(refs)  # as a big library's references are, once the filter has its index
    assert made(refs, tmp_path, process_after=0)[0] == here
    assert {text.topic for text in here} == {"A topic"} and sum(bool(text.body) for text in here) >= 5


def test_a_small_build_is_formatted_in_the_thread(refs, tmp_path: Path, monkeypatch):
    started = []
    monkeypatch.setattr(text_worker.TextWorker, "__init__", lambda *args: started.append(args))
    assert made(refs, tmp_path, process_after=len(refs))[1] == 0
    assert started == []  # no process for a handful of articles (starting one costs more)
    assert len(refs) < text_worker.PROCESS_AFTER


def test_a_process_that_stops_costs_the_article_it_had(refs, tmp_path: Path, monkeypatch):
    real = text_worker.TextWorker.text

    def text(self, ref, topic):
        if ref is refs[2]:
            os.kill(self.process.pid, signal.SIGKILL)
        return real(self, ref, topic)

    monkeypatch.setattr(text_worker.TextWorker, "text", text)
    composer = ArticleLoader.create(bundled_dir("resources"), tmp_path / "cache").composer
    texts = ArticleTexts(composer, tmp_path / "cache", Renderer(), process_after=0)
    try:
        results = []
        for ref in refs:
            try:
                results.append(texts.text(ref, "").title)
            except OSError as error:
                results.append(str(error))
    finally:
        texts.close()
    assert "the indexing process stopped" in results[2] and refs[2].id in results[2]
    assert results[:2] + results[3:] == [ref.title for ref in refs[:2] + refs[3:]]
    assert texts.from_process == len(refs) - 1  # a new process took the rest
