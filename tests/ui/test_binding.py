"""The installed Qt binding keeps Python's reference counts right (see the pin in pyproject.toml)."""

import sys

from PySide6.QtWidgets import QLabel


def test_methods_returning_nothing_do_not_take_references_from_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("x")
    # A faulty binding loses one reference per call; allow for unrelated noise only.
    assert sys.getrefcount(None) >= before - 20
