"""A rescan that keeps the tree on screen (issue 15): the new tree's changes as row edits of the old one.

Replacing the tree made the window lay out again every row the reader had opened (20,000 rows when the big
folders were open: most of a second). When the new tree differs from the old only by rows added or removed
(500 new files in a folder, say), the old nodes stay, take the new references and filter spans of their
twins, and the model inserts and removes rows (``Edit``) with Qt's row signals, so the view lays out only
those. A change it cannot say so (a row retitled or moved, an opened article's headings changed, a new
top-level topic) returns None: the tree is then replaced as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgreader.core.library.topics.tree import Kind, Node, heading_rows_differ, release


@dataclass
class Edit:
    """Rows of ``parent`` to remove (runs of its present rows, first to last) and to insert (runs at
    their row in the result, with their nodes)."""

    parent: Node
    removed: list[tuple[int, int]] = field(default_factory=list)
    inserted: list[tuple[int, list[Node]]] = field(default_factory=list)


def plan(old: Node, new: Node) -> tuple[list[Edit], list[tuple[Node, Node]]] | None:
    """The edits that turn ``old`` into what ``new`` shows, and the pairs of twins; None if there are none
    such (see the module's text)."""
    edits: list[Edit] = []
    pairs: list[tuple[Node, Node]] = []
    pending = [(old, new)]
    while pending:
        a, b = pending.pop()
        old_keys = {c.key for c in a._children}
        new_keys = {c.key for c in b._children}
        kept_old = [c for c in a._children if c.key in new_keys]
        kept_new = [c for c in b._children if c.key in old_keys]
        if [c.key for c in kept_old] != [c.key for c in kept_new]:
            return None  # moved rows
        for x, y in zip(kept_old, kept_new, strict=True):
            if x.title != y.title or x.kind is not y.kind:
                return None
            if x.kind is Kind.TOPIC:
                pending.append((x, y))
            elif heading_rows_differ(x, y):
                return None
            pairs.append((x, y))
        removed = _runs([i for i, c in enumerate(a._children) if c.key not in new_keys])
        added = [j for j, c in enumerate(b._children) if c.key not in old_keys]
        if removed or added:
            if a is old:
                return None  # a top-level topic came or went: the window's root joins several trees
            inserted = [(first, b._children[first : last + 1]) for first, last in _runs(added)]
            edits.append(Edit(a, removed, inserted))
    return edits, pairs


def adopt(pairs: list[tuple[Node, Node]], keys: dict[str, Node]) -> None:
    """Give each old node its twin's reference and filter span, and ``keys`` the old node for its key; the
    twins are let go (their rows are the old ones)."""
    for x, y in pairs:
        x.span = y.span
        keys[x.key] = x
        if x.kind is Kind.ARTICLE:
            x.ref = y.ref
            if x._pending is not None:
                x._pending = y.ref
        else:
            y._children = []  # rebound, not emptied: the rows inserted from it are still listed in edits
        y.parent = None


def remove_rows(parent: Node, first: int, last: int) -> list[Node]:
    gone = parent._children[first : last + 1]
    del parent._children[first : last + 1]
    _renumber(parent)
    return gone


def insert_rows(parent: Node, row: int, nodes: list[Node]) -> None:
    parent._children[row:row] = nodes
    for node in nodes:
        node.parent = parent
    _renumber(parent)


def let_go(nodes: list[Node]) -> None:
    """Take apart removed rows (see tree.release)."""
    holder = Node(Kind.TOPIC, "", "")
    holder._children = nodes
    release(holder, Node(Kind.TOPIC, "", ""))


def _renumber(parent: Node) -> None:
    for row, child in enumerate(parent._children):
        child.row = row


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
