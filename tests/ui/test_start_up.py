"""Issue 15: the window paints with only what the first paint needs; the rest follows just after, unnoticed.

The reader may act the moment the window shows: every command given before the rest of the window was built
still does what it says, what is typed stays, and the article does not move when the rest arrives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from mgreader.app import open_store
from mgreader.core import disclaimer
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.ui.window.start_up import StartUp, spare_source_scans

from .conftest import build_window


def shown_window(qtbot, tmp_path: Path, library_dir: Path, prompter):
    """The window as app.py shows it, before the event loop has run once: nothing after the first paint
    has happened yet."""
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    window = build_window(
        paths, library_dir, prompter, open_store=lambda: open_store(paths),
        search_index_path=paths.search_index_file, backup_dir=paths.backup_dir,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    assert not window.bars.built and not window.later.built and not window.start_up.started
    return window


def test_commands_given_as_the_window_shows_work_at_once(qtbot, tmp_path, library_dir, prompter):
    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    window.commands.find.trigger()
    assert window.searching.find_bar.isVisible()
    window.commands.search_library.trigger()
    assert window.left_tabs.currentWidget() is window.searching.search_panel
    window.commands.add_note.trigger()
    editor = window.notes.notes_panel.editor.edit
    QTest.keyClicks(editor, "Ask about magnesium")
    assert editor.toPlainText() == "Ask about magnesium"
    assert window.notes.flush()
    assert [n.body for n in window.notes.store.notes()] == ["Ask about magnesium"]
    # The start's own steps then find their parts built and do the rest without building them again.
    qtbot.waitUntil(lambda: window.start_up.done)
    assert window.notes.notes_panel.editor.edit.toPlainText() == "Ask about magnesium"


def test_keys_pressed_as_the_window_shows_reach_their_command_or_the_filter(
    qtbot, tmp_path, library_dir, prompter, monkeypatch
):
    begin = StartUp.begin
    monkeypatch.setattr(StartUp, "begin", lambda _self: None)  # the steps' turn has not come yet
    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    window.activateWindow()  # shortcuts reach only the active window
    qtbot.waitUntil(window.isActiveWindow)
    assert not window.bars.built and not window.later.built  # no command exists yet
    # As the platform delivers it: to the window's QWindow, which passes it to the focused widget (until just
    # after the first paint, only there is input awaited: bars.EarlyInput).
    window.article_view.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.searching.find_bar.isVisible()
    window.searching.find_bar.hide()
    window.topic_filter.setFocus()
    QTest.keyClicks(window.topic_filter, "second")
    assert window.topic_filter.text() == "second"
    begin(window.start_up)
    qtbot.waitUntil(lambda: window.start_up.done)
    assert window.topic_filter.text() == "second"  # nothing typed was lost to the rest of the start


def test_the_article_stays_where_it_was_painted_when_the_rest_of_the_window_arrives(
    qtbot, tmp_path, library_dir, prompter
):
    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    painted: list[tuple[QPoint, int]] = []
    view = window.article_view
    view.first_painted.connect(lambda: painted.append((view.mapTo(window, QPoint(0, 0)), view.width())))
    qtbot.waitUntil(lambda: window.start_up.done)
    assert window.findChild(QWidget, "notesPanel") is not None  # the notes panel took its place
    assert painted == [(view.mapTo(window, QPoint(0, 0)), view.width())]


def test_the_last_article_is_laid_out_at_the_width_it_is_painted_at(qtbot, tmp_path, library_dir, prompter):
    """Opened before the window was shown, the page was laid out at the width the hidden panes happened to
    have, then again at its own (about a tenth of the start): it is opened as the window shows."""
    paths = AppPaths.under(tmp_path / "home")
    paths.ensure()
    window = build_window(paths, library_dir, prompter, open_store=lambda: open_store(paths))
    qtbot.addWidget(window)
    view = window.article_view
    widths: list[float] = []  # the width each page was laid out at when it was shown
    show_page = view.show_page

    def shown(*args: object) -> None:
        show_page(*args)  # type: ignore[arg-type]
        widths.append(view.document().pageSize().width())

    view.show_page = shown  # type: ignore[method-assign]
    window.restore_state()
    window.show()
    painted: list[float] = []
    view.first_painted.connect(lambda: painted.append(view.viewport().width()))
    qtbot.waitUntil(lambda: bool(painted))
    assert window.article is not None
    assert widths == painted


# What the first paint of a relaunch must not wait for: python-markdown and the renderer (the article comes
# from the render cache), YAML (its fields too; the library from the scan cache), the notes file's modules
# (sqlite3), the worker process's, matplotlib, the worker that reads the reader's folder.
NOT_BEFORE_THE_FIRST_PAINT = (
    "markdown", "mgreader.core.render.markdown", "yaml", "multiprocessing", "sqlite3", "matplotlib",
    "mgreader.ui.notes.notes_controller", "mgreader.ui.search.search_controller",
    "mgreader.ui.journal.journal_controller", "mgreader.core.sheet.rules",
    "mgreader.ui.library.library_scanner",
    "mgreader.core.render.glossary",  # its marks are in the render cache; its terms, for the links' tooltips
    "mgreader.core.library.frontmatter",  # the fields are in the render cache, the references in the scan's
    "html", "html.entities",  # core/escape.py escapes the page's text
    "hashlib", "_hashlib",  # OpenSSL: core/digest.py makes the start's SHA-256 digests
    "mgreader.core.library.topics.tree_merge",  # a rescan's row edits
    "mgreader.core.session.changes",  # the first paint changes nothing
    "mgreader.core.session.showing",  # Back's and Forward's
    "mgreader.core.library.skipped",  # what a walk left out: nothing in the bundled library
    "PySide6.QtNetwork",  # the single-instance server listens just after the first paint, not in it
)  # fmt: skip

# Qt classes whose Python types (and enums: QIcon's ThemeIcon alone has 151 members) the first paint of an
# article without pictures does not need: the window icon's, the tool bar's, the picture loader's; the
# style's (the application is made in Fusion, not set to it: app.py); and classes PySide makes only when it
# walks every subclass of QWidget (QWizard) or of QObject (QGraphicsScene) to find the class of a widget or
# object it has not handed to Python before, as ``viewport()`` did (ui/reading/port.py).
QT_CLASSES_LATER = (
    "QIcon", "QPixmap", "QImage", "QImageReader", "QPainter", "QUrl", "QStyle", "QWizard", "QGraphicsScene",
)  # fmt: skip

# Prints the modules imported at the first paint, then whether garbage collection ran then and after.
FIRST_PAINT_MODULES = """
import gc, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import mgreader
from mgreader.ui.reading.article_view import ArticleView
LATER = %r
shown = ArticleView.show_page
def report(view):
    print(json.dumps(sorted(sys.modules)), flush=True)
    from PySide6 import QtCore, QtGui, QtWidgets
    made = [name for module in (QtCore, QtGui, QtWidgets) for name in LATER if name in vars(module)]
    print(json.dumps(made), flush=True)
    print(json.dumps(gc.isenabled()), flush=True)
    QTimer.singleShot(0, lambda: [w.close() for w in QApplication.topLevelWidgets()])
def show_page(self, *args):
    shown(self, *args)
    self.first_painted.connect(lambda: report(self))
ArticleView.show_page = show_page
mgreader.main(sys.argv[1:])
print(json.dumps(gc.isenabled()), flush=True)
"""


def test_a_relaunch_paints_before_importing_what_the_rest_of_the_window_needs(tmp_path: Path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_version": version}))
    command = [sys.executable, "-c", FIRST_PAINT_MODULES % (QT_CLASSES_LATER,), "--home", str(home)]
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=True)
    assert first.stdout  # painted (and filled the render cache)
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=True)
    lines = again.stdout.splitlines()
    modules = set(json.loads(lines[0]))
    assert "mgreader.ui.main_window" in modules
    assert sorted(modules & set(NOT_BEFORE_THE_FIRST_PAINT)) == []
    assert json.loads(lines[1]) == []  # no Qt class the first paint does not use was made
    # Collection waits until the first paint (its modules' objects all stay), and runs again after it.
    assert json.loads(lines[2]) is False and json.loads(lines[3]) is True


def test_a_command_runs_with_garbage_collection_on(tmp_path: Path, library_dir: Path, capsys):
    import gc

    import mgreader

    mgreader.main(["--home", str(tmp_path / "home"), "check", str(library_dir)])  # the fixture has problems
    assert "articles checked" in capsys.readouterr().out
    assert gc.isenabled()


def test_pyside_is_told_which_of_our_modules_use_it_instead_of_reading_their_source(monkeypatch):
    feature = sys.modules["shibokensupport.feature"]  # PySide's import hook, for `from __feature__ ...`
    monkeypatch.setattr(feature, "pyside_feature_dict", {"mgreader.ui.look.palette": 0})
    scans: list[str] = []
    monkeypatch.setattr(feature, "_mod_uses_pyside", lambda module: scans.append(module.__name__))
    spare_source_scans()
    known = feature.pyside_feature_dict
    assert (known["mgreader.ui.window.later"], known["mgreader.core.settings"], known["json"]) == (0, -1, -1)
    monkeypatch.delitem(sys.modules, "mgreader.cli.export", raising=False)
    import mgreader.cli.export  # noqa: F401  (imported again, after the hook: not read)

    assert [name for name in scans if name.startswith("mgreader")] == []


def test_the_reserved_tool_bar_shows_no_stray_button_before_the_event_loop_runs(
    qtbot, tmp_path, library_dir, prompter
):
    """The tool bar's height is measured on a button that must never be seen: before the first turn of the
    event loop, a not yet deleted probe drew a second "Back" with an uninitialised icon over the bar."""
    from PySide6.QtWidgets import QToolButton

    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    toolbar = window.findChild(QWidget, "navigationToolbar")
    visible = [b.text() for b in toolbar.findChildren(QToolButton) if b.isVisible() and b.text()]
    assert visible == []
    qtbot.waitUntil(lambda: window.start_up.done)
    shown = [b.text() for b in toolbar.findChildren(QToolButton) if b.isVisible() and b.text()]
    assert shown.count("Back") == 1


def test_the_everyday_options_are_read_as_the_parser_reads_them(capsys):
    from mgreader import app

    plain = [[], ["--home", "/h"], ["--home=/h", "--content", "c"], ["--content=c", "--home=a", "--home=b"]]
    for argv in plain:
        assert app._plain_options(argv) == app._parser().parse_args(argv), argv
    # Anything else goes to the parser: an abbreviation, a missing value, help.
    assert app.parse_args(["--ho", "/h"]).home == "/h"
    for wrong in (["--home"], ["--home", "--content", "c"], ["--help"]):
        assert app._plain_options(wrong) is None
        with pytest.raises(SystemExit):
            app.parse_args(wrong)
    assert "usage: mgreader" in capsys.readouterr().out


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("theme", ["light", "high_contrast"])
def test_the_first_paint_styles_its_scroll_bars_and_the_whole_style_sheet_follows(
    tmp_path: Path, library_dir: Path, monkeypatch, theme: str
):
    """The application's style sheet is set just after the first paint (QStyleSheetStyle polishing every
    widget cost a tenth of the start); the scroll bars, the only styled part that paint shows, have their
    look before it. High contrast outlines every widget: styled at once."""
    from PySide6.QtWidgets import QApplication, QScrollBar

    from mgreader.ui.look import palette
    from mgreader.ui.reading.article_view import ArticleView

    from .test_e2e import run_app, top_level

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(
        json.dumps({"disclaimer_version": version, "theme": theme})
    )
    app = QApplication.instance()
    sheets = palette.style_sheet(palette.resolve(theme)), palette.scroll_bar_sheet(palette.resolve(theme))
    at_paint: list[tuple[str, str, int]] = []
    unstyled: list[QScrollBar] = []
    shown = ArticleView.show_page

    def show_page(self: ArticleView, *args: object) -> None:
        shown(self, *args)
        bar = self.verticalScrollBar()
        self.first_painted.connect(lambda: at_paint.append((app.styleSheet(), bar.styleSheet(), bar.width())))
        # Every scroll bar on screen in the first paint has its look (the window's are named, not found).
        window = self.window()
        self.first_painted.connect(
            lambda: unstyled.extend(
                bar for bar in window.findChildren(QScrollBar)
                if bar.isVisible() and theme != "high_contrast" and bar.styleSheet() != sheets[1]
            )  # fmt: skip
        )

    monkeypatch.setattr(ArticleView, "show_page", show_page)

    def script():
        yield lambda: top_level("mainWindow") is not None and top_level("mainWindow").start_up.done
        window = top_level("mainWindow")
        assert at_paint == [(sheets[0], "", 14)] if theme == "high_contrast" else [("", sheets[1], 14)]
        assert unstyled == []
        assert app.styleSheet() == sheets[0]
        assert [bar.styleSheet() for bar in window.findChildren(QScrollBar)] == [""] * len(
            window.findChildren(QScrollBar)
        )  # the application's sheet, which a change of theme changes, styles them now
        window.commands.quit.trigger()

    assert run_app(["--home", str(home), "--content", str(library_dir)], script) == 0


def test_a_key_pressed_as_the_platform_sends_it_builds_the_commands_before_the_first_paint(
    qtbot, tmp_path, library_dir, prompter, monkeypatch
):
    """Until the window is active or painted, the commands wait for input on the window's own QWindow, where
    the platform delivers every key press and click first (an application-wide filter from the start saw
    every event of every widget shown: 10 M instructions before the first paint)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr(StartUp, "begin", lambda _self: None)  # the steps' turn does not come
    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    painted: list[bool] = []
    window.article_view.first_painted.connect(lambda: painted.append(True))
    # As the platform delivers a key press, before any shortcut is looked for (QTest's keyClick would run the
    # event loop, and paint).
    press = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(window.windowHandle(), press)
    assert window.bars.built and not painted
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.searching.find_bar.isVisible()  # the shortcut was there for the key


def test_the_filter_has_its_clear_button_for_the_first_character_typed(
    qtbot, tmp_path, library_dir, prompter, monkeypatch
):
    """The clear button waits for the first paint (the empty field looks the same without it), or for the
    reader's first key press, which adds it before its character."""
    monkeypatch.setattr(StartUp, "begin", lambda _self: None)  # the steps' turn does not come
    window = shown_window(qtbot, tmp_path, library_dir, prompter)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert not window.topic_filter.isClearButtonEnabled()
    window.topic_filter.setFocus()
    QTest.keyClicks(window.topic_filter, "m")
    assert window.topic_filter.isClearButtonEnabled() and window.topic_filter.text() == "m"


@pytest.mark.usefixtures("qapp")
def test_at_double_text_size_the_window_does_not_move_when_the_style_sheet_arrives(
    tmp_path: Path, library_dir: Path, monkeypatch
):
    """The empty tool bar of the first paint is as high as the filled one. The window was made before the
    text size was set, so the widgets made in it took its old font until Qt's posted font changes arrived,
    and the tool bar's probe button was measured in it; the style sheet (which resolves fonts at once) now
    comes after the first paint, so at 200% text the tool bar grew 3 pixels then and the article moved."""
    from PySide6.QtWidgets import QToolBar

    from mgreader.ui.reading.article_view import ArticleView

    from .test_e2e import run_app, top_level

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(
        json.dumps({"disclaimer_version": version, "theme": "light", "zoom": 7})
    )
    at_paint: list[tuple[int, int]] = []
    shown = ArticleView.show_page

    def show_page(self: ArticleView, *args: object) -> None:
        shown(self, *args)
        window = self.window()
        bar = window.findChild(QToolBar, "navigationToolbar")
        self.first_painted.connect(
            lambda: at_paint.append((bar.height(), self.mapTo(window, QPoint(0, 0)).y()))
        )

    monkeypatch.setattr(ArticleView, "show_page", show_page)

    def script():
        yield lambda: top_level("mainWindow") is not None and top_level("mainWindow").start_up.done
        window = top_level("mainWindow")
        bar = window.findChild(QToolBar, "navigationToolbar")
        # Its height, and the article's top under it (sideways, Qt's 800x800 offscreen screen squeezes the
        # panes at this size: the notes panel, built after the paint, narrows the tree; a real 1280x720
        # screen keeps them).
        assert at_paint == [(bar.height(), window.article_view.mapTo(window, QPoint(0, 0)).y())]
        window.commands.quit.trigger()

    assert run_app(["--home", str(home), "--content", str(library_dir)], script) == 0


@pytest.mark.parametrize("argv", ["kept", "empty"])
def test_the_window_is_in_fusion_whatever_the_desktop_asks_for(tmp_path: Path, argv: str):
    """The themes' colours and rules are Fusion's. The application is made in Fusion (app.py), no longer set
    to it after, so a desktop's own choice (QT_STYLE_OVERRIDE) must still not win; nor when Python's
    ``sys.argv`` is empty (an embedded interpreter), where Qt would take the style option for the program."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_version": version}))
    code = (
        "import sys, mgreader, mgreader.app\n"
        "def painted(window, marker):\n"
        "    from PySide6.QtWidgets import QApplication\n"
        "    print(QApplication.style().name(), window.style().name(), flush=True)\n"
        "    window.close()\n"
        "mgreader.app._report_first_paint = painted\n"
        "args = sys.argv[1:]\n"
        + ("sys.argv[:] = []\n" if argv == "empty" else "")
        + "sys.exit(mgreader.main(args))\n"
    )
    env = {
        "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
        "QT_STYLE_OVERRIDE": "Windows", "MGREADER_QUIT_AFTER_FIRST_PAINT": str(tmp_path / "painted"),
    }  # fmt: skip
    command = [sys.executable, "-c", code, "--home", str(home)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["fusion", "fusion"]
