"""The tool bar's "More tools" button (Qt's extension "»", shown when the buttons do not all fit), as large as
the other tool buttons at every text size and in every theme.

Qt makes it 12 pixels wide whatever the text size (the style's PM_ToolBarExtensionExtent, which style sheets
cannot set), with a small grey arrow picture: at 200% text on a 1280x720 screen it was a sliver beside
buttons three times its width, the arrow faint on dark and gone under high contrast's padding. Here the tool
bar's style makes it as wide as the tool buttons are high, and it shows "»" as text, in the theme's text
colour and the window's text size, with a name a screen reader says."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QToolBar, QToolButton, QWidget

MORE_TOOLS = "More tools"
EXTENSION_NAME = "qt_toolbar_ext_button"  # the object name Qt gives the extension button
# Room for "»" inside high contrast's padding (8 pixels each side), in text heights.
LEAST_WIDTH_IN_LINES = 1.6


class _WideExtension(QProxyStyle):
    """The application's style, with the extension as wide as the tool buttons are high, and at least
    LEAST_WIDTH_IN_LINES of text (the tool bar's layout asks its style for the width, with the tool bar or
    the button, whose font is the window's)."""

    def pixelMetric(  # noqa: N802 (Qt's name)
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric != QStyle.PixelMetric.PM_ToolBarExtensionExtent or widget is None:
            return base
        toolbar = widget if isinstance(widget, QToolBar) else widget.parentWidget()
        buttons = toolbar.findChildren(QToolButton) if toolbar is not None else []
        high = max((b.sizeHint().height() for b in buttons if b.objectName() != EXTENSION_NAME), default=0)
        return max(base, high, round(widget.fontMetrics().height() * LEAST_WIDTH_IN_LINES))

    @Slot(QFont)
    def give_font(self, font: QFont) -> None:
        """The tool bar it styles (its parent) takes ``font``, the window's (see follow_text_size)."""
        toolbar = self.parent()
        if isinstance(toolbar, QWidget):
            toolbar.setFont(font)


def follow_text_size(toolbar: QToolBar) -> None:
    """Make ``toolbar``'s "More tools" button follow the text size, once (again does nothing)."""
    if toolbar.findChild(_WideExtension) is not None:
        return
    style = _WideExtension()  # based on the application's style, whatever theme is applied later
    style.setParent(toolbar)  # setStyle does not take it: it lives as long as the tool bar
    toolbar.setStyle(style)
    # A widget with a style of its own is not polished again when the text size re-applies the style sheet
    # (text_size.apply), so it kept the size it had then, and so did "»": the tool bar is told the size.
    app = QApplication.instance()
    if isinstance(app, QApplication):
        style.give_font(app.font())
        app.fontChanged.connect(style.give_font)  # let go with the style, with the tool bar
    button = toolbar.findChild(QToolButton, EXTENSION_NAME)
    if button is None:  # another Qt: it keeps Qt's own button
        return
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setText("\u00bb")
    button.setAccessibleName(MORE_TOOLS)
    button.setToolTip(f"{MORE_TOOLS}: the buttons that do not fit")
