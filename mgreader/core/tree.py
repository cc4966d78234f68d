"""The topic tree as plain Python nodes: topics, their articles, and each article's headings.

The Qt item model in ui/tree_model.py only wraps these; all decisions about what the tree holds are here.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from mgreader.core.library import ArticleRef, Library, Topic


class Kind(Enum):
    TOPIC = "topic"
    ARTICLE = "article"
    HEADING = "heading"


class Node:
    __slots__ = ("kind", "title", "key", "article_id", "anchor", "parent", "children", "row", "folded")

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
        self.children: list[Node] = []
        self.row = 0
        self.folded = fold(title)

    def add(self, child: Node) -> Node:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


def fold(text: str) -> str:
    """Lower case without accents: 'Anémie' -> 'anemie'. Used for filtering the tree."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(node: Node, folded_query: str) -> bool:
    """Every word of the query appears in the node's title."""
    return all(word in node.folded for word in folded_query.split())


def build(library: Library) -> Node:
    root = Node(Kind.TOPIC, "", "")
    for topic in library.topics:
        _add_topic(root, topic)
    return root


def _add_topic(parent: Node, topic: Topic) -> None:
    node = parent.add(Node(Kind.TOPIC, topic.title, "topic:" + topic.id))
    for article in topic.articles:
        _add_article(node, article)
    for child in topic.topics:
        _add_topic(node, child)


def _add_article(parent: Node, article: ArticleRef) -> None:
    node = parent.add(Node(Kind.ARTICLE, article.title, "article:" + article.id, article.id))
    section = node
    for heading in article.headings:
        child = Node(
            Kind.HEADING, heading.text, f"heading:{article.id}#{heading.anchor}", article.id, heading.anchor
        )
        if heading.level <= 2 or section is node:
            section = node.add(child)
        else:
            section.add(child)
