"""Glossary terms in an article: the meaning on hover, the glossary entry on click."""

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

GLOSSARY = """---
title: Glossary
tags: [glossary]
---

## Mineral

A mineral is a simple substance, such as magnesium, that the body needs from food.

## Footnote

A note at the bottom of a page.
"""


def test_hovering_a_term_shows_its_meaning_and_clicking_opens_the_glossary(make_window, library_dir, qtbot):
    (library_dir / "02-second-topic" / "glossary.md").write_text(GLOSSARY, encoding="utf-8")
    window = make_window()
    window.open_article("01-first-topic/01-welcome")
    view = window.article_view
    assert 'href="glossary:mineral"' in view.toHtml()
    start = view.toPlainText().index("mineral.")
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 2)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    assert view.anchorAt(point) == "glossary:mineral"
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert "simple substance" in QToolTip.text()
    assert "<b>Mineral</b>" in QToolTip.text()
    QToolTip.hideText()
    empty = QHelpEvent(QEvent.Type.ToolTip, QPoint(1, 1), view.viewport().mapToGlobal(QPoint(1, 1)))
    QApplication.sendEvent(view.viewport(), empty)
    window.follow_link("glossary:mineral")
    assert window.article.ref.title == "Glossary"
    assert 'href="glossary:' not in view.toHtml()  # the glossary does not link to itself
