"""A small licensed sample of real notes (tests/data/gfm-sample, see its LICENSE.md): each file shows every
structure cmark-gfm shows, and a reader's vault reads as it does in Obsidian."""

import importlib.util
from pathlib import Path

import pytest

from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.render.extensions import links
from mgreader.core.render.markdown import Renderer

SAMPLE = Path(__file__).parents[3] / "data" / "gfm-sample"
_spec = importlib.util.spec_from_file_location(
    "gfm_compare", Path(__file__).parents[4] / "bench" / "gfm_compare.py"
)
compare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare)


NOTES = sorted(p for p in SAMPLE.rglob("*.md") if p.name != "LICENSE.md")


@pytest.mark.parametrize("path", NOTES, ids=lambda p: p.relative_to(SAMPLE).as_posix())
def test_sample_files_lose_no_structure_github_shows(path: Path):
    body = compare.body_of(path.read_text(encoding="utf-8"))
    github, ours = compare.structures(compare.gfm(body)), compare.structures(Renderer().render(body).html)
    lost = {kind: (ours[kind], github[kind]) for kind in compare.KINDS if ours[kind] < github[kind]}
    assert lost == {}


def test_the_vault_reads_as_in_obsidian():
    lib = library.scan([ContentRoot(SAMPLE / "vault")])
    diary = lib.get("Magnesium diary")
    assert diary.summary == "What I tried in March, and what to ask at the next visit."
    assert diary.reviewed == "2024-03-14" and diary.tags == ("magnesium", "sleep")
    assert lib.get("_Inbox/24-hour-urine-test").title == "24-hour urine test"
    for href, target in (
        ("wikilink:24-hour urine test", "_Inbox/24-hour-urine-test"),
        ("wikilink:zinc", "zinc/README"),
    ):
        assert links.resolve(href, diary, lib) == links.OpenArticle(target)
