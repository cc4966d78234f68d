"""Every control a reader can reach with the keyboard has a name a screen reader can say."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox, QTextEdit, QPlainTextEdit, QTabBar)


def test_every_focusable_control_has_a_name_and_the_main_ones_a_description(make_window):
    window = make_window()
    window.searching.find_bar.open_bar()
    window.searching.open_search()
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parent(), QWidget) and isinstance(widget.parent().parent(), QComboBox):
            continue  # a combo box's own pop-up list: the combo box carries the name
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text.strip()):
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []
    for name in ("articleView", "topicTree", "topicFilter", "noteEditor", "bookmarkList", "searchField",
                 "searchResults", "findField"):  # fmt: skip
        assert window.findChild(QWidget, name).accessibleDescription(), name
