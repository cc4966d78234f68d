"""The bundled library keeps its promises: its own words, every required section, and sources."""

import html
import re
from pathlib import Path

import pytest

from mgreader.core.library import check, frontmatter, headings

REPO = Path(__file__).parent.parent
CONTENT = REPO / "content"
# Copies of the source documents (../shared/seeds), so that a clone can run this test on its own.
SEEDS = Path(__file__).parent / "data" / "seeds"
RUN = 10
ARTICLES = sorted(CONTENT.rglob("*.md"))
REFERENCE_PAGES = {"Glossary"}  # a glossary is a list of terms: no key points or questions of its own


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def test_library_has_the_promised_shape():
    topics = {path.parent for path in ARTICLES}
    assert 4 <= len(topics) <= 5 and 10 <= len(ARTICLES) <= 14
    assert len(list(SEEDS.glob("*.txt"))) == 2


def test_no_run_of_ten_words_is_copied_from_a_seed():
    runs = set()
    for seed in SEEDS.glob("*.txt"):
        seed_words = words(seed.read_text(encoding="utf-8"))
        runs.update(tuple(seed_words[i : i + RUN]) for i in range(len(seed_words) - RUN + 1))
    copied = []
    for article in ARTICLES:
        article_words = words(article.read_text(encoding="utf-8"))
        copied += [
            f"{article.relative_to(REPO)}: {' '.join(article_words[i : i + RUN])}"
            for i in range(len(article_words) - RUN + 1)
            if tuple(article_words[i : i + RUN]) in runs
        ]
    assert not copied, "\n".join(copied)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_has_required_fields_and_sections(path: Path):
    front = frontmatter.split(path.read_text(encoding="utf-8"))
    for field in ("title", "order", "summary", "reviewed", "tags", "sources"):
        assert front.fields.get(field), f"{path.name} lacks '{field}'"
    sources = front.fields["sources"]
    assert isinstance(sources, list) and any("Source document" in s for s in sources)
    found = {h.text for h in headings.scan(front.body, levels=(2,))}
    required = {"Sources", "Related articles"}
    if front.fields["title"] not in REFERENCE_PAGES:
        required |= {"Key points", "Questions you might ask your clinician"}
    assert required <= found, f"{path.name} lacks {sorted(required - found)}"
    listed = front.body.split("## Sources", 1)[1]
    assert re.search(r"^\s*[-*] ", listed, re.MULTILINE), f"{path.name} lists no sources"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_length_is_readable_in_one_sitting(path: Path):
    body = frontmatter.split(path.read_text(encoding="utf-8")).body
    assert 400 <= len(words(body)) <= 1600, path.name


def test_weak_claims_carry_evidence_notes_with_known_grades():
    grades = re.compile(r"^> \*\*Evidence: (strong|moderate|limited|not shown)\.\*\*", re.MULTILINE)
    any_note = re.compile(r"^> \*\*Evidence", re.MULTILINE)
    total = 0
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        assert len(grades.findall(text)) == len(any_note.findall(text)), f"{path.name}: unknown grade"
        total += len(grades.findall(text))
    assert total >= 20


def test_check_finds_no_errors_in_the_bundled_library():
    problems = check.check_folder(CONTENT)
    assert [p.format(REPO) for p in problems if p.severity == "error"] == []


def test_every_bundled_article_renders_with_the_disclaimer_footer(tmp_path: Path):
    from mgreader.core import disclaimer
    from mgreader.core.library import scan as library
    from mgreader.core.paths import bundled_dir
    from mgreader.core.render.cache import RenderCache
    from mgreader.core.render.markdown import Renderer
    from mgreader.core.render.page import PageComposer
    from mgreader.core.render.reader import ArticleLoader
    from mgreader.core.theme import THEMES

    resources = bundled_dir("resources")
    notice = disclaimer.load(resources)
    loader = ArticleLoader(PageComposer(resources, notice), RenderCache(tmp_path), Renderer())
    refs = library.scan([library.ContentRoot(CONTENT)]).in_order()
    assert len(refs) == len(ARTICLES)
    for ref in refs:
        article = loader.load(ref)
        assert not article.notices and not article.body.notice, ref.id
        page = loader.page(article, THEMES["light"], 0)
        assert 'class="disclaimer"' in page and notice.title in page, ref.id
        assert page.index(html.escape(ref.title)) < page.index('class="disclaimer"'), ref.id
        assert "Evidence" not in page or 'class="evidence"' in page, ref.id
