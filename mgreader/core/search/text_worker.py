"""The index text of articles, made in a process of its own (issue 15).

Formatting an article (python-markdown) and taking its text (``plain_text``) are pure Python: in a thread of
the window's process they held the interpreter lock half the time, and opening an article while the index
was built took 1.7-1.8x as long. In a process of its own, with a lower priority (``NICE``), that work
shares neither the lock nor, when the machine is busy, the window's share of the processor. What is left
in the indexer's thread is a ``stat``, a hash (which lets go of the lock) and SQLite's writes.

The process only formats and answers; it holds no index and no notes, so stopping it at any moment loses
nothing. One request at a time: ``text`` sends an article and waits for its text.
"""

from __future__ import annotations

import contextlib
import copy
import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from mgreader.core import workers
from mgreader.core.library.refs import headings_made
from mgreader.core.library.scan import ArticleRef, forget_headings
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search.query import ArticleText, article_text

# The process gives way to the window (and to everything else the reader runs): 0 is normal, 19 the least.
NICE = 10
# Up to this many articles are formatted in the caller's thread: starting the process (a fresh Python
# importing the renderer, 0.3-0.5 s of processor) pays only for more (a first build, not a rescan).
PROCESS_AFTER = 30
# A process that stops this often in one build is not started again: the rest is formatted in the thread.
MAX_STOPS = 3
# A fresh Python importing the renderer: well under a second, unless the machine is very busy.
START_TIMEOUT_S = 30.0
# An article's text comes back within its render budget (core/render/budget.py: a few seconds at most);
# past this the process is taken to be stuck and is stopped.
ANSWER_TIMEOUT_S = 120.0


class WorkerGone(Exception):
    """The process stopped (killed, or it crashed) or could not be reached."""


class ArticleTexts:
    """Index text of articles for one build: the first PROCESS_AFTER formatted in this thread, the rest
    by a TextWorker (started then and waited for: a build of the bundled library starts none). Raises
    OSError for an article that cannot be read or formatted (the index leaves it out, and tries it again
    at the next build).

    ``spent``: how long this thread worked on the last article, what the indexer rests after; next to
    nothing when the process formatted it (this thread waited in the pipe, without the interpreter lock).
    """

    def __init__(
        self,
        composer: PageComposer,
        cache_dir: Path,
        renderer: Renderer,
        cancel: Callable[[], bool] = lambda: False,
        process_after: int | None = None,
    ) -> None:
        self.loader = ArticleLoader(composer, RenderCache(cache_dir, read_only=True), renderer)
        self._composer = composer
        self._cache_dir = cache_dir
        self._process_after = PROCESS_AFTER if process_after is None else process_after
        self._here = 0  # formatted in this thread
        self._worker: TextWorker | None = None
        self._stops = 0
        self._started = 0.0
        self._cancel = cancel
        self.spent = 0.0
        self.from_process = 0  # articles whose text the process made (all workers of this build)

    def text(self, ref: ArticleRef, topic: str) -> ArticleText:
        started = time.monotonic()
        worker = self._worker_ready()
        if worker is not None:
            try:
                text = worker.text(ref, topic)
            except WorkerGone as error:
                # Perhaps this article made it crash: it is left out (this time), not formatted here.
                self._drop_worker()
                raise OSError(f"{ref.id}: the indexing process stopped ({error})") from error
            finally:
                self.spent = 0.0
            self.from_process += 1
            return text
        self._here += 1
        try:
            return article_text(ref, topic, self.loader.load(ref).body)
        except OSError:
            raise
        except Exception as error:  # noqa: BLE001 - one article's problem stays that article's
            raise OSError(f"{ref.id}: {type(error).__name__}: {error}") from error
        finally:
            self.spent = time.monotonic() - started

    def _worker_ready(self) -> TextWorker | None:
        """The process to send the next article to; None: format it in this thread."""
        if self._stops >= MAX_STOPS or self._here < self._process_after:
            return None
        if self._worker is None:
            try:
                self._worker = TextWorker(self._composer, self._cache_dir)
            except OSError:  # no process can be made here: this thread formats the rest
                self._stops = MAX_STOPS
                return None
            self._started = time.monotonic()
        try:
            # Waited for (this thread asleep, not sharing the interpreter) as long as it takes to start.
            while not self._worker.ready():
                if self._cancel():
                    return None
                if time.monotonic() - self._started > START_TIMEOUT_S:
                    raise WorkerGone(f"not started in {START_TIMEOUT_S:.0f} s")
                self._worker.connection.poll(0.02)
        except WorkerGone:
            self._drop_worker()
            return None
        return self._worker

    def _drop_worker(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self._stops += 1

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


class TextWorker:
    """A process that turns article references into their index text; started at once, ready a few hundred
    milliseconds later (a fresh Python importing the renderer): ``ready`` says when, without waiting."""

    def __init__(self, composer: PageComposer, cache_dir: Path) -> None:
        # OSError when no process can be made: the caller formats in its thread.
        self.process, self.connection = workers.start(_serve, (composer, cache_dir), "mgreader-index-text")
        self._ready = False

    def ready(self) -> bool:
        """Whether the process has started and answers (never waits). Raises WorkerGone if it died."""
        if not self._ready:
            try:
                if self.connection.poll(0):
                    self._ready = self.connection.recv() == "ready"
            except (EOFError, OSError) as error:
                raise WorkerGone(str(error)) from error
            if not self._ready and not self.process.is_alive():
                raise WorkerGone("the process ended before it was ready")
        return self._ready

    def text(self, ref: ArticleRef, topic: str) -> ArticleText:
        """The article's index text. Raises OSError for an article the process could not format (its
        message), WorkerGone when the process stopped or did not answer in time."""
        try:
            self.connection.send((portable(ref), topic))
            if not self.connection.poll(ANSWER_TIMEOUT_S):
                raise WorkerGone(f"no answer in {ANSWER_TIMEOUT_S:.0f} s")
            kind, value = self.connection.recv()
        except (EOFError, OSError) as error:
            raise WorkerGone(str(error) or type(error).__name__) from error
        if kind != "text":
            raise OSError(value)
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        # Its recv ends and it returns; still starting, it has nothing to finish: killed at once.
        workers.stop(self.process, self.connection, grace_s=1.0 if self._ready else 0.0)


def portable(ref: ArticleRef) -> ArticleRef:
    """``ref`` as it can be sent to the process. Headings not made yet (a function of the scan cache, or to
    be read from the file again: ``scan.forget_headings``) are read from the file there, when the page has
    none of its own (``article_text``): neither a function nor that marker survives a pickle."""
    if headings_made(ref):
        return ref
    sent = copy.copy(ref)
    forget_headings([sent])
    return sent


def _serve(connection: Connection, composer: PageComposer, cache_dir: Path) -> None:
    """The process's loop: an article in, its text (or why not) out, until the pipe closes."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no os.nice (Windows)
        os.nice(NICE)
    from mgreader.core.render.budget import BudgetedRenderer

    renderer = BudgetedRenderer()  # a hostile article would otherwise hold this process for minutes
    loader = ArticleLoader(composer, RenderCache(cache_dir, read_only=True), renderer)
    renderer.render("warm up")  # imports python-markdown before saying it is ready
    try:
        with contextlib.suppress(EOFError, OSError):  # the build ended meanwhile: nothing to do
            connection.send("ready")
        while True:
            try:
                ref, topic = connection.recv()
            except (EOFError, OSError):
                return
            if not headings_made(ref):
                forget_headings([ref])  # the marker is compared by identity: this process's own
            try:
                answer: tuple[str, object] = ("text", article_text(ref, topic, loader.load(ref).body))
            except Exception as error:  # noqa: BLE001 - one article's problem stays that article's
                answer = ("failed", f"{ref.id}: {type(error).__name__}: {error}")
            try:
                connection.send(answer)
            except (EOFError, OSError):
                return
    finally:
        renderer.close()
