"""Formatting a long article off the window's thread (issue 11): the window shows "Preparing this
article..." at once and the page when it is ready, so no article blocks it for more than a moment.

The formatting itself runs in the loader's worker process (core/render/budget.py, with its time budget);
this thread only waits for it, so it does not hold the GIL while python-markdown works.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal

from mgreader.core.library.scan import ArticleRef
from mgreader.core.render.reader import ArticleLoader

# Each time the window's thread calls into Qt it may let go of the interpreter (the GIL), and to get it back
# it waits until a busy worker thread is made to yield: by default after 5 ms. A paint or a model reset
# makes hundreds of such calls, so a worker reading 20,000 articles held the window for tenths of a second
# (issue 15). Workers are made to yield after 0.5 ms instead: a little more switching, no such stalls.
SWITCH_INTERVAL_S = 0.0005


def share_the_interpreter() -> None:
    """Called before a worker thread starts (library scan, index build, freeing a tree)."""
    if sys.getswitchinterval() > SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)


class BackgroundLoad(QObject):
    """``start(ref, place)`` loads in a thread; ``loaded(article, place)`` comes on the window's thread.
    ``place`` is whatever the window needs to put the reader back (an anchor, a position)."""

    loaded = Signal(object, object)

    def __init__(self, loader: ArticleLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self.running = 0

    def start(self, ref: ArticleRef, place: Any) -> None:
        self.running += 1
        threading.Thread(target=self._run, args=(ref, place), daemon=True, name="mgreader-load").start()

    def _run(self, ref: ArticleRef, place: Any) -> None:
        # Never raises for a bad article: problems become notices. Formatted in the worker process, not in
        # this thread: python-markdown here would hold the interpreter the window needs.
        article = self._loader.load(ref, in_worker=True)
        with contextlib.suppress(RuntimeError):  # "Signal source has been deleted": the window closed
            self.loaded.emit(article, place)  # queued: the receiver lives on the window's thread
