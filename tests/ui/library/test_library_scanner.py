"""Garbage collection waits while a big folder is read, from the first listing of its files on (issue 15:
a full collection holds the interpreter, and with it the window, for as long as it takes)."""

import gc
from pathlib import Path

import pytest

from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import progressive
from mgreader.ui.library import library_scanner
from tests.ui.reading.test_tree_filter_oracle import generated_library


@pytest.mark.parametrize("pause_from", [10, 1000])
def test_collection_waits_from_the_survey_of_a_big_folder_and_goes_on_after(
    qtbot, tmp_path: Path, monkeypatch, pause_from: int
):
    monkeypatch.setattr(library_scanner, "PAUSE_COLLECTION_FROM", pause_from)
    survey = progressive.survey
    during: list[bool] = []
    monkeypatch.setattr(progressive, "survey", lambda f: (during.append(gc.isenabled()), survey(f))[1])
    scanner = library_scanner.LibraryScanner(ContentRoot(generated_library(tmp_path / "lib", 60)), None)
    assert gc.isenabled()
    for _ in range(2):  # a first read, and a rescan
        with qtbot.wait_signal(scanner.idle, timeout=20000):
            scanner.scan()
        qtbot.waitUntil(gc.isenabled, timeout=5000)  # on again once the worker is idle
    assert during == [False, False]  # the listing of the files too
