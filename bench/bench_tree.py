"""Tree benchmark (issue 15): what a row inserted or removed costs the window's thread, by rows opened.

QTreeView lays out every opened row again whenever a row is inserted or removed anywhere in the tree (a
file arriving in the reader's folder), asking the model (Python) about each. This builds the real Library
pane over a tree of N articles in 20 folders under "My articles", and measures, each on the window's
thread (processor time, and wall time with its waits):
- ``following``: 40 articles read across the folders (the tree opens their folders to show them), then a
  folder of 500 new articles inserted and removed again, as a live reload does;
- ``all_open``: the same with every folder opened by the reader (the worst case: all N rows laid out);
- ``all_open_into_folder``: 500 new articles in one of those opened folders, and removed again.

    QT_QPA_PLATFORM=offscreen python bench/bench_tree.py --sizes 2000,20000,50000 [--against DIR]

``--against DIR``: a checkout of another version (say main: ``git worktree add`` or ``git archive``),
measured in the same run, alternating, each size and version in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPEAT = 5


def child(size: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from mgreader.core.library.topics import tree, tree_filter
    from mgreader.core.library.topics.tree_merge import Edit
    from mgreader.ui.library.library_pane import LibraryPane

    app = QApplication.instance() or QApplication([])
    root = tree.Node(tree.Kind.TOPIC, "", "")
    mine = root.add(tree.Node(tree.Kind.TOPIC, "My articles", "topic:mine:"))
    folders = [mine.add(tree.Node(tree.Kind.TOPIC, f"Folder {f}", f"topic:mine:f{f}/")) for f in range(20)]
    ids = []
    for n in range(size):
        folder = folders[n % 20]
        article_id = f"mine:f{n % 20}/a{n:06d}"
        folder.add(tree.Node(tree.Kind.ARTICLE, f"Article {n}", "article:" + article_id, article_id))
        ids.append(article_id)
    pane = LibraryPane(root, {})
    pane.resize(360, 800)
    pane.show()
    model, view = pane.tree_model, pane.topic_tree
    app.processEvents()

    def timed(edit: Edit) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.thread_time()
        # As a rescan hands its edits over (library_follow): the same nodes under a new root.
        pane.show_library(tree.join(model._root), tree_filter.Titles([edit]))
        app.processEvents()  # the posted layout, and the paint
        return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000

    def new_articles(folder: str) -> list[tree.Node]:
        ids = [f"mine:{folder}/new{n}" for n in range(500)]
        return [tree.Node(tree.Kind.ARTICLE, f"New {n}", "article:" + i, i) for n, i in enumerate(ids)]

    def reload(into: tree.Node | None) -> dict[str, float]:
        """500 articles arrive in a new folder (``into`` None), or in ``into``; and go again."""
        times: list[tuple[float, float]] = []
        for _ in range(REPEAT):
            if into is None:
                new = tree.Node(tree.Kind.TOPIC, "zz-new", "topic:mine:zz-new/")
                for node in new_articles("zz-new"):
                    new.add(node)
                parent, rows = mine, [new]
            else:
                parent, rows = into, new_articles(into.key)
            at = len(parent._children)
            times.append(timed(Edit(parent, [], [(at, rows)])))
            times.append(timed(Edit(parent, [(at, at + len(rows) - 1)], [])))
        opened = 0
        pending = [model.index(0, 0)]
        while pending:  # the rows the view lays out
            index = pending.pop()
            for r in range(model.rowCount(index)):
                opened += 1
                if view.isExpanded(model.index(r, 0, index)):
                    pending.append(model.index(r, 0, index))
        added, removed = times[0::2], times[1::2]
        return {
            "opened_rows": opened,
            "added_wall_ms": statistics.median(t[0] for t in added),
            "added_cpu_ms": statistics.median(t[1] for t in added),
            "removed_wall_ms": statistics.median(t[0] for t in removed),
            "removed_cpu_ms": statistics.median(t[1] for t in removed),
        }

    result: dict[str, float] = {}
    for article_id in ids[:40]:  # two in each folder
        pane.select(article_id)  # the tree follows the article read
        app.processEvents()
    result.update({f"following_{k}": v for k, v in reload(None).items()})
    for folder in folders:
        view.expand(model.index_of_node(folder))  # the reader opens every folder
    app.processEvents()
    result.update({f"all_open_{k}": v for k, v in reload(None).items()})
    result.update({f"all_open_into_folder_{k}": v for k, v in reload(folders[0]).items()})
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000,50000")
    parser.add_argument("--against", type=Path, help="another version's checkout, measured alternately")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        print(json.dumps(child(options.child)))
        return 0
    here = Path(__file__).resolve().parents[1]
    sources = [("this", here)] + ([("against", options.against.resolve())] if options.against else [])
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for size in (int(s) for s in options.sizes.split(",")):
        for label, source in sources:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                capture_output=True, text=True, env=dict(env, PYTHONPATH=str(source)), check=False,
            )  # fmt: skip
            lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
            if not lines:
                print(size, label, "failed:", out.stderr[-2000:])
                continue
            result = {k: round(v, 1) for k, v in json.loads(lines[-1]).items()}
            print(f"{size:,}", label, json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
