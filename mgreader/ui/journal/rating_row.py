"""One rating of the check-in (energy 0-10, a symptom 0-3, crashed yes/no), set by one key press.

The row itself takes the keyboard focus: a digit sets the value and the row asks to move on; the arrow keys
step the value without moving; Delete clears it. The buttons are for the mouse and never take the focus,
so Tab goes from row to row, not from button to button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget


class RatingRow(QWidget):
    """``choices`` are the values in order, each with the text of its button (e.g. 0..10, or No/Yes)."""

    value_changed = Signal(object)  # the new value, or None when cleared
    move_on = Signal()  # the reader set a value with a key: go to the next field

    def __init__(
        self, label: str, choices: list[tuple[object, str]], keys: dict[str, object], hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("ratingRow")
        self._label_text = label
        self._choices = choices
        self._keys = keys
        self._hint = hint
        self._value: object | None = None
        # Not wrapped: a wrapped label in a row of buttons is squeezed and clipped at large text sizes.
        # A long symptom name is shortened on screen and read in full by its tooltip and accessible name.
        shown = label if len(label) <= 40 else label[:38] + "…"
        self.label = QLabel(shown)
        self.label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so that a second click can clear the value
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label, 2)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for index, (_value, text) in enumerate(choices):
            button = QToolButton()
            button.setText(text)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"{label}: {text}")
            self.group.addButton(button, index)
            buttons.addWidget(button)
        layout.addLayout(buttons, 3)
        self.group.idClicked.connect(self._clicked)
        self._show()

    # The value

    def value(self) -> object | None:
        return self._value

    def set_value(self, value: object | None, announce: bool = True) -> None:
        if value is not None and value not in [v for v, _ in self._choices]:
            return
        changed = value != self._value
        self._value = value
        self._show()
        if changed and announce:
            self.value_changed.emit(value)

    def _clicked(self, index: int) -> None:
        value = self._choices[index][0]
        self.set_value(None if value == self._value else value)

    def _show(self) -> None:
        for index, (value, text) in enumerate(self._choices):
            button = self.group.button(index)
            button.setChecked(value == self._value)
            # A tick, not only a shade: the chosen value is plain in every theme and without colour.
            button.setText(f"✓ {text}" if value == self._value else text)
        shown = dict(self._choices).get(self._value, "not rated") if self._value is not None else "not rated"
        self.setAccessibleName(f"{self._label_text}: {shown}")
        self.setAccessibleDescription(self._hint)
        self.setToolTip(self._hint)

    # Keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        text = event.text().casefold()
        key = event.key()
        values = [v for v, _ in self._choices]
        if text in self._keys:
            self.set_value(self._keys[text])
            self.move_on.emit()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            index = values.index(self._value) + 1 if self._value in values else 0
            self.set_value(values[min(index, len(values) - 1)])
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Minus):
            index = values.index(self._value) - 1 if self._value in values else 0
            self.set_value(values[max(index, 0)])
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.hasFocus():
            # The row, not a button, has the focus: draw a clear ring around the whole row.
            painter = QPainter(self)
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.drawRoundedRect(self.rect().adjusted(2, 2, -2, -2), 6, 6)
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


def energy_row(parent: QWidget | None = None) -> RatingRow:
    choices: list[tuple[object, str]] = [(n, str(n)) for n in range(11)]
    keys: dict[str, object] = {str(n): n for n in range(10)}
    hint = "Energy today, 0 (none) to 10 (as before I was ill). Type 0 to 9; the Up arrow reaches 10."
    return RatingRow("Energy today (0-10)", choices, keys, hint, parent)


def symptom_row(name: str, parent: QWidget | None = None) -> RatingRow:
    labels = ("0 none", "1 mild", "2 moderate", "3 severe")
    choices: list[tuple[object, str]] = [(n, labels[n]) for n in range(4)]
    keys: dict[str, object] = {str(n): n for n in range(4)}
    hint = f"{name}: type 0 (none), 1 (mild), 2 (moderate) or 3 (severe)."
    return RatingRow(f"{name} (0-3)", choices, keys, hint, parent)


def crashed_row(parent: QWidget | None = None) -> RatingRow:
    choices: list[tuple[object, str]] = [(False, "No"), (True, "Yes")]
    keys: dict[str, object] = {"n": False, "y": True, "0": False, "1": True}
    hint = "Crashed today (a flare after effort)? Type Y for yes or N for no."
    return RatingRow("Crashed today?", choices, keys, hint, parent)
