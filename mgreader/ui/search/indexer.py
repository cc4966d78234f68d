"""Keeps the search index up to date in a background thread, so the window never waits for it.

The worker opens its own SearchIndex, ArticleLoader and notes Store (SQLite connections and the Markdown
renderer belong to one thread each) and reports back through a Qt signal, delivered in the window's thread.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mgreader.core.errors import MgReaderError
from mgreader.core.library.scan import ArticleRef, Library
from mgreader.core.render.budget import BudgetedRenderer
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.page import PageComposer
from mgreader.ui.reading.background_load import share_the_interpreter

# Pacing (issue 15). After each article the worker rests for REST_RATIO of the time the article took (at
# most REST_MAX_S), so the window's thread always finds the interpreter free soon. The window's thread beats
# every BEAT_MS; while a beat is late (the window is busy, opening an article say) the worker waits, up to
# HOLD_MAX_S at a time, so that what the reader does runs at the speed it has without an index build.
# The window also says when it is busy (``hold``: an article opened, a search typed): the worker then takes
# no new article until QUIET_S have passed without another such call (again at most HOLD_MAX_S at a time,
# so that a reader who never stops still gets an index). Most articles are formatted in a process of their
# own (core/search/text_worker.py); the worker thread waits for it without the interpreter lock.
REST_RATIO = 0.5
REST_MAX_S = 0.05
BEAT_MS = 20
BEAT_LATE_S = 0.035
HOLD_MAX_S = 0.25
QUIET_S = 0.15


class Indexer(QObject):
    finished = Signal(object)  # a SyncReport, or an error message (str)
    idle = Signal()  # the worker has nothing more to do (``busy`` is False from then on)

    def __init__(
        self, index_path: Path, composer: PageComposer, cache: RenderCache, store_path: Path | None
    ) -> None:
        super().__init__()
        self.index_path = index_path
        self.composer = composer
        self.cache_dir = cache.directory
        self.store_path = store_path
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._lock = (
            threading.Lock()
        )  # guards _running and _again, shared by the window's thread and the worker
        self._running = False
        self._again: Library | None = None
        self._stopped = False  # for good: the window closed
        self.runs = 0  # completed syncs
        self.last_report: object = None  # the last SyncReport (or error message)
        self._beat = time.monotonic()
        self._quiet_at = 0.0  # the window is busy until then (``hold``)
        self.holding = threading.Event()  # set while the worker waits for the window
        self._heart = QTimer(self)
        self._heart.setInterval(BEAT_MS)
        self._heart.timeout.connect(self._beating)
        self.idle.connect(self._heart.stop)

    def _beating(self) -> None:
        self._beat = time.monotonic()

    def hold(self, seconds: float | None = None) -> None:
        """The window is busy: the worker takes no new article for ``seconds`` (QUIET_S) from now (0: from
        now on it may). Each call starts the time again."""
        self._quiet_at = time.monotonic() + (QUIET_S if seconds is None else seconds)

    def _window_busy(self) -> bool:
        now = time.monotonic()
        return now < self._quiet_at or now - self._beat > BEAT_LATE_S

    def _pace(self, spent: float) -> None:
        """Called in the worker before each article: rest, then wait while the window's thread is busy."""
        if spent:
            time.sleep(min(REST_MAX_S, spent * REST_RATIO))
        held_until = time.monotonic() + HOLD_MAX_S
        while self._window_busy() and time.monotonic() < held_until:
            if self._cancel.is_set():
                break
            self.holding.set()
            time.sleep(0.005)
        self.holding.clear()

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._running

    def sync(self, library: Library) -> None:
        """Bring the index in line with ``library``; if a sync is running, run once more after it. Once
        stopped, nothing: a change that comes in as the window closes (the folder watch, a long note's save
        committed) started a worker that outlived the window, and signalled from a deleted object."""
        with self._lock:
            if self._stopped:
                return
            if self._running:
                self._again = library
                return
            self._running = True
        if self._thread is not None:
            self._thread.join()  # the previous worker has finished its last step; let it go
        self._cancel.clear()
        self._beat = time.monotonic()
        self._heart.start()
        share_the_interpreter()
        self._thread = threading.Thread(
            target=self._run, args=(library,), name="mgreader-indexer", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Ask the worker to stop, and wait for it: the index stays consistent (it commits in batches).
        It is not started again (``sync`` does nothing from now on)."""
        self._cancel.set()
        with self._lock:
            self._again = None
            self._stopped = True
        if self._thread is not None:
            self._thread.join()

    def _run(self, library: Library) -> None:
        while True:
            try:
                self._sync_once(library)
            except Exception as error:  # noqa: BLE001 - a bug must not end indexing for the whole session
                # Said, and the worker is free again: the next change to the library or the notes syncs anew.
                self.last_report = f"The search index could not be updated: {type(error).__name__}: {error}"
                self.finished.emit(self.last_report)
            with self._lock:
                again, self._again = self._again, None
                if again is None or self._cancel.is_set():
                    self._running = False
                    self.idle.emit()
                    return
            library = again

    def _sync_once(self, library: Library) -> None:
        from mgreader.core.search.documents import bookmark_text, checkin_text, note_text
        from mgreader.core.search.index import ArticleText, SearchIndex, topics_by_article
        from mgreader.core.search.text_worker import ArticleTexts

        renderer = BudgetedRenderer()  # a hostile article would otherwise hold this thread for minutes
        texts: ArticleTexts | None = None
        try:
            texts = made = ArticleTexts(self.composer, self.cache_dir, renderer, self._cancel.is_set)
            topics = topics_by_article(library)

            def text_of(ref: ArticleRef) -> ArticleText:
                self._pace(made.spent)
                return made.text(ref, topics.get(ref.id, ""))

            with SearchIndex(self.index_path) as index:
                report = index.sync_articles(library.articles.values(), text_of, cancel=self._cancel.is_set)
                if self.store_path is not None and self.store_path.exists() and not self._cancel.is_set():
                    from mgreader.core.notes.store import Store

                    with Store.open(self.store_path) as store:
                        index.sync_bookmarks(map(bookmark_text, store.all_bookmarks()))
                        index.sync_notes(t for t in map(note_text, store.notes()) if t is not None)
                        index.sync_checkins(map(checkin_text, store.journal.checkins()))
        except (MgReaderError, OSError) as error:
            self.last_report = f"The search index could not be updated: {error}"
            self.finished.emit(self.last_report)
            return
        finally:
            if texts is not None:
                texts.close()
            renderer.close()
        self.last_report = report
        self.runs += 1
        self.finished.emit(report)
