"""Text written into HTML, escaped as the standard library's ``html.escape`` escapes it.

Not ``html.escape`` itself: importing ``html`` imports ``html.entities`` (2,231 names, about 9 M instructions,
0.7% of a relaunch to its first paint; issue 15), for ``unescape``, which the page never needs.
"""

from __future__ import annotations


def escape(text: str, quote: bool = True) -> str:
    """``text`` with ``&``, ``<`` and ``>`` (and, with ``quote``, ``"`` and ``'``) as HTML writes them."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text
