"""Compare Mg Reader's rendering with cmark-gfm (GitHub's renderer), structure by structure.

    .venv/bin/python bench/gfm_compare.py CORPUS_DIR [--show KIND] [--limit N]

CORPUS_DIR is any folder of .md files (the corpus for docs/benchmarks.md was made from public repositories
with the ``fetch`` tool and is not kept in the repository). Each file's front matter is removed (GitHub
shows it as a table, the app as the page header), then the body is rendered by both. For each structure
the number of elements is counted in both HTML outputs; a file "loses" a structure when the app shows fewer
of it than cmark-gfm does. Needs the ``cmarkgfm`` package (in the test extra).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

from mgreader.core.errors import FrontMatterError
from mgreader.core.library import frontmatter
from mgreader.core.render.markdown import Renderer

KINDS = ("list", "nesting", "code block", "table", "block quote", "heading", "task list", "strikethrough",
         "link")  # fmt: skip
_BOXES = {"evidence", "callout"}  # the app draws these block quotes as one-cell tables


class _Counter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.counts: Counter[str] = Counter()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        css = set((attr.get("class") or "").split())
        if tag in ("ul", "ol"):
            self.counts["list"] += 1
            if "li" in self.stack:
                self.counts["nesting"] += 1
        elif tag == "pre":
            self.counts["code block"] += 1
        elif tag == "table":
            self.counts["block quote" if css & _BOXES else "table"] += 1
        elif tag == "blockquote":
            self.counts["block quote"] += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.counts["heading"] += 1
        elif (tag == "input" and attr.get("type") == "checkbox") or (tag == "span" and "task" in css):
            self.counts["task list"] += 1
        elif tag in ("del", "s"):
            self.counts["strikethrough"] += 1
        elif tag == "a" and attr.get("href") and "sup" not in self.stack and not css & {
            "footnote-backref", "footnote-ref", "wikilink"}:  # fmt: skip
            self.counts["link"] += 1
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def structures(body_html: str) -> Counter[str]:
    parser = _Counter()
    parser.feed(body_html)
    parser.close()
    return parser.counts


def gfm(text: str) -> str:
    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    return cmarkgfm.github_flavored_markdown_to_html(text, options)


def body_of(text: str) -> str:
    try:
        return frontmatter.split(text).body
    except FrontMatterError:
        return frontmatter.strip_unreadable(text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--show", help="list the files that lose this structure")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix.lower() == ".md" and p.is_file())
    if args.limit:
        files = files[: args.limit]
    renderer = Renderer()
    losing: Counter[str] = Counter()
    any_loss = 0
    shown: list[str] = []
    for path in files:
        body = body_of(path.read_text(encoding="utf-8", errors="replace"))
        theirs, ours = structures(gfm(body)), structures(renderer.render(body).html)
        lost = [kind for kind in KINDS if ours[kind] < theirs[kind]]
        losing.update(lost)
        any_loss += bool(lost)
        if args.show in lost:
            shown.append(f"{path}: {ours[args.show]} of {theirs[args.show]}")
    total = len(files)
    print(f"{total} files; {any_loss} ({100 * any_loss / max(total, 1):.1f}%) lose at least one structure")
    print("| structure | files that lose it | % |")
    print("| --- | ---: | ---: |")
    for kind in KINDS:
        print(f"| {kind} | {losing[kind]} | {100 * losing[kind] / max(total, 1):.1f} |")
    for line in shown:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
