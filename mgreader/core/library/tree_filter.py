"""The topic filter, decided from core data: which rows of the tree show for what the reader typed.

A row shows when its title holds every typed word (ignoring case and accents), when a row above it does
(a matching topic or article keeps everything beneath it), or when a row beneath it does. That is what the
Qt filter before issue 15 showed, but it built every heading row of every article to decide (58,000 rows for
16,000 articles, on each keystroke). Here articles are matched on their folded titles and headings, read
from the article's metadata; heading rows are built only for the articles whose children are looked at.

Typing on narrows the last result: a title that holds every word of "magnesium sl" held every word of
"magnesium s", so only the rows shown for the shorter query are looked at again.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from mgreader.core.library.headings import Heading
from mgreader.core.library.tree import Kind, Node
from mgreader.core.words import fold

ALL = True  # the row shows with everything beneath it
SOME = False  # the row shows with only the rows beneath it that the filter keeps
# Rows the filter opens by itself, at most: beyond that a topic stays closed until the reader opens it,
# because laying out tens of thousands of rows would take the window longer than a keystroke may.
EXPAND_BUDGET = 1000


class Titles:
    """For each topic, its articles with their folded title and folded headings (a newline between two
    headings, which no typed word holds), made on first use and kept while the tree lives. ``prepare``
    makes them all ahead of the first keystroke (the app runs it in a worker thread)."""

    def __init__(self) -> None:
        self._rows: dict[Node, list[tuple[Node, str, str]]] = {}

    def rows(self, topic: Node) -> list[tuple[Node, str, str]]:
        found = self._rows.get(topic)
        if found is None:
            found = self._rows[topic] = [
                (child, child.folded, "\n".join(fold(h.text) for h in _headings(child)))
                for child in topic.children
                if child.kind is Kind.ARTICLE
            ]
        return found

    def prepare(self, root: Node) -> None:
        pending = [root]
        while pending:
            topic = pending.pop()
            self.rows(topic)
            pending.extend(c for c in topic.children if c.kind is Kind.TOPIC)


def _headings(article: Node) -> tuple[Heading, ...]:
    return article.ref.headings if article.ref is not None else ()


class Shown:
    """The rows a query shows. ``children`` and ``row`` answer for rows that show; heading rows are
    decided (and built) only when their article's children are asked for."""

    def __init__(self, root: Node, query: str, titles: Titles, previous: Shown | None = None) -> None:
        self.root = root
        self.query = query
        self.words = query.split()
        # Every word on one line (one title, or one heading of the newline-separated headings): one search.
        self._one_line = re.compile("^" + "".join(f"(?=[^\n]*?{re.escape(w)})" for w in self.words), re.M)
        self.titles = titles
        self._state: dict[Node, bool] = {}
        self._children: dict[Node, list[Node]] = {}
        self._rows: dict[Node, int] = {}
        narrowing = previous is not None and previous.root is root and _narrows(previous.words, self.words)
        self._topic(root, previous if narrowing else None, is_root=True)
        self._state[root] = SOME

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
            rows = self.children(node)
            if opened + len(rows) > budget:
                continue
            opened += len(rows)
            yield node
            queue.extend(rows)

    # --------------------------------------------------------------------------------- deciding it
    def _match(self, folded: str) -> bool:
        return all(word in folded for word in self.words)

    def _topic(self, node: Node, previous: Shown | None, is_root: bool = False) -> bool:
        if not is_root and self._match(node.folded):
            self._state[node] = ALL
            return True
        # A node that the previous (shorter) query hid stays hidden: only its shown rows are looked at.
        before = None if previous is None or previous._state.get(node, ALL) is ALL else previous._state
        shown = False
        for child in node.children:
            if child.kind is Kind.TOPIC and (before is None or child in before):
                shown = self._topic(child, previous) or shown
        # The loop that costs, once for each article: kept to plain string searches.
        state, words = self._state, self.words
        word = words[0] if len(words) == 1 else None
        one_line = self._one_line.search
        for article, title, heads in self.titles.rows(node):
            if before is not None and article not in before:
                continue
            if word is not None:
                if word in title:
                    state[article] = ALL
                elif word in heads:
                    state[article] = SOME
                else:
                    continue
            elif one_line(title):
                state[article] = ALL
            elif one_line(heads):
                state[article] = SOME
            else:
                continue
            shown = True
        if shown:
            self._state[node] = SOME
        return shown

    def _keep(self, node: Node) -> list[Node]:
        """The children of a partly shown node that show, recording how much of each shows."""
        kept = []
        for child in node.children:
            if child in self._state:  # topics and articles were decided in the first pass
                kept.append(child)
            elif child.kind is Kind.HEADING:
                if self._match(child.folded):
                    self._state[child] = ALL
                    kept.append(child)
                elif any(self._match(c.folded) for c in child.children):
                    self._state[child] = SOME
                    kept.append(child)
        return kept


def _narrows(before: list[str], after: list[str]) -> bool:
    """Whether every title holding all of ``after`` holds all of ``before``: each word typed before is
    part of a word typed now (typing on: "magnesium s" -> "magnesium sl")."""
    return bool(before) and all(any(word in longer for longer in after) for word in before)
