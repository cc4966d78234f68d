"""End to end through mgreader.main, the way a reader meets the app: first launch, reading, relaunch."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

import mgreader
from mgreader.ui.main_window import MainWindow

Step = Callable[[], bool]


def top_level(name: str):
    return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)


def run_app(argv: list[str], script: Callable[[], Iterator[Step]]) -> int:
    """Run mgreader.main while ``script`` drives it: the script yields conditions to wait for, and the
    next part runs once a condition holds (checked on a timer inside the app's own event loop)."""
    steps = script()
    waiting: list[Step] = [lambda: True]
    failure: list[BaseException] = []
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        try:
            if waiting[0]():
                waiting[0] = next(steps)
        except StopIteration:
            timer.stop()
        except BaseException as error:  # report it after main() returns, and let the app end
            failure.append(error)
            timer.stop()
            for widget in QApplication.topLevelWidgets():
                widget.close()

    timer.timeout.connect(tick)
    timer.start()
    code = mgreader.main(argv)
    timer.stop()
    if failure:
        raise failure[0]
    return code


@pytest.mark.usefixtures("qapp")
def test_first_launch_read_follow_back_and_relaunch(tmp_path: Path, library_dir: Path):
    home = tmp_path / "home"
    argv = ["--home", str(home), "--content", str(library_dir)]
    seen: dict[str, object] = {}

    def first_launch() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        dialog = top_level("disclaimerDialog")
        assert isinstance(dialog, QDialog) and dialog.isModal()
        assert top_level("mainWindow") is None, "no article before the disclaimer is acknowledged"
        dialog.findChild(QPushButton, "acceptDisclaimer").click()

        yield lambda: top_level("mainWindow") is not None
        window = top_level("mainWindow")
        assert isinstance(window, MainWindow)
        window.open_article("01-first-topic/01-welcome")
        assert "Not medical advice" in window.article_view.toPlainText()
        window.follow_link("02-second.md#a-table-of-numbers")
        assert window.article.ref.id == "01-first-topic/02-second"
        assert "Not medical advice" in window.article_view.toPlainText()
        window.actions.back.trigger()
        assert window.article.ref.id == "01-first-topic/01-welcome"
        window.follow_link("02-second.md")
        seen["article"] = window.article.ref.id
        window.actions.quit.trigger()

    assert run_app(argv, first_launch) == 0

    def relaunch() -> Iterator[Step]:
        yield lambda: top_level("mainWindow") is not None
        assert top_level("disclaimerDialog") is None
        window = top_level("mainWindow")
        seen["relaunched"] = window.article.ref.id
        window.close()

    assert run_app(argv, relaunch) == 0
    assert seen["relaunched"] == seen["article"] == "01-first-topic/02-second"


@pytest.mark.usefixtures("qapp")
def test_declining_the_disclaimer_quits_without_reading(tmp_path: Path, library_dir: Path):
    def decline() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        top_level("disclaimerDialog").findChild(QPushButton, "declineDisclaimer").click()

    assert run_app(["--home", str(tmp_path / "h"), "--content", str(library_dir)], decline) == 0
    assert top_level("mainWindow") is None


@pytest.mark.usefixtures("qapp")
def test_a_changed_disclaimer_is_shown_again(tmp_path: Path, library_dir: Path):
    home = tmp_path / "home"
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"disclaimer_version": "an-older-version"}', encoding="utf-8")
    shown: list[bool] = []

    def script() -> Iterator[Step]:
        yield lambda: top_level("disclaimerDialog") is not None
        shown.append(True)
        top_level("disclaimerDialog").findChild(QPushButton, "acceptDisclaimer").click()
        yield lambda: top_level("mainWindow") is not None
        top_level("mainWindow").close()

    assert run_app(["--home", str(home), "--content", str(library_dir)], script) == 0
    assert shown == [True]
