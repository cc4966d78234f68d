"""Wiring: arguments -> paths -> core objects -> QApplication -> MainWindow. No globals."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgreader.core.errors import MgReaderError
from mgreader.core.library.scan import content_roots
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.version import __version__

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from mgreader.core.notes.store import Store

# For the tests that start the real app (tests/test_real_window.py, packaging/): once the first article is on
# screen, write the time and the window's title to this file and quit.
FIRST_PAINT_ENV = "MGREADER_QUIT_AFTER_FIRST_PAINT"


def parse_args(argv: list[str]) -> argparse.Namespace:
    plain = _plain_options(argv)
    return plain if plain is not None else _parser().parse_args(argv)


def _plain_options(argv: list[str]) -> argparse.Namespace | None:
    """``--home DIR`` and ``--content DIR`` (``=DIR`` too), the everyday start's only options, read without
    the parser: its first use looks up a translation of each of its messages, file by file (about 3 ms before
    the first paint). None for anything else (help, version, an abbreviation, a mistake to report)."""
    values: dict[str, str] = {}
    words = list(argv)
    while words:
        name, equals, value = words.pop(0).partition("=")
        if name not in ("--home", "--content") or not (equals or words):
            return None
        value = value if equals else words.pop(0)
        if not value or value.startswith("-"):
            return None
        values[name[2:]] = value
    content = values.get("content")
    return argparse.Namespace(home=values.get("home"), content=Path(content) if content is not None else None)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mgreader",
        description="Read, bookmark and take notes on health articles. "
        "'mgreader check [DIR ...]' checks a folder of articles for problems; "
        "'mgreader export --sheet -o FILE' saves the appointment sheet (see 'mgreader export --help'); "
        "'mgreader import FILE.json' adds the bookmarks and notes of an export. Put --home DIR before the "
        "command to use the notes kept there.",
    )
    parser.add_argument("--version", action="version", version=f"mgreader {__version__}")
    parser.add_argument(
        "--home", metavar="DIR", help="keep settings, notes and caches under DIR (or set MGREADER_HOME)"
    )
    parser.add_argument(
        "--content", metavar="DIR", type=Path, help="read the bundled library from DIR instead"
    )
    return parser


def no_display() -> bool:
    """On Linux, without a display Qt would abort with a message about its platform plug-in instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def app_icon(resources: Path) -> QIcon:
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for png in sorted((resources / "icons").glob("mgreader-*.png")):
        icon.addFile(str(png))  # loaded only when a size is drawn
    return icon


def open_store(paths: AppPaths) -> tuple[Store | None, str]:
    """The reader's notes file and a message for the reader ('' when there is nothing to say).

    A damaged file is moved aside (never deleted) and the newest good backup restored; the message says what
    happened. When the file cannot be used at all (a read-only folder, a full disk) the store is None and
    reading still works."""
    from datetime import UTC, datetime

    from mgreader.core.notes.recovery import open_or_recover
    from mgreader.core.notes.store import Store, StoreReadOnlyError

    try:
        recovered = open_or_recover(paths.store_file, paths.backup_dir, lambda: datetime.now(UTC))
    except StoreReadOnlyError as error:
        try:
            store = Store(paths.store_file, read_only=True)
        except MgReaderError:
            return None, f"Bookmarks and notes are not available: {error}"
        return store, (
            f"Your notes can be read but not changed: {error} What you type stays on screen and is saved as "
            "soon as the folder can be written again; Mg Reader keeps trying."
        )
    except MgReaderError as error:
        return None, f"Bookmarks and notes are not available: {error}"
    return recovered.store, recovered.message or ""


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from mgreader.cli import dispatch

    gc.enable()  # a command runs with collection as usual
    status = dispatch(argv)  # check, export, import: without the window
    if status is not None:
        return status
    gc.disable()  # until the first paint (LaterParts.open_notes): a collection would only delay it
    try:
        return _run_app(argv)
    finally:
        gc.enable()  # the window never painted (it was open already, the disclaimer was declined ...)


def _run_app(argv: list[str]) -> int:
    args = parse_args(argv)
    if no_display():
        print("Mg Reader needs a desktop session to show its window: neither DISPLAY nor WAYLAND_DISPLAY is "
              "set. 'mgreader --help' lists what works without one.", file=sys.stderr)  # fmt: skip
        return 1
    paths = AppPaths.resolve(args.home)
    problems = paths.ensure()

    # Qt and the window are imported only now: commands such as `mgreader --version` stay fast.
    from PySide6.QtWidgets import QApplication

    from mgreader.ui.window.start_up import spare_source_scans

    spare_source_scans()  # before the window's modules are imported
    from mgreader.ui.app.single_instance import SingleInstance
    from mgreader.ui.look import palette

    existing = QApplication.instance()
    # A QApplication when one was made already (tests make it), else the one made here, in Fusion (the
    # themes' colours and rules are Fusion's) from the start: ``setStyle`` hands Python the style, whose
    # Python type has the largest enums in QtWidgets (8 ms before the first paint; issue 15).
    if isinstance(existing, QApplication):
        app, made = existing, False
    else:
        # A program name first: Qt takes the first argument for one (an embedded Python's argv is empty).
        app, made = QApplication([*(sys.argv[:1] or ["mgreader"]), "-style", palette.STYLE]), True
    app.setApplicationName("Mg Reader")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("mgreader")
    # Always, even when some folder could not be made: two copies writing one notes file interleave saves.
    instance = SingleInstance(paths.data_dir)
    if not instance.claim():
        print("Mg Reader is already open with these notes; its window was brought to the front.")
        return 0
    try:
        return _run_window(app, args, paths, problems, instance, styled=made)
    finally:
        instance.release()


def _run_window(
    app: Any, args: argparse.Namespace, paths: AppPaths, problems: list[str], instance: Any, styled: bool
) -> int:
    """The window's part of ``run``, once this copy owns the data folder (``styled``: ``app`` was made in
    Fusion)."""
    from mgreader.core.library.scan_cache import ScanCache
    from mgreader.core.render.reader import ArticleLoader
    from mgreader.core.settings import Settings
    from mgreader.ui.look import palette
    from mgreader.ui.look.prompts import Prompter
    from mgreader.ui.main_window import MainWindow

    loader = ArticleLoader.create(bundled_dir("resources"), paths.render_cache_dir)
    disclaimer = loader.composer.disclaimer
    settings = Settings.load(paths.settings_file)
    if settings.notice:
        problems.append(settings.notice)
    theme = palette.resolve(str(settings.get("theme", "system")))
    # The style sheet waits for the first paint (palette.styled_later), unless something else is shown first.
    later_sheet = theme.name != "high_contrast" and not problems
    palette.apply(app, theme, sheet=not later_sheet, style=not styled)

    icon: list[QIcon] = []

    def set_icon() -> None:  # QIcon's Python type and its 151 ThemeIcon members wait for the first paint
        if not icon:
            icon.append(app_icon(bundled_dir("resources")))
            app.setWindowIcon(icon[0])

    if settings.get("disclaimer_version") != disclaimer.version:
        from mgreader.ui.help.disclaimer_dialog import DisclaimerDialog

        set_icon()
        if later_sheet:  # its check box
            later_sheet = False
            app.setStyleSheet(palette.style_sheet(theme))

        dialog = DisclaimerDialog(disclaimer, must_acknowledge=True)
        if dialog.exec() != DisclaimerDialog.DialogCode.Accepted:
            return 0
        settings.set("disclaimer_version", disclaimer.version)
        try:
            settings.save()
        except MgReaderError as error:
            problems.append(str(error))

    window = MainWindow(
        content_roots(paths, args.content), loader, settings, theme, paths.library_dir,
        open_store=lambda: open_store(paths), search_index_path=paths.search_index_file,
        scan_cache=ScanCache.in_dir(paths.cache_dir),
        backup_dir=paths.backup_dir,
    )  # fmt: skip
    from PySide6.QtCore import QEvent

    # A start-up step, so just after the first paint, not in it: QtNetwork's import and the server took 18 M
    # instructions of the paint that puts the window on screen (Qt shows the window once the whole of its
    # paint is over). The steps run while a message below is open too, and after their fallback time when
    # the window is never painted (shown minimised).
    window.start_up.add(instance.listen, first=True)
    instance.raise_requested.connect(window.bring_to_front)
    from PySide6.QtWidgets import QApplication

    quitting: list[Any] = []

    def quit_on_signals() -> None:  # after the first paint: it waits for nothing before it
        from mgreader.ui.app.quit_signals import QuitOnSignals, close_gently

        quitting.append(QuitOnSignals(lambda: close_gently(app, window)))

    window.start_up.add(quit_on_signals, first=True)  # before the notes file is opened
    # Until then the desktop shows the icon its desktop file names (setDesktopFileName).
    window.start_up.add(set_icon, first=True)
    if later_sheet and not problems:
        # The scroll areas the first paint shows.
        areas = [window.article_view, window.topic_tree]
        window.start_up.add(palette.styled_later(areas, theme), first=True)
    elif not app.styleSheet():
        app.setStyleSheet(palette.style_sheet(theme))
    window.start_up.add(loader.warm_up_soon)  # the render worker, for the first article not in the cache
    if marker := os.environ.get(FIRST_PAINT_ENV):
        window.article_view.first_painted.connect(lambda: _report_first_paint(window, Path(marker)))
    window.restore_state()
    window.show()
    if problems:
        Prompter(window).inform("Mg Reader", "\n\n".join(problems))
    try:
        return int(app.exec())
    finally:
        for guard in quitting:
            guard.restore()
        if (store := window.open_store()) is not None:
            store.close()
        # main() may run again in the same QApplication (tests, embedding): the closed window, its timers
        # and its signal connections must go now, not linger over a closed notes file.
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _report_first_paint(window: Any, marker: Path) -> None:
    import time

    from PySide6.QtCore import QTimer

    marker.write_text(f"{time.time():.6f} {window.windowTitle()}\n", encoding="utf-8")
    QTimer.singleShot(0, window.close)
