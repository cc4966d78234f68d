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
# The boxes in content/_includes are shown inside articles; the library scan skips them as articles.
BOXES = sorted((CONTENT / "_includes").glob("*.md"))
ARTICLES = sorted(p for p in CONTENT.rglob("*.md") if p not in BOXES)
SAFETY_BOX = CONTENT / "_includes" / "safety.md"
REFERENCE_PAGES = {"Glossary"}  # a glossary is a list of terms: no key points or questions of its own


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def test_library_has_the_promised_shape():
    topics = {path.parent for path in ARTICLES}
    assert 4 <= len(topics) <= 5
    assert 10 <= len(ARTICLES) <= 18
    assert len(list(SEEDS.glob("*.txt"))) == 2


def test_no_run_of_ten_words_is_copied_from_a_seed():
    runs = set()
    for seed in SEEDS.glob("*.txt"):
        seed_words = words(seed.read_text(encoding="utf-8"))
        runs.update(tuple(seed_words[i : i + RUN]) for i in range(len(seed_words) - RUN + 1))
    copied = []
    for article in ARTICLES + BOXES:
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
    assert isinstance(sources, list)
    assert any("Source document" in s for s in sources)
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
    read = re.sub(r"\]\([^)]*\)", "]", body)  # a link's target is not read, only its text
    assert 400 <= len(words(read)) <= 1600, path.name


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
    # The check's heuristic: an article that talks about doses or supplements shows the safety box.
    assert [p.format(REPO) for p in problems if "safety box" in p.message] == []


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
        assert not article.notices, ref.id
        assert not article.body.notice, ref.id
        page = loader.page(article, THEMES["light"], 0)
        assert 'class="disclaimer"' in page, ref.id
        assert notice.title in page, ref.id
        assert page.index(html.escape(ref.title)) < page.index('class="disclaimer"'), ref.id
        assert "Evidence" not in page or 'class="evidence"' in page, ref.id
        assert "Next review due" in page, ref.id
        assert "No company funds this library" in page, ref.id
        assert "To report an error" in page, ref.id
        if ref.id in DOSE_ARTICLES:
            assert 'class="include safety"' in page, ref.id
            assert "4 to 6 hours after" in page, ref.id
            assert "{{safety}}" not in page, ref.id


# Where a reader might decide a dose (issue 17): these articles must show the safety box.
DOSE_ARTICLES = {
    "03-recovery/01-exhaustion-and-stress",
    "03-recovery/02-muscles-and-physical-recovery",
    "03-recovery/03-sleep",
    "03-recovery/04-a-gentle-recovery-plan",
    "03-recovery/05-mental-fatigue",
    "04-using-magnesium-safely/01-food-and-supplement-forms",
    "04-using-magnesium-safely/02-safe-amounts-side-effects-and-medicines",
    "04-using-magnesium-safely/03-common-questions",
    "04-using-magnesium-safely/04-medicines-that-interact-with-magnesium",
    "02-chronic-illness/03-brain-fog-pain-and-sensitisation",
}
# Where the brief asks for a "When to get urgent help" section.
URGENT_ARTICLES = {
    "02-chronic-illness/01-long-covid-me-cfs-and-dysautonomia",
    "02-chronic-illness/03-brain-fog-pain-and-sensitisation",
    "03-recovery/02-muscles-and-physical-recovery",
    "03-recovery/05-mental-fatigue",
    "04-using-magnesium-safely/02-safe-amounts-side-effects-and-medicines",
    "04-using-magnesium-safely/04-medicines-that-interact-with-magnesium",
}


def article(article_id: str) -> frontmatter.FrontMatter:
    return frontmatter.split((CONTENT / f"{article_id}.md").read_text(encoding="utf-8"))


def test_the_safety_box_holds_every_safety_fact_with_whose_number_it_is():
    text = " ".join(SAFETY_BOX.read_text(encoding="utf-8").split())
    for fact in (
        "350 mg a day", "aged 9 or over", "Food does not count", "In the US",
        "310 to 420 mg a day", "Diarrhoea comes first", "kidneys", "clinician's supervision",
        "bisphosphonates", "at least **2 hours** apart", "tetracyclines", "quinolones",
        "at least **2 hours before** or **4 to 6 hours after**", "Loop and thiazide diuretics", "PPIs",
        "NHS says 400 mg a day or less", "300 mg a day for men and 270 mg for women",
        "EFSA sets 250 mg a day",
        "Sources:",
    ):  # fmt: skip
        assert fact in text, fact


def test_articles_where_a_dose_may_be_decided_show_the_safety_box():
    for article_id in DOSE_ARTICLES:
        front = article(article_id)
        assert front.fields.get("includes") == ["safety"], article_id
        assert "{{safety}}" in front.body, article_id


def test_urgent_help_sections_where_the_brief_asks_for_them():
    for article_id in URGENT_ARTICLES:
        section = article(article_id).body.split("## When to get urgent help\n", 1)
        assert len(section) == 2, article_id
        assert "999" in section[1].split("\n## ", 1)[0], article_id
    questions = article("05-reference/01-questions-for-your-clinician").body
    assert "## If things get worse" in questions
    assert "From:" not in questions


def test_the_new_topics_are_where_a_reader_looks_for_them():
    from mgreader.core.library import scan as library

    scanned = library.scan([library.ContentRoot(CONTENT)])
    titles = {t.title: [a.title for a in t.articles] for t in scanned.topics}
    assert "Brain fog, pain and sensitisation" in titles["Chronic illness"]
    assert "Mental fatigue" in titles["Recovery"]
    assert titles["Recovery"][-1] == "A gentle recovery plan"
    assert titles["Using magnesium safely"][2:] == [
        "Medicines that interact with magnesium",
        "Common questions about magnesium",
    ]


def test_numbers_where_they_matter():
    sleep = article("03-recovery/03-sleep").body
    assert all(dose in sleep for dose in ("500 mg", "729 mg", "320 mg"))
    assert "350 mg" in sleep
    assert "just as much on the dummy pill" in sleep
    medicines = article("04-using-magnesium-safely/04-medicines-that-interact-with-magnesium").body
    assert "**at least 2 hours**" in medicines
    assert "**4 to 6 hours after**" in medicines


def test_one_evidence_grade_for_citrate_absorption_everywhere():
    note = re.compile(r"^> \*\*Evidence: ([a-z ]+)\.\*\* ([^\n]*)", re.MULTILINE)
    grades = set()
    for path in ARTICLES:
        for grade, text in note.findall(path.read_text(encoding="utf-8")):
            if "citrate is absorbed better" in text:
                grades.add(grade)
    assert grades == {"moderate"}


def test_trust_details_in_every_article_and_on_the_about_page():
    for path in ARTICLES:
        fields = frontmatter.split(path.read_text(encoding="utf-8")).fields
        assert fields.get("next-review"), path.name
        assert "No company funds" in str(fields.get("reviewed-by")), path.name
    about = {h.text for h in headings.scan(article("05-reference/03-about-this-library").body, levels=(2,))}
    assert {"Who checks the articles, and how", "Who pays for it", "How to report an error"} <= about


def test_links_in_the_safety_box_work_from_every_article_that_shows_it():
    from mgreader.core.library import scan as library
    from mgreader.core.render.extensions import links

    scanned = library.scan([library.ContentRoot(CONTENT)])
    targets = re.findall(r"\]\(([^)]+)\)", SAFETY_BOX.read_text(encoding="utf-8"))
    assert targets
    for ref in scanned.articles.values():
        if "safety" in ref.path.read_text(encoding="utf-8").split("\n---\n", 1)[0]:
            for target in targets:
                assert isinstance(links.resolve(target, ref, scanned), links.OpenArticle), (ref.id, target)
