"""The topic filter, decided from core data: which rows of the tree show for what the reader typed.

A row shows when its title holds every typed word (ignoring case and accents), when a row above it does
(a matching topic or article keeps everything beneath it), or when a row beneath it does. That is what the
Qt filter before issue 15 showed, but it built every heading row of every article to decide (58,000 rows for
16,000 articles, on each keystroke).

Here each top-level topic has a match index: one string holding, in tree order, a line for each topic and
article title and for each heading of each article, all folded; each node knows the span of its own title
and of everything beneath it (``Node.span``). Whether anything beneath a row matches is then one search of
one span, in C, so a keystroke decides only the rows the tree looks at (those shown and opened), not every
article of the library; heading rows are built only for the articles whose children are looked at.
"""

from __future__ import annotations

import io
import threading
from bisect import bisect_right
from collections import ChainMap, deque
from collections.abc import Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING

from mgreader.core.library.scan import folded_headings
from mgreader.core.library.topics.tree import LOW, Kind, Node, place, span_starts
from mgreader.core.words import fold

if TYPE_CHECKING:  # a rescan's: not before the first paint
    from mgreader.core.library.topics.tree_merge import Edit, Merge

ALL = True  # the row shows with everything beneath it
SOME = False  # the row shows with only the rows beneath it that the filter keeps
# Rows the filter opens by itself, at most: beyond that a topic stays closed until the reader opens it,
# because laying out every matching row would take the window longer than a keystroke may. A few screens'
# worth: the view lays out every opened row on each keystroke.
EXPAND_BUDGET = 200


class Titles:
    """The match indexes of a tree's top-level topics, and their topics and articles by key. ``prepare``
    makes them ahead of the first keystroke (the app runs it in a worker thread, with the scan); a filter
    makes any index that is missing itself."""

    def __init__(self, edits: list[Edit] | None = None) -> None:
        self._keys: dict[Node, dict[str, Node]] = {}
        # Rows to insert and remove in the tree on screen before it shows what these titles index (see
        # tree_merge): taken, once, by the model, which says when it has made them (a rescan that edits
        # the same tree waits for that).
        self.edits = edits or []
        self._made = threading.Event()
        if not self.edits:
            self._made.set()

    def take_edits(self) -> list[Edit]:
        edits, self.edits = self.edits, []
        return edits

    def edits_made(self) -> None:
        self._made.set()

    def wait_for_edits(self, timeout: float) -> bool:
        """Whether the tree on screen has taken these titles' edits (waiting up to ``timeout`` s)."""
        return self._made.wait(timeout)

    def prepare(self, root: Node, previous: Mapping[str, Node] | None = None) -> None:
        for top in root._children:
            if not top.indexed:
                self._keys[top] = index(top, previous)

    def carried(self, root: Node) -> Titles:
        """Titles for ``root`` that keep what these have for the top-level topics it shares."""
        titles = Titles()
        titles._keys = {top: self._keys[top] for top in root._children if top in self._keys}
        return titles

    def nodes(self) -> Mapping[str, Node]:
        """The topics and articles of every index made, by key."""
        return ChainMap(*{id(keys): keys for keys in self._keys.values()}.values())

    def keys(self, top: Node) -> dict[str, Node]:
        """``top`` and the topics and articles beneath it, by key (headings are not built)."""
        found = self._keys.get(top)
        if found is None:
            found = self._keys[top] = {}
            pending = [top]
            while pending:
                node = pending.pop()
                found[node.key] = node
                if node.kind is Kind.TOPIC:
                    pending.extend(node._children)
        return found


def index(
    top: Node, previous: Mapping[str, Node] | None = None, merged: Merge | None = None
) -> dict[str, Node]:
    """Give ``top`` and every topic and article beneath it its span in one new match index: the text,
    where the node's title line starts, where the lines beneath it (an article's headings, a topic's
    rows) start, and where they end. Lines are folded and end with a newline, which no typed word holds.
    Returns the nodes by key.

    ``previous``: the last tree's nodes by key. An article with the same reference as there takes its
    heading lines from that index: a rescan's references let their headings go (scan.forget_headings),
    and reading 20,000 files again for them would be a first scan's work.

    ``merged``: a rescan's changes of the tree on screen (tree_merge.edits_to), not made yet: the index is of
    the tree they make (its rows, the new references); an article keeps its own heading lines while its
    reference stays."""
    keys: dict[str, Node] = {}
    # The text is written as it goes, and each node's place kept as one number until it is given: a
    # rescan indexes the tree on screen, so a list of every line and a tuple for every node (4 MB or so
    # at 20,000 articles) were held beside it for a moment.
    written = io.StringIO(newline="")  # as written: no line ending is translated
    pos = 0
    opened: dict[int, tuple[Node, int, int]] = {}
    closed: list[Node] = []
    places: list[int] = []  # tree.place
    pending: list[tuple[Node, bool]] = [(top, False)]  # no recursion: folders may nest deep
    while pending:
        node, done = pending.pop()
        if done:
            _, start, mid = opened.pop(id(node))
            closed.append(node)
            places.append(place(start, mid, pos))
            continue
        keys[node.key] = node
        line_start = pos
        pos += written.write(fold(node.title).replace("\n", " ") + "\n")
        ref = merged.refs.get(node, node.ref) if merged is not None else node.ref
        if node.kind is Kind.ARTICLE and ref is not None:
            old = node if node.indexed else previous.get(node.key) if previous else None
            span = old.span if old is not None and old.ref is ref else None
            heads = span[0][span[2] : span[3]] if span is not None else folded_headings(ref)
            opened[id(node)] = (node, line_start, pos)
            pos += written.write(heads)
        else:
            opened[id(node)] = (node, line_start, pos)
        pending.append((node, True))
        if node.kind is Kind.TOPIC:
            children = merged.children.get(node, node._children) if merged is not None else node._children
            pending.extend((child, False) for child in reversed(children))
    text = written.getvalue()
    del written
    for node, at in zip(closed, places, strict=True):
        node.set_span(text, at)
    return keys


def index_edited(root: Node, merged: Merge) -> dict[str, Node]:
    """Index every top-level topic of ``root`` as ``merged`` will make it, and give its articles their
    new references; returns the nodes by key (topics and articles). The rows ``merged`` edits are made
    later, by the model of the tree on screen (``Titles.edits``)."""
    keys: dict[str, Node] = {}
    for top in root._children:
        keys.update(index(top, merged=merged))
    merged.take_refs()
    return keys


class Shown:
    """The rows a query shows. ``children`` and ``row`` answer for rows that show; each row is decided
    when its parent's children are first asked for, heading rows built only then."""

    def __init__(
        self, root: Node, query: str, titles: Titles | None = None, previous: Shown | None = None
    ) -> None:
        self.root = root
        self.query = query
        self.words = query.split()
        (titles or Titles()).prepare(root)
        # Several words must be on one line (one title, or one heading): the rarest is looked for, and
        # each line holding it checked for the others. How often each word is in the indexes is C-fast
        # to count, and kept while typing goes on (words repeat).
        same_tree = previous is not None and previous.root is root
        self._counts: dict[str, int] = previous._counts if previous is not None and same_tree else {}
        self._word = min(self.words, key=self._rarity) if self.words else ""
        self._others = [w for w in self.words if w is not self._word]
        self._state: dict[Node, bool] = {root: SOME}
        self._children: dict[Node, list[Node]] = {}
        self._rows: dict[Node, int] = {}

    # ---------------------------------------------------------------------------------- what shows
    def children(self, node: Node) -> list[Node]:
        """The rows shown beneath ``node`` (itself a shown row, or the root)."""
        if self._state.get(node, ALL) is ALL:
            return node.children
        shown = self._children.get(node)
        if shown is None:
            shown = self._children[node] = self._keep(node)
            for row, child in enumerate(shown):
                self._rows[child] = row
        return shown

    def row(self, node: Node) -> int:
        """The row of a shown node beneath its shown parent."""
        parent = node.parent
        if parent is None or self._state.get(parent, ALL) is ALL:
            return node.row
        if node not in self._rows:
            self.children(parent)
        return self._rows[node]

    def shows(self, node: Node) -> bool:
        """Whether ``node`` is one of the rows shown."""
        line = []
        while node.parent is not None:
            line.append(node)
            node = node.parent
        for child in reversed(line):
            parent_state = self._state.get(child.parent, ALL)  # type: ignore[arg-type]
            if parent_state is ALL:
                return True
            self.children(child.parent)  # type: ignore[arg-type]
            if child not in self._rows:
                return False
        return True

    def wholly(self, node: Node) -> bool:
        """Whether ``node`` shows with everything beneath it (its own title, or one above it, matched)."""
        return self._state.get(node, ALL) is ALL

    def to_expand(self, budget: int = EXPAND_BUDGET) -> Iterator[Node]:
        """Rows to open so that the matches are in sight, nearest the top first, while the rows opened
        stay within ``budget``: topics, and articles with a matching heading (an article found by its
        title stays closed: its headings are not what was asked for)."""
        opened = len(self.children(self.root))
        queue = deque(self.children(self.root))
        while queue and opened < budget:
            node = queue.popleft()
            if node.kind is Kind.HEADING or (node.kind is Kind.ARTICLE and self.wholly(node)):
                continue
            # Counted only as far as the budget: a folder of 1,000 matches is not decided to be skipped.
            if self._count(node, budget - opened) > budget - opened:
                continue
            rows = self.children(node)
            opened += len(rows)
            yield node
            queue.extend(rows)

    # --------------------------------------------------------------------------------- deciding it
    def _match(self, folded: str) -> bool:
        return all(word in folded for word in self.words)

    def _rarity(self, word: str) -> int:
        if len(self.words) == 1:
            return 0
        if word not in self._counts:
            self._counts[word] = sum(top.span[0].count(word) for top in self.root._children if top.span)
        return self._counts[word]

    def _find(self, text: str, start: int, end: int) -> int:
        """Where in ``text[start:end]`` (whole lines) the first line holding every word is (-1: none)."""
        word, others = self._word, self._others
        found = text.find(word, start, end)
        if not others or found < 0:
            return found
        while found >= 0:
            line_start = text.rfind("\n", 0, found) + 1
            line_end = text.find("\n", found)
            line = text[line_start:line_end]
            if all(other in line for other in others):
                return found
            found = text.find(word, line_end, end)
        return -1

    def _count(self, node: Node, limit: int) -> int:
        """How many rows show beneath ``node``, counted up to ``limit`` + 1."""
        if node in self._children or node.kind is not Kind.TOPIC or self.wholly(node):
            return len(self.children(node))
        return sum(1 for _ in islice(self._matching(node), limit + 1))

    def _matching(self, topic: Node) -> Iterator[tuple[Node, bool]]:
        """The children of a partly shown topic that show, and whether wholly: one search of the topic's
        span finds the next child holding a match, which is then skipped to its end."""
        children = topic._children
        if topic is self.root:  # the top-level topics each have their own index
            for child in children:
                text, start, mid, end = child.span  # type: ignore[misc]  # given by index()
                found = self._find(text, start, end)
                if found >= 0:
                    yield child, found < mid
            return
        text, _, pos, end = topic.span  # type: ignore[misc]
        starts = span_starts(children)
        while True:
            found = self._find(text, pos, end)
            if found < 0:
                return
            child = children[bisect_right(starts, found) - 1]
            at = child._at  # its span's places (Node.span), without making the span: asked for each match
            mid, pos = (at >> 32) & LOW, at >> 64
            if pos <= found:  # spans of two indexes (a rescan is giving the tree new ones): stop here
                return
            yield child, found < mid

    def _keep(self, node: Node) -> list[Node]:
        """The children of a partly shown node that show, recording how much of each shows."""
        kept = []
        state = self._state
        if node.kind is Kind.TOPIC:
            for child, wholly in self._matching(node):
                state[child] = ALL if wholly else SOME
                kept.append(child)
            return kept
        for child in node.children:  # an article's headings, or a heading's
            if self._match(child.folded):
                state[child] = ALL
                kept.append(child)
            elif any(self._match(c.folded) for c in child.children):
                state[child] = SOME
                kept.append(child)
        return kept
