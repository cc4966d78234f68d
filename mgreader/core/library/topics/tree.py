"""The topic tree as plain Python nodes: topics, their articles, and each article's headings.

The Qt item model in ui/tree_model.py only wraps these; all decisions about what the tree holds are here.
"""

from __future__ import annotations

from enum import Enum

from mgreader.core.library.scan import ArticleRef, Library, Topic
from mgreader.core.words import fold


class Kind(Enum):
    TOPIC = "topic"
    ARTICLE = "article"
    HEADING = "heading"


class Node:
    __slots__ = (
        "kind",
        "title",
        "key",
        "article_id",
        "anchor",
        "parent",
        "_children",
        "row",
        "_folded",
        "_pending",
        "ref",
        "_text",
        "_at",
    )

    def __init__(
        self,
        kind: Kind,
        title: str,
        key: str,
        article_id: str = "",
        anchor: str = "",
        parent: Node | None = None,
    ) -> None:
        self.kind = kind
        self.title = title
        self.key = key  # unique in the tree, stable across rescans: used to keep expansion and selection
        self.article_id = article_id
        self.anchor = anchor
        self.parent = parent
        # An article or heading row shares one empty list until a row is added beneath it (add): 20,000
        # empty lists were 1.4 MB.
        self._children: list[Node] = [] if kind is Kind.TOPIC else _LEAF
        self.row = 0
        self._folded: str | None = None
        self._pending: ArticleRef | None = None
        self.ref: ArticleRef | None = None  # an article's metadata: the filter reads its headings here
        self._text: str | None = None  # see span
        self._at = 0

    @property
    def span(self) -> tuple[str, int, int, int] | None:
        """Where the node is in its match index (tree_filter.index): the text, the start of its title
        line, of the lines beneath it, and their end. Kept as the text and one number (issue 15: a tuple
        and three numbers for each of 20,000 articles were 3.5 MB, and twice that as a rescan indexes)."""
        if self._text is None:
            return None
        at = self._at
        return self._text, at & LOW, (at >> 32) & LOW, at >> 64

    def set_span(self, text: str, at: int) -> None:
        """The span: ``text`` and the three places made one number (``place``)."""
        self._text, self._at = text, at

    @property
    def indexed(self) -> bool:
        """Whether the node has its span (``span`` is not None)."""
        return self._text is not None

    def has_lines_beneath(self) -> bool:
        """Whether the match index holds lines beneath the node's title (an article's headings): as
        ``span[2] < span[3]``, asked for every row the view lays out."""
        at = self._at
        return (at >> 32) & LOW < at >> 64

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.title)
        return self._folded

    @property
    def children(self) -> list[Node]:
        if self._pending is not None:
            article, self._pending = self._pending, None
            if not self._children:  # else built already, as a rescan handed over a new reference
                _add_headings(self, article)
        return self._children

    def find(self, key: str) -> Node | None:
        """The node with this key, building an article's headings only when the key is a heading's."""
        if self.key == key:
            return self
        if self.kind is Kind.ARTICLE and not key.startswith("heading:"):
            return None
        for child in self.children:
            found = child.find(key)
            if found is not None:
                return found
        return None

    def add(self, child: Node) -> Node:
        child.parent = self
        child.row = len(self._children)
        if self._children is _LEAF:
            self._children = []
        self._children.append(child)
        return child

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


_LEAF: list[Node] = []  # never added to: see Node.add
LOW = (1 << 32) - 1  # a match index is shorter than 4 G characters


def place(start: int, mid: int, end: int) -> int:
    """A span's three places as one number (Node.set_span)."""
    return start | mid << 32 | end << 64


def span_starts(nodes: list[Node]) -> list[int]:
    """``span[1]`` of each node (indexed), without making its span: the filter asks it of every row of a
    folder it searches."""
    return [node._at & LOW for node in nodes]


def matches(node: Node, folded_query: str) -> bool:
    """Every word of the query appears in the node's title."""
    return all(word in node.folded for word in folded_query.split())


def build(library: Library) -> Node:
    root = Node(Kind.TOPIC, "", "")
    for topic in library.topics:
        _add_topic(root, topic)
    return root


def join(*roots: Node) -> Node:
    """One tree of the topics of several (the bundled library's and the reader's): they move to it."""
    joined = Node(Kind.TOPIC, "", "")
    for root in roots:
        for child in root._children:
            joined.add(child)
    return joined


def release(old: Node, new: Node) -> None:
    """Take apart the subtrees of ``old`` that ``new`` does not share (after ``join``), so that reference
    counting frees them at once: parents and children refer to each other, and cyclic garbage would wait
    for a full collection (which, with 20,000 articles' objects alive, holds the interpreter for seconds)."""
    kept = {id(child) for child in new._children}
    pending = [child for child in old._children if id(child) not in kept]
    old._children = []
    while pending:
        node = pending.pop()
        pending.extend(node._children)
        node._children = []
        node.parent = None


def heading_rows_differ(old: Node, new: ArticleRef | None) -> bool:
    """Whether ``old``'s heading rows were built and the article ``new`` has other headings."""
    return old._pending is None and new is not None and _rows(old.walk()) != _rows(_heading_rows(new))


Row = Topic | ArticleRef  # what a row of a topic shows, as read


def node_of(row: Row) -> Node:
    """A row's node, with the rows beneath it (a topic's), for ``row`` not yet in the tree."""
    holder = Node(Kind.TOPIC, "", "")
    if isinstance(row, Topic):
        _add_topic(holder, row)
    else:
        _add_article(holder, row)
    return holder._children[0]


def _rows(nodes: list[Node]) -> list[tuple[str, str]]:
    return [(n.key, n.title) for n in nodes if n.kind is Kind.HEADING]


def _heading_rows(article: ArticleRef) -> list[Node]:
    node = Node(Kind.ARTICLE, "", "", article.id)
    _add_headings(node, article)
    return node.walk()


def _add_topic(parent: Node, topic: Topic) -> None:
    node = parent.add(Node(Kind.TOPIC, topic.title, "topic:" + topic.id))
    for article in topic.articles:
        _add_article(node, article)
    for child in topic.topics:
        _add_topic(node, child)


def _add_article(parent: Node, article: ArticleRef) -> None:
    node = parent.add(Node(Kind.ARTICLE, article.title, "article:" + article.id, article.id))
    node.ref = article
    node._pending = article  # its headings are built when the tree first asks for this node's children


def _add_headings(node: Node, article: ArticleRef) -> None:
    section = node
    for heading in article.headings:
        child = Node(
            Kind.HEADING, heading.text, f"heading:{article.id}#{heading.anchor}", article.id, heading.anchor
        )
        if heading.level <= 2 or section is node:
            section = node.add(child)
        else:
            section.add(child)
