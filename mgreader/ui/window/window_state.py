"""The window's size, place and pane widths, kept in the settings between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from mgreader.core.settings import Settings
from mgreader.ui.look import screen_fit

DEFAULT_SIZE = (1200, 800)


def restore_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    """Geometry and splitter sizes as saved; a value the file holds that does not fit is ignored."""
    geometry = settings.get("geometry")
    if isinstance(geometry, str) and geometry:
        window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        screen_fit.keep_on_screen(window)  # saved on a larger screen, or one that is gone
    else:
        screen_fit.fit(window, *DEFAULT_SIZE)  # at most about 90% of the screen it opens on
    sizes = settings.get("splitter")
    if (
        isinstance(sizes, list)
        and len(sizes) == splitter.count()
        and all(isinstance(s, int) and s > 0 for s in sizes)
    ):
        splitter.setSizes(sizes)


def save_layout(window: QMainWindow, splitter: QSplitter, settings: Settings) -> None:
    settings.set("geometry", bytes(window.saveGeometry().toBase64().data()).decode("ascii"))
    settings.set("splitter", splitter.sizes())
