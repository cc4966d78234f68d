"""The start's remaining steps, run after the first article is painted (issue 15).

Only what the first paint needs is built before it. The parts that can wait (the notes, search and journal
controllers, the link router, ...: window/later.py) are ``BuiltLater`` attributes, built by a step. The
steps run one per turn of the event loop after the first paint, so that a key press or a click arriving
meanwhile is handled between two steps, not after all of them. A part asked for before its step ran (the
reader pressed Ctrl+F at once, or a test reached for it) is built there and then, with every step before
it: nothing the reader does is lost or waits on a timer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QObject, QTimer, Signal

# The steps run after this long even when no article gets painted (an empty library).
AFTER_PAINT_FALLBACK_MS = 2000


_spared: object = None  # the table last filled


def spare_source_scans() -> None:
    """Tell PySide which of Mg Reader's modules use it, so that importing them does not read their source.

    PySide's import hook (shibokensupport.feature, for ``from __feature__ import snake_case``) reads the
    source of every module imported after it to see whether it mentions PySide6: 106 modules, 13 ms before
    the first paint. The answer it would find is known: core modules and the standard library's do not (-1,
    "ignore"), the others do (0, "no feature"). Only names not yet seen are added; without the hook
    (another PySide) this does nothing. Called as soon as PySide6 is imported (mgreader.main, app.run)."""
    global _spared
    known = getattr(sys.modules.get("shibokensupport.feature"), "pyside_feature_dict", None)
    if known is _spared or not isinstance(known, dict):
        return  # once: mgreader.main and app.run both ask, and the folders do not change meanwhile
    _spared = known
    for module in sys.stdlib_module_names:  # the standard library's packages and modules never use PySide
        known.setdefault(module, -1)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # mgreader/
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if f.isidentifier() and f != "__pycache__"]  # packages only
        package = "mgreader" + folder[len(root) :].replace(os.sep, ".")
        uses_qt = -1 if package.startswith("mgreader.core") else 0
        for name in files:
            if name.endswith(".py"):
                module = package if name == "__init__.py" else f"{package}.{name[:-3]}"
                known.setdefault(module, uses_qt)


T = TypeVar("T")


class StartUp(QObject):
    finished = Signal()

    def __init__(self, steps: list[Callable[[], object]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps = list(steps)
        self.started = False
        self.done = False
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self.begin)

    def add(self, step: Callable[[], object], first: bool = False) -> None:
        """One more step, after the others (``first``: before them), or now when they are done."""
        if self.done:
            step()
        else:
            self._steps.insert(0 if first else len(self._steps), step)

    def begin(self) -> None:
        """The first article is on screen (or the fallback timer ran): start the steps, once."""
        if self.started:
            return
        self.started = True
        QTimer.singleShot(0, self, self._next)

    def run_through(self, step: Callable[[], object]) -> None:
        """Run every step up to ``step`` now: something needs what it builds before its turn came."""
        while step in self._steps:
            self._run_one()

    def finish_now(self) -> None:
        """Run what is left at once."""
        while self._steps:
            self._run_one()
        self._next()

    def _run_one(self) -> None:
        self._steps.pop(0)()

    def _next(self) -> None:
        if self.done:
            return
        if self._steps:
            try:
                self._run_one()
            finally:
                QTimer.singleShot(0, self, self._next)
            return
        self.done = True
        self.finished.emit()


class Part:
    """Parts of the window that one start-up step builds (``build``); ``built`` once they are there."""

    def __init__(self, build: Callable[[], object]) -> None:
        self.build = build
        self.built = False


class BuiltLater(Generic[T]):
    """A window attribute kept in one of its parts (the attribute ``holder``, a Part or LaterParts): built
    by its start-up step after the first paint, or at once, with every step before it, when it is asked for
    before then."""

    def __init__(self, holder: str = "later") -> None:
        self.holder = holder
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> BuiltLater[T]: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj: Any, owner: type) -> BuiltLater[T] | T:
        if obj is None:
            return self
        part = getattr(obj, self.holder)
        if not part.built:
            obj.start_up.run_through(part.build)
        return getattr(part, self.name)  # type: ignore[no-any-return]
