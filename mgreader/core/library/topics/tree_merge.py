"""A rescan that keeps the tree on screen (issue 15): the library read again as row edits of the old tree.

Replacing the tree made the window lay out again every row the reader had opened (20,000 rows when the big
folders were open: most of a second). When the library read again differs from the tree only by rows added
or removed (500 new files in a folder, say), the old nodes stay and take the new references, nodes are made
for the new rows only, and the model inserts and removes rows (``Edit``) with Qt's row signals, so the view
lays out only those. A change it cannot say so (a row retitled or moved, an opened article's headings
changed, a new top-level topic) gives None: the tree is then replaced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgreader.core.library.scan import ArticleRef, Library, Topic
from mgreader.core.library.topics.tree import Kind, Node, Row, heading_rows_differ, node_of, release


@dataclass
class Edit:
    """Rows of ``parent`` to remove (runs of its present rows, first to last) and to insert (runs at
    their row in the result, with their nodes)."""

    parent: Node
    removed: list[tuple[int, int]] = field(default_factory=list)
    inserted: list[tuple[int, list[Node]]] = field(default_factory=list)


@dataclass
class Merge:
    """A library read again as changes of the tree on screen, without a second tree (see ``edits_to``):
    ``edits`` (the new rows' nodes made), each changed topic's rows as they will be (``children``), and
    the articles whose reference is new (``refs``), which take it with ``take_refs``."""

    edits: list[Edit]
    children: dict[Node, list[Node]]
    refs: dict[Node, ArticleRef]

    def take_refs(self) -> None:
        for node, ref in self.refs.items():
            node.ref = ref
            if node._pending is not None:
                node._pending = ref


def edits_to(old: Node, library: Library) -> Merge | None:
    """The changes that make ``old`` the tree of ``library`` (tree.build), read from the library itself:
    nodes are made only for the rows added. A rescan of 20,000 articles built the whole new tree and its
    filter index beside the one on screen (about 11 MB more at its peak) to keep a few of its rows. None
    when the change is not rows added or removed (see the module's text). Rows are told apart by the
    article ids they hold (no key is made for each: 20,000 of them were 2 MB for a moment)."""
    found = Merge([], {}, {})
    pending: list[tuple[Node, list[Row]]] = [(old, list(library.topics))]
    while pending:
        node, wanted = pending.pop()
        present = {_held(c): c for c in node._children}
        wanted_ids = [_id(row) for row in wanted]
        wanted_set = set(wanted_ids)
        kept_old = [c for c in node._children if _held(c) in wanted_set]
        kept_new = [(i, row) for i, row in zip(wanted_ids, wanted, strict=True) if i in present]
        if [_held(c) for c in kept_old] != [i for i, _ in kept_new]:
            return None  # moved rows
        for child, (_, row) in zip(kept_old, kept_new, strict=True):
            if child.title != row.title:
                return None
            if isinstance(row, Topic):
                pending.append((child, [*row.articles, *row.topics]))
            elif row is not child.ref:
                if heading_rows_differ(child, row):
                    return None
                found.refs[child] = row
        if len(kept_old) == len(node._children) == len(wanted):
            continue
        if node is old:
            return None  # a top-level topic came or went: the window's root joins several trees
        after = [present.get(i) or node_of(row) for i, row in zip(wanted_ids, wanted, strict=True)]
        removed = _runs([n for n, c in enumerate(node._children) if _held(c) not in wanted_set])
        added = [n for n, i in enumerate(wanted_ids) if i not in present]
        inserted = [(first, after[first : last + 1]) for first, last in _runs(added)]
        found.edits.append(Edit(node, removed, inserted))
        found.children[node] = after
    return found


def _id(row: Row) -> str | tuple[str]:
    """What tells a row apart among its topic's (an article's id; a topic's key, in a tuple: never an id)."""
    return row.id if isinstance(row, ArticleRef) else ("topic:" + row.id,)


def _held(node: Node) -> str | tuple[str]:
    """``_id`` of the row a node shows."""
    return node.article_id if node.kind is Kind.ARTICLE else (node.key,)


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
