"""Lists nested deeper than anyone reads: the deeper items stay at the last level kept (issue 11).

Qt matches the page's style sheet against every ancestor of every node it reads, on the window's thread: a
29 KB list 300 levels deep took 441 ms in ``setHtml`` (22 ms with no style sheet). Past ``MAX_LIST_DEPTH``
levels, the items of a deeper list are moved up, in order, to follow their parent item in the deepest
list kept: every word stays on the page, in the order written, only no longer indented further.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

MAX_LIST_DEPTH = 12  # GitHub's own pages rarely nest past 4; 12 is still a staircase anyone can follow
_LISTS = ("ul", "ol")


class DeepLists(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        # Depth-first without recursion (the lists that need this are hundreds of levels deep).
        stack: list[tuple[etree.Element, int]] = [(root, 0)]
        while stack:
            element, depth = stack.pop()
            for child in element:
                if not isinstance(child.tag, str):
                    continue
                if child.tag in _LISTS and depth + 1 >= MAX_LIST_DEPTH:
                    flatten(child)
                else:
                    stack.append((child, depth + (child.tag in _LISTS)))


def flatten(top: etree.Element) -> None:
    """Every item of the lists inside ``top``'s items becomes an item of ``top``, right after its parent."""
    items: list[etree.Element] = []
    pending = list(reversed(list(top)))
    while pending:
        item = pending.pop()
        items.append(item)
        inner: list[etree.Element] = []
        for child in list(item):
            if isinstance(child.tag, str) and child.tag in _LISTS:
                item.remove(child)
                if child.tail and child.tail.strip():  # text after the inner list stays in its item
                    item.text = (item.text or "") + " " + child.tail.strip()
                inner.extend(child)
        pending.extend(reversed(inner))
    for child in list(top):
        top.remove(child)
    top.extend(items)
