"""The topic filter shows the same rows as the filter it replaced (issue 15).

The oracle is the old filter, kept here as it was: a recursive QSortFilterProxyModel over the whole tree,
which builds every heading row to decide. The new filter decides from the titles in core data and builds
rows only where the tree is looked at; for every query below both must show exactly the same rows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree
from mgreader.ui.library.tree_model import KeyRole, TopicTreeModel

REPO = Path(__file__).resolve().parents[3]


class OldFilter(QSortFilterProxyModel):
    """The filter as it was before issue 15 (ui/library/tree_model.py, TopicFilterModel)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self._query = tree.fold(query.strip())
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:  # noqa: N802
        if not self._query:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        words = self._query.split()
        return all(word in model.node(index).folded for word in words)


def shown_keys(model: Any) -> list[str]:
    """Every row the model shows, as keys in tree order (what a reader sees with every row expanded)."""
    keys: list[str] = []

    def visit(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            keys.append(index.data(KeyRole))
            visit(index)

    visit(QModelIndex())
    return keys


def generated_library(target: Path, articles: int) -> Path:
    spec = importlib.util.spec_from_file_location("gen_library", REPO / "bench" / "gen_library.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_library", module)
    spec.loader.exec_module(module)
    module.generate(target, articles)
    return target


def queries_for(root: tree.Node) -> list[str]:
    """Words of every title, their prefixes and pairs, accented and upper-case forms, and misses."""
    words = sorted({w for node in root.walk() for w in node.title.split() if w.strip("()")})
    queries = ["", "   ", "zzz-no-such-title", "ANÉMIE", "anemie", "magnesium sleep", "key points", "a"]
    for n, word in enumerate(words):
        queries += [word, word[:2], word.upper(), f"{word} {words[(n * 7) % len(words)]}"]
    return queries


@pytest.mark.parametrize("source", ["fixture", "generated"])
def test_new_filter_shows_what_the_old_one_showed(tmp_path: Path, library_dir: Path, source: str):
    roots = [ContentRoot(library_dir)]
    if source == "generated":
        roots = [ContentRoot(generated_library(tmp_path / "gen", 60), key="mine:", title="My articles")]
    scanned = library.scan(roots)
    old_source = TopicTreeModel(tree.build(scanned))
    new_model = TopicTreeModel(tree.build(scanned))
    queries = queries_for(tree.build(scanned))
    assert len(queries) > 40
    for query in queries:
        oracle = OldFilter(query)
        oracle.setSourceModel(old_source)
        new_model.set_filter(query)
        assert shown_keys(new_model) == shown_keys(oracle), query
