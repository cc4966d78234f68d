"""Garbage collection waits while a big folder is read, from the first listing of its files on (issue 15:
a full collection holds the interpreter, and with it the window, for as long as it takes)."""

import gc
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from mgreader.core.library import scan as library
from mgreader.core.library.refs import _RAW_HEADINGS, IN_THE_FILE
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.library.topics import progressive, tree, tree_filter
from mgreader.ui.library import library_scanner
from mgreader.ui.library.tree_model import TopicTreeModel
from tests.ui.reading.test_tree_filter_oracle import generated_library


@pytest.mark.parametrize("pause_from", [10, 1000])
def test_collection_waits_from_the_survey_of_a_big_folder_and_goes_on_after(
    qtbot, tmp_path: Path, monkeypatch, pause_from: int
):
    monkeypatch.setattr(library_scanner, "PAUSE_COLLECTION_FROM", pause_from)
    survey = progressive.survey
    during: list[bool] = []
    monkeypatch.setattr(progressive, "survey", lambda f: (during.append(gc.isenabled()), survey(f))[1])
    scanner = library_scanner.LibraryScanner(ContentRoot(generated_library(tmp_path / "lib", 60)), None)
    assert gc.isenabled()
    for _ in range(2):  # a first read, and a rescan
        with qtbot.wait_signal(scanner.idle, timeout=20000):
            scanner.scan()
        qtbot.waitUntil(gc.isenabled, timeout=5000)  # on again once the worker is idle
    assert during == [False, False]  # the listing of the files too


def test_a_rescan_edits_the_tree_it_sent_making_nodes_only_for_new_rows(qtbot, tmp_path: Path, monkeypatch):
    """A rescan does not build a second whole tree beside the one on screen (issue 15: about 11 MB for a
    moment at 20,000 articles): the tree shown is edited, and it shows what a fresh tree of the folder
    would."""
    folder = generated_library(tmp_path / "lib", 60)
    root = ContentRoot(folder, key="mine:", title="My articles")
    scanner = library_scanner.LibraryScanner(root, ScanCache.in_dir(tmp_path / "cache"))
    model = TopicTreeModel(tree.Node(tree.Kind.TOPIC, "", ""))
    sent: list[library_scanner.Scanned] = []
    scanner.finished.connect(lambda s: (sent.append(s), model.set_root(s.root, s.titles)))
    made: list[tree.Node] = []
    real_init = tree.Node.__init__

    def counted(node: tree.Node, *args: Any, **kwargs: Any) -> None:
        made.append(node)
        real_init(node, *args, **kwargs)

    monkeypatch.setattr(tree.Node, "__init__", counted)

    def rescan() -> list[str]:
        made.clear()
        with qtbot.wait_signal(scanner.idle, timeout=20000):
            scanner.scan()
        keys = [n.key for n in made if n.key]  # not the holders a new row is made in (tree.node_of)
        fresh = tree.build(library.scan([root]))
        assert rows(model.node(QModelIndex())) == rows(fresh)  # what a fresh tree shows
        return keys

    assert len(rescan()) > 60  # the first read builds the tree
    assert rescan() == [] and sent[1].root is sent[0].root  # nothing changed: no node made
    topic = sorted(p for p in folder.iterdir() if p.is_dir())[2]
    for n in range(3):
        (topic / f"zz-arrived-{n}.md").write_text(f"# Arrived {n}\n\n## Part\n", encoding="utf-8")
    (sorted(topic.glob("*.md"))[0]).unlink()
    ids = [f"article:mine:{topic.name}/zz-arrived-{n}" for n in range(3)]
    assert rescan() == ids and sent[2].root is sent[0].root  # only the new rows' nodes
    shown = tree_filter.Shown(sent[2].root, "arrived", sent[2].titles)
    assert [n.key for n in sent[2].root.walk() if shown.shows(n) and n.kind is tree.Kind.ARTICLE] == ids


def rows(root: tree.Node) -> list[tuple[str, str]]:
    return [(n.key, n.title) for n in root.walk()]


def test_a_first_read_keeps_the_headings_it_has_indexed_only_in_the_index(qtbot, tmp_path: Path, monkeypatch):
    """The trees sent while a big folder is read hold the folded headings of the articles read so far in
    the filter's index only (issue 15: they were held twice until the end, about 4 MB at 20,000); the
    filter still finds them."""
    monkeypatch.setattr(library_scanner, "APART_FROM", 10)  # read in a process of its own, as from 2,000
    monkeypatch.setattr(library_scanner, "PARTIAL_EVERY_S", 0.001)
    root = ContentRoot(generated_library(tmp_path / "lib", 60), key="mine:", title="My articles")
    scanner = library_scanner.LibraryScanner(root, None)
    model = TopicTreeModel(tree.Node(tree.Kind.TOPIC, "", ""))
    held: list[int] = []
    found: list[tuple[set[str], set[str]]] = []  # each tree's articles, and those the filter shows

    def partial(scanned: library_scanner.Scanned) -> None:
        model.set_root(scanned.root, scanned.titles)
        articles = scanned.library.articles.values()
        held.append(sum(_RAW_HEADINGS.__get__(ref) is not IN_THE_FILE for ref in articles))
        shown = tree_filter.Shown(scanned.root, "matters", scanned.titles)
        rows = scanned.titles.nodes().values()  # not walk(): that would build (and read) the heading rows
        matched = {n.article_id for n in rows if n.kind is tree.Kind.ARTICLE and shown.shows(n)}
        found.append((set(scanned.library.articles), matched))

    scanner.partial.connect(partial)
    scanner.finished.connect(lambda s: model.set_root(s.root, s.titles))
    with qtbot.wait_signal(scanner.idle, timeout=30000):
        scanner.scan()
    assert held and held == [0] * len(held)
    fresh = library.scan([root])
    having = {r.id for r in fresh.articles.values() if "matters" in " ".join([r.title, *heads(r)]).lower()}
    assert len(having) > 10 and all(matched == ids & having for ids, matched in found)


def heads(ref: library.ArticleRef) -> list[str]:
    return [h.text for h in ref.headings]
