"""Very long tables: the first rows as a table, the rest as plain lines below it (issue 11).

Qt lays a table out whole, on the window's thread, when the page is set: about 0.17 ms a cell here, so a
table of 2,900 rows held the window for a second, and no worker can do that part. Past ``MAX_TABLE_CELLS``
the rows that do not fit are written below the table as lines of text, one a row with its cells between
" | ", after a sentence saying so: every word stays on the page (Find, bookmarks and read aloud reach it),
and the window keeps moving.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, AtomicString

MAX_TABLE_CELLS = 600  # about 100 ms of Qt's layout


def _cell_text(cell: etree.Element) -> str:
    return " ".join(HTML_PLACEHOLDER_RE.sub("", "".join(cell.itertext())).split())


class LongTables(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index in range(len(parent) - 1, -1, -1):
                if parent[index].tag == "table":
                    self._shorten(parent, index)

    def _shorten(self, parent: etree.Element, index: int) -> None:
        table = parent[index]
        rows = list(table.iter("tr"))
        if sum(len(row) for row in rows) <= MAX_TABLE_CELLS:
            return
        body = table.find("tbody")
        if body is None:
            return
        body_rows = list(body)
        head_cells = sum(len(row) for row in rows) - sum(len(row) for row in body_rows)
        kept, cells = 0, head_cells
        while kept < len(body_rows) and cells + len(body_rows[kept]) <= MAX_TABLE_CELLS:
            cells += len(body_rows[kept])
            kept += 1
        rest = body_rows[kept:]
        for row in rest:
            body.remove(row)
        note = etree.Element("p")
        emphasis = etree.SubElement(note, "em")
        emphasis.text = AtomicString(
            f"This table has {len(body_rows):,} rows. The first {kept:,} are shown as a table; the other "
            f"{len(rest):,} follow as lines of text, one a row, because a table this long would freeze the "
            "window."
        )
        lines = etree.Element("pre")
        code = etree.SubElement(lines, "code")
        code.text = AtomicString("\n".join(" | ".join(_cell_text(c) for c in row) for row in rest))
        parent.insert(index + 1, note)
        parent.insert(index + 2, lines)
