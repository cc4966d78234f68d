import subprocess
import sys
from pathlib import Path

import pytest

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.library import frontmatter
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.paths import bundled_dir
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.theme import LIGHT


@pytest.fixture
def loader(tmp_path: Path) -> ArticleLoader:
    resources = bundled_dir("resources")
    composer = PageComposer(resources, disclaimer_module.load(resources))
    return ArticleLoader(composer, RenderCache(tmp_path / "cache"), Renderer())


def page_of(loader: ArticleLoader, library_dir: Path, article_id: str) -> str:
    ref = library.scan([ContentRoot(library_dir)]).get(article_id)
    assert ref is not None
    return loader.page(loader.load(ref), LIGHT, 0)


def test_page_has_header_body_and_disclaimer_footer(loader: ArticleLoader, library_dir: Path):
    html = page_of(loader, library_dir, "01-first-topic/01-welcome")
    assert "Welcome to the fixture library" in html
    assert "A small article used by the tests" in html
    assert "Last reviewed 1 November 2026" in html
    assert "min read" in html
    assert "Anémie, Grüße, 日本語" in html
    assert 'class="disclaimer"' in html
    assert "not medical advice" in html
    assert html.index("Anémie") < html.index('class="disclaimer"')


@pytest.mark.parametrize(
    ("article_id", "notice", "kept"),
    [
        ("02-second-topic/latin1", "not saved as UTF-8", "Caf\ufffd cr\ufffdme"),
        ("02-second-topic/bad-front", "could not be read (line 2", "The body is still shown."),
        ("02-second-topic/empty", "This article is empty.", "not medical advice"),
    ],
)
def test_bad_articles_show_a_notice_and_what_can_be_shown(loader, library_dir, article_id, notice, kept):
    html = page_of(loader, library_dir, article_id)
    assert notice in html
    assert kept in html


def test_huge_article_shows_its_beginning_as_plain_text(loader: ArticleLoader, library_dir: Path):
    (library_dir / "huge.md").write_bytes(b"# Big\n\n" + b"<b>word</b> " * 1_000_000)
    html = page_of(loader, library_dir, "huge")
    assert "too large to show" in html
    assert "12.0 MB" in html
    assert "&lt;b&gt;word&lt;/b&gt;" in html
    assert len(html) < 400_000


def test_title_from_first_heading_is_not_repeated(loader: ArticleLoader, library_dir: Path):
    html = page_of(loader, library_dir, "02-second-topic/plain")
    assert html.count("Plain article without front matter") == 1


def test_missing_file_is_explained(loader: ArticleLoader, library_dir: Path):
    ref = library.scan([ContentRoot(library_dir)]).get("01-first-topic/02-second")
    ref.path.unlink()
    html = loader.page(loader.load(ref), LIGHT, 0)
    assert "could not be opened" in html
    assert "moved or deleted" in html


def test_a_cached_article_opens_without_importing_markdown(tmp_path: Path, library_dir: Path):
    """The startup path: a relaunch paints from the cache, skipping python-markdown's import cost."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mgreader.core import disclaimer\n"
        "from mgreader.core.library import scan as library\n"
        "from mgreader.core.render.page import PageComposer\n"
        "from mgreader.core.paths import bundled_dir\n"
        "from mgreader.core.render.reader import ArticleLoader\n"
        "from mgreader.core.render.markdown import Renderer\n"
        "from mgreader.core.render.cache import RenderCache\n"
        "from mgreader.core.theme import LIGHT\n"
        "res = bundled_dir('resources')\n"
        "composer = PageComposer(res, disclaimer.load(res))\n"
        "loader = ArticleLoader(composer, RenderCache(Path(sys.argv[1])), Renderer())\n"
        "ref = library.scan([library.ContentRoot(Path(sys.argv[2]))]).get('01-first-topic/01-welcome')\n"
        "html = loader.page(loader.load(ref), LIGHT, 0)\n"
        "assert 'Anémie' in html\n"
        "print('markdown' in sys.modules)\n"
    )
    cache = str(tmp_path / "cache")
    run = [sys.executable, "-c", script, cache, str(library_dir)]
    first = subprocess.run(run, check=True, capture_output=True, text=True).stdout.strip()
    second = subprocess.run(run, check=True, capture_output=True, text=True).stdout.strip()
    assert (first, second) == ("True", "False")


def test_an_article_shown_again_keeps_its_details_and_notices_without_reading_its_block(
    loader: ArticleLoader, library_dir: Path, monkeypatch
):
    path = library_dir / "01-first-topic" / "02-second.md"
    path.write_text(
        "---\nnext-review: 2027-01\nreviewed-by: Dr. A\n---\n# Second\n\nText.\n", encoding="utf-8"
    )
    bad = library_dir / "01-first-topic" / "03-bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n# Bad\n\nText.\n", encoding="utf-8")
    articles = library.scan([ContentRoot(library_dir)])
    first = [loader.load(articles.get(i)) for i in ("01-first-topic/02-second", "01-first-topic/03-bad")]
    monkeypatch.setattr(frontmatter, "read", lambda _text: pytest.fail("the block was read again"))
    again = [loader.load(articles.get(i)) for i in ("01-first-topic/02-second", "01-first-topic/03-bad")]
    assert again == first
    assert first[0].trust.reviewed_by == "Dr. A"
    assert any("could not be read" in notice for notice in first[1].notices)


def test_changed_file_is_rendered_again(loader: ArticleLoader, library_dir: Path):
    path = library_dir / "01-first-topic" / "02-second.md"
    assert "Paragraph 1 of" in page_of(loader, library_dir, "01-first-topic/02-second")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Paragraph 1 of", "Edited paragraph of"), "utf-8"
    )
    html = page_of(loader, library_dir, "01-first-topic/02-second")
    assert "Edited paragraph of" in html
    assert "Paragraph 1 of" not in html


def test_stylesheet_follows_the_font_and_spacing_choices(loader: ArticleLoader):
    composer = loader.composer
    assert "font-family" not in composer.stylesheet(LIGHT, 0).split("body {", 1)[1].split("}", 1)[0]
    chosen = composer.stylesheet(LIGHT, 2, font="serif", spacing="loose")
    assert "font-family: DejaVu Serif" in chosen
    assert "line-height: 210%" in chosen
    assert "line-height: 155%" in composer.stylesheet(LIGHT, 0, font="nonsense", spacing="nonsense")


@pytest.mark.parametrize(
    "entry",
    [b"[" * 100_000 + b"]" * 100_000, b'{"html": ["x"], "headings": [], "words": 1}', b"\xff"],
    ids=["deep", "html-not-text", "not-utf8"],
)
def test_a_damaged_render_cache_entry_is_a_miss(tmp_path: Path, entry: bytes):
    """Issue 11: an entry nested deeper than the parser goes raised instead of being rendered again."""
    cache = RenderCache(tmp_path)
    (tmp_path / "k.json").write_bytes(entry)
    assert cache.get("k") is None


def test_a_first_heading_repeating_the_title_field_is_not_shown_twice(loader: ArticleLoader, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "zinc.md").write_text(
        "---\ntitle: Zinc and magnesium\ndescription: How they meet.\n---\n# Zinc and magnesium\n\nText.\n",
        encoding="utf-8",
    )
    html = page_of(loader, notes, "zinc")
    assert html.count("Zinc and magnesium") == 1
    assert "How they meet." in html  # Jekyll's and Hugo's description is the summary


def test_a_note_that_starts_with_a_rule_keeps_all_its_text(loader: ArticleLoader, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "rule.md").write_text("---\n\nFirst words.\n\nMore words.\n", encoding="utf-8")
    html = page_of(loader, notes, "rule")
    assert "First words." in html and "More words." in html and "could not be read" not in html


def test_toml_front_matter_is_not_shown(loader: ArticleLoader, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "hugo.md").write_text('+++\ntitle = "A Hugo page"\n+++\n\nBody.\n', encoding="utf-8")
    html = page_of(loader, notes, "hugo")
    assert "A Hugo page" in html and "+++" not in html and "title =" not in html


def _glossary_and_article(
    tmp_path: Path, meaning: str, text: str
) -> tuple[library.ArticleRef, library.ArticleRef]:
    folder = tmp_path / "lib" / "01-topic"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "09-glossary.md").write_text(f"# Glossary\n\n## ATP\n\n{meaning}\n", encoding="utf-8")
    (folder / "01-article.md").write_text(f"# Article\n\n{text}\n", encoding="utf-8")
    found = library.scan([ContentRoot(tmp_path / "lib")])
    glossary_ref, article_ref = found.get("01-topic/09-glossary"), found.get("01-topic/01-article")
    assert glossary_ref is not None and article_ref is not None
    return glossary_ref, article_ref


def test_glossary_marks_are_kept_and_made_anew_when_the_glossary_or_the_article_changes(
    loader: ArticleLoader, tmp_path: Path, monkeypatch
):
    from mgreader.core.render import glossary

    terms, ref = _glossary_and_article(tmp_path, "The cell's fuel.", "Cells burn ATP.")
    first = loader.with_glossary(loader.load(ref), terms).body.html
    assert 'href="glossary:atp" title="The cell&#x27;s fuel."' in first
    # A relaunch: the same glossary and article are neither read for terms nor marked again.
    monkeypatch.setattr(glossary, "mark_terms", lambda *_: pytest.fail("marked again"))
    monkeypatch.setattr(glossary, "parse", lambda *_: pytest.fail("terms read again"))
    again = ArticleLoader(loader.composer, RenderCache(loader.cache.directory), loader.renderer)
    assert again.with_glossary(again.load(ref), terms).body.html == first
    monkeypatch.undo()
    # The glossary's meaning changed: the tooltip follows.
    terms, ref = _glossary_and_article(tmp_path, "Energy for cells.", "Cells burn ATP.")
    assert 'title="Energy for cells."' in loader.with_glossary(loader.load(ref), terms).body.html
    # The article changed: its new text is marked.
    terms, ref = _glossary_and_article(tmp_path, "Energy for cells.", "Muscles need ATP too.")
    marked = loader.with_glossary(loader.load(ref), terms).body.html
    assert "Muscles need" in marked and 'href="glossary:atp"' in marked


def test_the_glossary_itself_and_a_missing_glossary_mark_nothing(loader: ArticleLoader, tmp_path: Path):
    terms, ref = _glossary_and_article(tmp_path, "The cell's fuel.", "Cells burn ATP.")
    own = loader.load(terms)
    assert loader.with_glossary(own, terms) == own
    article = loader.load(ref)
    assert loader.with_glossary(article, None) == article
    terms.path.unlink()
    assert loader.with_glossary(article, terms) == article
