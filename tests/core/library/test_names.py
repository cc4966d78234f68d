import pytest

from mgreader.core.library import names
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.topics import progressive


@pytest.mark.parametrize(
    ("name", "numbered", "expected"),
    [
        ("01-using-magnesium-safely.md", False, (1, "Using magnesium safely")),  # a leading zero: an order
        ("3-sleep.md", True, (3, "Sleep")),  # in a numbered folder
        ("24-hour-urine-test.md", False, (names.UNORDERED, "24-hour urine test")),
        ("5-HTP.md", False, (names.UNORDERED, "5-HTP")),
        ("1.5 mg dose.md", True, (names.UNORDERED, "1.5 mg dose")),  # '1.' is followed by a digit
        ("2024-03-01.md", True, (names.UNORDERED, "2024-03-01")),
        ("2023-03-01.md", True, (names.UNORDERED, "2023-03-01")),
        ("pg_dump.md", False, (names.UNORDERED, "Pg dump")),
        ("~300 mg.md", False, (names.UNORDERED, "~300 mg")),
        ("C#.md", False, (names.UNORDERED, "C#")),
    ],
)
def test_display_names_keep_their_meaning(name, numbered, expected):
    assert names.display_name(name, numbered) == expected


def test_a_folder_is_numbered_when_half_its_names_have_a_prefix():
    assert names.numbered_folder(["1-a.md", "2-b.md", "notes.md"])
    assert not names.numbered_folder(["24-hour-urine-test.md", "zinc.md", "iron.md"])
    assert not names.numbered_folder(["24-hour-urine-test.md", "5-HTP.md", "zinc.md"])  # not from 1


def test_titles_keep_underscores_tildes_and_hashes_and_skip_code(tmp_path):
    cases = {
        "a.md": "```sh\n# comment in code\n```\n\n# pg_dump and ~300 mg in C#\n",
        "b.md": "# **Bold** _and_ ~~struck~~ title #\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    lib = library.scan([ContentRoot(tmp_path)])
    assert lib.get("a").title == "pg_dump and ~300 mg in C#"
    assert lib.get("b").title == "Bold and struck title"


def test_numbers_in_names_keep_the_folder_in_its_order(tmp_path):
    for name in ("24-hour-urine-test.md", "5-HTP.md", "zinc.md"):
        (tmp_path / name).write_text("Text without a heading.\n", encoding="utf-8")
    titles = [a.title for a in library.scan([ContentRoot(tmp_path)]).in_order()]
    assert titles == ["5-HTP", "24-hour urine test", "Zinc"]  # numbers in names go by their value


def test_folders_and_articles_go_as_a_reader_orders_names(tmp_path):
    for folder in ("Week 10", "week 2", "Écrits", "Zinc notes"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.md").write_text("# A\n", encoding="utf-8")
    for n, title in enumerate(("Arrived 79", "Arrived 8", "arrived 100", "écho")):
        (tmp_path / "week 2" / f"{n}.md").write_text(f"---\ntitle: {title}\n---\nText.\n", encoding="utf-8")
    for name in ("Day 10.md", "Day 2.md", "day 1.md"):
        (tmp_path / "Week 10" / name).write_text("Text without a heading.\n", encoding="utf-8")
    root = ContentRoot(tmp_path, key="mine:", title="My articles")
    scanned = library.scan([root])
    [mine] = scanned.topics
    assert [t.title for t in mine.topics] == ["Écrits", "week 2", "Week 10", "Zinc notes"]
    week2, week10 = mine.topics[1:3]
    assert [a.title for a in week2.articles] == ["A", "Arrived 8", "Arrived 79", "arrived 100", "écho"]
    assert [a.title for a in week10.articles] == ["A", "day 1", "Day 2", "Day 10"]
    # The tree shown while the folder is still being read puts them in the same order.
    assert progressive.partial_library(root, list(scanned.articles.values())[::-1]) == scanned
