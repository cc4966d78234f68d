"""The reader's library folder: opening it, and importing articles into it (watching it: library_watcher)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from mgreader.core.session.reading import ReadingSession

if TYPE_CHECKING:
    from mgreader.ui.look.prompts import Prompter


class LibraryFiles(QObject):
    def __init__(
        self,
        library_dir: Path,
        reading: ReadingSession,
        prompter: Prompter,
        status: Callable[[str, int], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library_dir = library_dir
        self.reading = reading
        self.prompter = prompter
        self.status = status
        self._parent = parent

    def open_folder(self) -> None:
        self.library_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.library_dir)))
        self.status(f"Your library folder: {self.library_dir}", 10000)

    def import_articles(self, paths: list[str] | None = None) -> tuple[Path, ...]:
        """Copy Markdown files into the library folder (asking which, when none are given), never
        overwriting one already there; what could not be copied is said. Returns where the copies are."""
        if paths is None:
            from PySide6.QtWidgets import QFileDialog

            paths, _ = QFileDialog.getOpenFileNames(
                self._parent, "Import articles", str(Path.home()), "Markdown articles (*.md *.markdown *.txt)"
            )
        done = self.reading.import_articles([Path(name) for name in paths], self.library_dir)
        for _source, reason in done.value.failed:
            self.prompter.inform("Article not imported", reason)
        return done.value.imported
