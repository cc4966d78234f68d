"""Issue 11: a very long table would hold the window still while Qt lays it out; its first rows stay a
table, the rest follow as lines of text, and every word is still on the page."""

import re

from mgreader.core.render.extensions.long_tables import MAX_TABLE_CELLS
from mgreader.core.render.markdown import Renderer


def table(rows: int, columns: int = 2) -> str:
    head = "| " + " | ".join(f"h{c}" for c in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    body = "".join("| " + " | ".join(f"r{r}c{c}" for c in range(columns)) + " |\n" for r in range(rows))
    return "Before the table.\n\n" + head + rule + body + "\nAfter the table.\n"


def test_a_table_of_1200_rows_keeps_its_first_rows_as_a_table_and_the_rest_as_text():
    html = Renderer().render(table(1200)).html
    cells = len(re.findall(r"<t[dh]>", html))
    assert MAX_TABLE_CELLS - 2 < cells <= MAX_TABLE_CELLS
    assert "This table has 1,200 rows. The first 299 are shown as a table; the other 901 follow" in html
    assert "r299c0 | r299c1\n" in html and "r1199c0 | r1199c1" in html  # nothing is lost
    assert html.index("</table>") < html.index("r299c0") < html.index("After the table.")
    assert html.count("<table>") == 1


def test_an_ordinary_table_is_left_as_it_is():
    html = Renderer().render(table(100, columns=4)).html
    assert len(re.findall(r"<t[dh]>", html)) == 101 * 4
    assert "This table has" not in html
