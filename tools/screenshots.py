"""Screenshots of the real window under Xvfb, for the README and for looking at every theme and text size.

    xvfb-run -a -s "-screen 0 1280x720x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py [OUT]

Writes, for every theme, the whole screen at 100% and at about 200% text size (the screen, not only the
window, so that what falls off the screen shows), and the appointment sheet dialog. Uses a throwaway home
folder with one bookmark and a note, and the bundled library."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def parse(argv: Sequence[str]) -> Path:
    """The folder the screenshots go to; ``--help`` prints the help and exits, making nothing."""
    parser = argparse.ArgumentParser(
        prog="tools/screenshots.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", nargs="?", type=Path, default=Path("shots"), help="where (default: shots)")
    return parser.parse_args(argv).out  # type: ignore[no-any-return]


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from mgreader.app import open_store
    from mgreader.core.library.scan import content_roots
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.paths import AppPaths, bundled_dir
    from mgreader.core.render.reader import ArticleLoader
    from mgreader.core.settings import Settings
    from mgreader.ui.look import palette, text_spacing
    from mgreader.ui.main_window import MainWindow
    from mgreader.ui.sheet.sheet_dialog import SheetDialog

    paths = AppPaths.under(Path(tempfile.mkdtemp()) / "home")
    paths.ensure()
    loader = ArticleLoader.create(bundled_dir("resources"), paths.render_cache_dir)
    settings = Settings.load(paths.settings_file)
    store, _message = open_store(paths)
    window = MainWindow(
        content_roots(paths, None), loader, settings, palette.resolve("light"), paths.library_dir,
        store=store, scan_cache=ScanCache.in_dir(paths.cache_dir),
    )  # fmt: skip
    window.restore_state()
    window.show()
    settle(app)
    view = window.article_view
    text = view.toPlainText()
    start = next((text.index(w) for w in ("Magnesium", "magnesium") if w in text), 0)
    window.notes.bookmark_span(start, start + 60)
    panel = window.notes.notes_panel
    panel.editor.edit.setPlainText("Ask Dr K whether this explains the night cramps.")
    panel.editor.save()
    screen = app.primaryScreen()
    for theme in ("light", "dark", "sepia", "high_contrast"):
        window.appearance.set_theme(theme)
        for zoom, label in ((0, "100"), (7, "200")):
            window.appearance.set_zoom(zoom)
            settle(app)
            screen.grabWindow(0).save(str(out / f"screen-{theme}-{label}.png"))
        window.appearance.set_zoom(0)
    # The reading guide on a paragraph in view, with the bookmark's highlight: every theme, 100% and 200%.
    window.appearance.set_guide("paragraph", quietly=True)
    for theme in ("light", "dark", "sepia", "high_contrast"):
        window.appearance.set_theme(theme)
        for zoom, label in ((0, "100"), (7, "200")):
            window.appearance.set_zoom(zoom)
            settle(app)
            cursor = view.cursorForPosition(view.viewport().rect().center())
            view.setTextCursor(cursor)
            settle(app)
            screen.grabWindow(0).save(str(out / f"guide-{theme}-{label}.png"))
        window.appearance.set_zoom(0)
    window.appearance.set_guide("off", quietly=True)
    window.appearance.set_theme("light")
    settle(app)
    window.grab().save(str(out / "reader-light.png"))
    window.appearance.set_theme("dark")
    settle(app)
    window.grab().save(str(out / "reader-dark.png"))
    window.appearance.set_theme("light")
    # WCAG 1.4.12: the text spacing applied to the window and the article
    # (tests/ui/look/test_text_spacing.py).
    original = app.font()
    text_spacing.space_window(app)
    app.setStyleSheet(app.styleSheet())
    text_spacing.space_document(view.document())
    settle(app)
    screen.grabWindow(0).save(str(out / "screen-spacing-light-100.png"))
    app.setFont(original)
    app.setStyleSheet(app.styleSheet())
    window.appearance.set_theme("light")  # the page again, without the spacing
    window.notes.flush()
    for zoom, label in ((0, "100"), (7, "200")):
        window.appearance.set_zoom(zoom)
        settle(app)
        sheet = SheetDialog(window.notes.store, window.library, loader.composer.disclaimer, settings, window)
        sheet.show()
        settle(app)
        if not zoom:
            sheet.grab().save(str(out / "appointment-sheet.png"))
        screen.grabWindow(0).save(str(out / f"screen-sheet-{label}.png"))
        sheet.close()
    window.appearance.set_zoom(0)
    window.close()


def settle(app: QApplication) -> None:
    """Let Qt lay out and paint (posted font changes, lazy layout) before a grab."""
    for _ in range(20):
        app.processEvents()


if __name__ == "__main__":
    main(parse(sys.argv[1:]))
