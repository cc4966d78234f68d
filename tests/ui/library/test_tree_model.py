from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import tree
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
