from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree, tree_filter
from mgreader.ui.library.tree_model import ArticleRole, TopicTreeModel


def test_model_is_consistent(qtmodeltester, library_dir: Path):
    model = TopicTreeModel(tree.build(library.scan([ContentRoot(library_dir)])))
    qtmodeltester.check(model)


def test_filter_keeps_matches_and_their_topics(qtmodeltester, library_dir: Path):
    proxy = TopicTreeModel(tree.build(library.scan([ContentRoot(library_dir)])))
    proxy.set_filter("TABLE numbers")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    topic = proxy.index(0, 0)
    article = proxy.index(0, 0, topic)
    assert article.data(ArticleRole) == "01-first-topic/02-second"
    assert proxy.index(0, 0, article).data() == "A table of numbers"
    proxy.set_filter("")
    assert proxy.rowCount() == 2


def test_a_row_is_found_by_key_in_the_tree_shown_only(library_dir: Path):
    """The titles given with a tree may hold the keys of another (a first read's, when the window shows a
    tree of its own with an article read on its own): the row found is the one on screen."""
    read = library.scan([ContentRoot(library_dir)])
    shown, other = tree.build(read), tree.build(read)
    titles = tree_filter.Titles()
    titles.prepare(other)
    model = TopicTreeModel(tree.build(library.Library(())))
    model.set_root(shown, titles)
    key = "article:01-first-topic/01-welcome"
    node = model.node(model.index_of_key(key))
    assert node.key == key and node in shown.walk() and node not in other.walk()
