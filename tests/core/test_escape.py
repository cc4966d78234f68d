import html

from mgreader.core.escape import escape

TEXTS = ["", "plain", "a & b < c > d", "\"quoted\" and 'single'", "&amp; again", "<b>x</b>", "é ✓"]


def test_text_is_escaped_as_the_standard_library_escapes_it() -> None:
    for text in TEXTS:
        assert escape(text) == html.escape(text), text
        assert escape(text, quote=False) == html.escape(text, quote=False), text
