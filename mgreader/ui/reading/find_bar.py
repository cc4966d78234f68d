"""Find in the article: a bar under the page that searches as you type, ignoring case and accents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from mgreader.core.render import textfind
from mgreader.ui.reading.article_view import ArticleView


class FindBar(QWidget):
    def __init__(self, view: ArticleView, match_colour: str, current_colour: str) -> None:
        super().__init__()
        self.setObjectName("findBar")
        self.view = view
        self.match_colour, self.current_colour = match_colour, current_colour
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._folded: tuple[str, list[int]] | None = None

        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in this article")
        self.field.setAccessibleName("Find in this article")
        self.field.setAccessibleDescription("Enter: next match. Shift+Enter: previous match. Escape: close.")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(110)
        previous = QToolButton()
        previous.setText("Previous")
        previous.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        following = QToolButton()
        following.setText("Next")
        following.setToolTip("Next match (Enter, F3)")
        close = QToolButton()
        close.setText("Close")
        close.setToolTip("Close the find bar (Escape)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)

        self.field.textChanged.connect(self.search)
        previous.clicked.connect(self.previous)
        following.clicked.connect(self.next)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search(self.field.text())

    def mark(self, text: str, near: int) -> None:
        """Open with ``text`` marked all through the article, the match at ``near`` current: a search result
        opens with its words shown where they are. Escape (the field has the focus) clears the marks."""
        self.show()
        self.field.setText(text)  # searches
        if self.matches:
            self.current = min(range(len(self.matches)), key=lambda n: abs(self.matches[n][0] - near))
            self._show()
        self.field.setFocus()

    def close_bar(self) -> None:
        self.hide()
        self.view.set_find_matches([], -1, "", "")
        self.view.setFocus()

    def page_changed(self) -> None:
        """The article changed: search it again if the bar is open."""
        self._folded = None
        if self.isVisible():  # a long page comes in pieces: searched once it is whole
            self.view.when_complete(lambda: self.search(self.field.text()))

    def search(self, text: str) -> None:
        if self._folded is None:
            self._folded = textfind.fold_with_map(self.view.page_text())
        self.matches = textfind.find_all(self.view.page_text(), text, self._folded)
        first_visible = self.view.reading_position()
        self.current = next((n for n, (start, _) in enumerate(self.matches) if start >= first_visible), 0)
        self._show()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if self.matches:
            self.current = (self.current + step) % len(self.matches)
        self._show()

    def _show(self) -> None:
        if not self.field.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        self.view.set_find_matches(self.matches, self.current if self.matches else -1,
                                   self.match_colour, self.current_colour)  # fmt: skip

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._step(-1 if shift else 1)
        elif key == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
