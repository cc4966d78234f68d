"""Startup benchmark: process start to the first article painted, against a bare PySide6 window.

Each round starts fresh processes: a bare QMainWindow with a tree and a QTextBrowser (the baseline), then Mg
Reader relaunched on a home whose disclaimer is acknowledged and whose last article is open (the everyday
start). Rounds alternate so that the machine's noise hits both alike; the ratio of the medians is the result.

    python bench/startup.py [--rounds 15] [--content DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET = 1.5

# Both children print the wall-clock time of the first paint of the article viewport, then quit.
PAINT_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "qt_scrollarea_viewport":
            view = obj.parent()
            if view is not None and view.objectName() == "articleView" and not view.document().isEmpty():
                print(f"PAINTED {time.time():.6f}", flush=True)
                QTimer.singleShot(0, lambda: [w.close() for w in QApplication.topLevelWidgets()])
                QApplication.instance().removeEventFilter(self)
        return False

app = QApplication(sys.argv[:1])
probe = FirstPaint()
app.installEventFilter(probe)
"""

BARE = (
    PAINT_PROBE
    + """
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QSplitter, QTextBrowser, QTreeView
window = QMainWindow()
splitter = QSplitter(Qt.Orientation.Horizontal)
splitter.addWidget(QTreeView())
view = QTextBrowser()
view.setObjectName("articleView")
view.setHtml("<h1>Title</h1><p>" + "Some words in a paragraph. " * 200 + "</p>")
splitter.addWidget(view)
window.setCentralWidget(splitter)
window.resize(1200, 800)
window.show()
app.exec()
"""
)

APP = (
    PAINT_PROBE
    + """
import mgreader
mgreader.main(sys.argv[1:])
"""
)


def time_child(code: str, args: list[str], env: dict[str, str]) -> float:
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no paint reported (exit {result.returncode}):\n{result.stderr[-2000:]}")


def prepare_home(home: Path, content: list[str]) -> None:
    """One launch that acknowledges the disclaimer and fills the render cache, as after a first use."""
    from mgreader.core import disclaimer
    from mgreader.core.paths import AppPaths, bundled_dir
    from mgreader.core.settings import Settings

    paths = AppPaths.under(home)
    paths.ensure()
    settings = Settings.load(paths.settings_file)
    settings.set("disclaimer_version", disclaimer.load(bundled_dir("resources")).version)
    settings.save()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--content", help="library folder to start with (default: the bundled one)")
    options = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    # An installed app has byte-compiled modules; without this, every run would compile them again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    content = ["--content", options.content] if options.content else []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        prepare_home(home, content)
        app_args = ["--home", str(home), *content]
        time_child(APP, app_args, env)  # fills the render cache and remembers the last article
        time_child(BARE, [], env)
        bare, app = [], []
        for _ in range(options.rounds):
            bare.append(time_child(BARE, [], env))
            app.append(time_child(APP, app_args, env))
        cold = []
        for _ in range(max(3, options.rounds // 3)):
            for entry in (home / "cache" / "rendered").glob("*.json"):
                entry.unlink()
            cold.append(time_child(APP, app_args, env))
    bare_median, app_median, cold_median = (statistics.median(x) for x in (bare, app, cold))
    ratio = app_median / bare_median
    print(f"rounds: {options.rounds}   python {sys.version.split()[0]}   {os.cpu_count()} cpus")
    print(
        f"bare PySide6 window (baseline):         median {bare_median * 1000:6.0f} ms   "
        f"min {min(bare) * 1000:4.0f}   max {max(bare) * 1000:4.0f}"
    )
    print(
        f"Mg Reader relaunch, last article:      median {app_median * 1000:6.0f} ms   "
        f"min {min(app) * 1000:4.0f}   max {max(app) * 1000:4.0f}   ratio {ratio:.2f}x (budget {BUDGET}x)"
    )
    print(
        f"Mg Reader, empty render cache (info):  median {cold_median * 1000:6.0f} ms   "
        f"ratio {cold_median / bare_median:.2f}x"
    )
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
