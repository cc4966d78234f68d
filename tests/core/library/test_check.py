"""`mgreader check`: each kind of problem is found in a small fixture folder, with its file and line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mgreader.core.library import check
from mgreader.core.library import scan as library
from mgreader.core.library.check import Problem
from mgreader.core.library.scan import ContentRoot

CASES = Path(__file__).parents[2] / "data" / "check"
CONTENT = Path(__file__).parents[3] / "content"


def found(case: str) -> list[tuple[str, int, str, str]]:
    root = CASES / case
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.severity, p.message) for p in check.check_folder(root)
    ]


def only(case: str) -> tuple[str, int, str, str]:
    problems = found(case)
    assert len(problems) == 1, problems
    return problems[0]


def test_clean_folder_has_no_problems():
    # It has links, anchors, an image, code that looks like broken links, and skipped '.' files.
    assert found("clean") == []


def test_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte():
    path, line, severity, message = only("not-utf8")
    assert (path, line, severity) == ("latin1.md", 2, "error")
    assert "not UTF-8" in message
    assert "0xe9" in message


def test_byte_order_mark_is_read_through():
    assert found("bom") == []
    ref = library.read_ref(ContentRoot(CASES / "bom"), CASES / "bom" / "bom.md")
    assert ref.title == "With a BOM"
    assert not ref.problem


def test_empty_articles_are_errors():
    assert [(p, line, s) for p, line, s, _ in found("empty")] == [
        ("blank.md", 1, "error"),
        ("front-only.md", 1, "error"),
    ]
    assert all("empty" in message for *_, message in found("empty"))


@pytest.mark.parametrize(
    ("path", "line", "severity", "words"),
    [
        ("malformed.md", 3, "error", ["front matter could not be read", "this line has no colon"]),
        ("unknown-field.md", 3, "warning", ["unknown", "'sumary'", "did you mean 'summary'"]),
        ("field-types.md", 2, "error", ["'title'", "single value"]),
        ("field-types.md", 3, "error", ["'order'", "whole number", "'two'"]),
        ("field-types.md", 5, "error", ["'reviewed'", "YYYY-MM-DD", "'2026-13-01'"]),
        ("field-types.md", 7, "error", ["'sources'", "must be a list"]),
        ("empty-field.md", 3, "warning", ["'summary'", "empty"]),
        ("empty-field.md", 4, "error", ["'reviewed'", "'24/11/2026'"]),
    ],
)
def test_front_matter_problems(path: str, line: int, severity: str, words: list[str]):
    matches = [m for p, n, s, m in found("front-matter") if (p, n, s) == (path, line, severity)]
    assert len(matches) == 1, found("front-matter")
    assert all(word in matches[0] for word in words), matches[0]


def test_front_matter_problems_are_all_listed_and_nothing_else():
    # A broken block gives one error, not also a "no title" warning for the title it could not read.
    # 'tags: one, two' is how Jekyll and Obsidian write tags: read as a list, not an error.
    assert len(found("front-matter")) == 8
    # A field other tools use ('colour') is not the app's business: no warning for it.
    assert not [m for p, n, s, m in found("front-matter") if "colour" in m]


def test_order_that_looks_like_a_digit_but_is_not_a_number(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\ntitle: A\norder: ²\n---\n\nText.\n", encoding="utf-8")
    [problem] = check.check_folder(tmp_path)
    assert (problem.line, problem.severity) == (3, "error")
    assert "whole number" in problem.message


def test_missing_and_duplicate_titles_are_warnings():
    assert [(p, line, s) for p, line, s, _ in found("titles")] == [
        ("no-title.md", 1, "warning"),
        ("same-b.md", 3, "warning"),
    ]
    no_title, same = (m for *_, m in found("titles"))
    assert "no title" in no_title
    assert "'no-title'" in no_title
    assert "'Magnesium Basics'" in same
    assert "same-a.md" in same


def test_paths_that_differ_only_in_case_are_duplicate_ids(tmp_path: Path):
    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / "note.md").write_text("# One\n\nText.\n", encoding="utf-8")
    other = tmp_path / "topic" / "Note.md"
    if other.exists():
        pytest.skip("this file system ignores letter case")
    other.write_text("# Two\n\nText.\n", encoding="utf-8")
    [problem] = check.check_folder(tmp_path)
    assert (problem.path, problem.line, problem.severity) == (tmp_path / "topic" / "note.md", 1, "error")
    assert "same id as topic/Note.md" in problem.message


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (8, ["broken link", "'missing.md'", "not in the library"]),
        (9, ["broken link", "'../../outside.md'", "outside the library"]),
        (10, ["broken anchor", "'target.md#no-such-heading'", "01-topic/target.md", "'no-such-heading'"]),
        (12, ["broken anchor", "'#nowhere'", "this article"]),
        (13, ["broken link", "'mailto:someone@example.org'", "'mailto:'"]),
    ],
)
def test_broken_links_and_anchors(line: int, words: list[str]):
    matches = [m for p, n, s, m in found("links") if (p, n, s) == ("01-topic/links.md", line, "error")]
    assert len(matches) == 1, found("links")
    assert all(word in matches[0] for word in words), matches[0]


def test_good_links_and_links_in_code_are_not_reported():
    assert [line for _, line, _, _ in found("links")] == [8, 9, 10, 12, 13]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (6, ["missing image", "'absent.png'"]),
        (7, ["remote image", "'https://example.org/picture.png'"]),
        (8, ["'../../outside.png'", "inside the library"]),
        # Exists on a case-insensitive disk, but not once the library is installed elsewhere.
        (9, ["missing image", "'Present.png'"]),
    ],
)
def test_image_problems(line: int, words: list[str]):
    matches = [m for p, n, s, m in found("images") if (p, n, s) == ("01-topic/images.md", line, "error")]
    assert len(matches) == 1, found("images")
    assert all(word in matches[0] for word in words), matches[0]


def test_image_that_exists_is_not_reported():
    assert [line for _, line, _, _ in found("images")] == [6, 7, 8, 9]


def test_hard_reading_is_a_warning_that_points_at_the_hardest_passage():
    path, line, severity, message = only("reading-grade")
    assert (path, line, severity) == ("hard.md", 7, "warning")
    assert "reading grade" in message
    assert "above 10" in message
    grade = float(message.split("reading grade ")[1].split()[0])
    assert grade > 10


def test_file_too_large_to_show_is_an_error(tmp_path: Path):
    (tmp_path / "huge.md").write_bytes(b"word " * (library.MAX_ARTICLE_BYTES // 5 + 1))
    [problem] = check.check_folder(tmp_path)
    assert problem.severity == "error"
    assert "too large" in problem.message


def test_problem_format_is_relative_to_base_when_inside_it(tmp_path: Path):
    problem = Problem(tmp_path / "content" / "01-basics" / "x.md", 12, "error", "broken link")
    assert problem.format(tmp_path) == "content/01-basics/x.md:12: error: broken link"
    assert problem.format(tmp_path / "elsewhere").startswith(str(tmp_path / "content"))


def run(argv: list[str], default_dirs: list[Path] | None = None) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = check.run(argv, default_dirs or [], out)
    return status, out.getvalue().splitlines()


def test_run_prints_one_line_per_problem_and_a_summary(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(CASES)  # paths are shown relative to the working folder
    status, lines = run(["links"])
    assert status == 1
    assert lines[0] == "Checking 2 articles in links ..."  # said before the work, so the reader sees it
    assert lines[1] == (
        "links/01-topic/links.md:8: error: broken link to 'missing.md': "
        "The article 'missing.md' is not in the library"
    )
    assert [line.split(":")[1] for line in lines[1:-1]] == ["8", "9", "10", "12", "13"]
    assert lines[-1] == "2 articles checked: 5 errors, 0 warnings"


def test_run_passes_with_warnings_unless_strict():
    assert run([str(CASES / "titles")])[0] == 0
    status, lines = run([str(CASES / "titles"), "--strict"])
    assert status == 1 and lines[-1] == "3 articles checked: 0 errors, 2 warnings"
    # A few warnings of a kind are listed, after the errors.
    assert sum(": warning: " in line for line in lines) == 2


def test_many_warnings_of_a_kind_are_counted_and_listed_with_verbose(tmp_path: Path):
    for n in range(5):
        (tmp_path / f"note{n}.md").write_text("# Same title\n\nText.\n", encoding="utf-8")
    lines = run([str(tmp_path)])[1]
    assert "warning: the title '…' is also used: 4 files (--verbose lists them)" in lines
    assert not [line for line in lines if ": warning: " in line]
    verbose = run([str(tmp_path), "--verbose"])[1]
    assert sum(": warning: the title 'Same title' is also used" in line for line in verbose) == 4


def test_run_checks_the_default_folders_that_exist(tmp_path: Path):
    status, lines = run([], [CASES / "clean", tmp_path / "no-library-yet"])
    assert (status, lines[-1]) == (0, "3 articles checked: 0 errors, 0 warnings")
    assert len(lines) == 2  # "Checking ..." for the one folder that exists, and the summary


def test_run_checks_several_folders():
    status, lines = run([str(CASES / "clean"), str(CASES / "not-utf8")])
    assert status == 1
    assert lines[-1] == "4 articles checked: 1 error, 0 warnings"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["no/such/folder"], "'no/such/folder' does not exist"),
        ([str(CASES / "bom" / "bom.md")], "is not a folder"),
        (["--fast"], "unknown option '--fast'"),
    ],
)
def test_run_refuses_bad_arguments(argv: list[str], words: str):
    status, lines = run(argv)
    assert status == 2
    assert words in lines[0]


def test_bundled_content_has_no_errors():
    errors = [p.format(CONTENT.parent) for p in check.check_folder(CONTENT) if p.severity == "error"]
    assert errors == []


def test_link_to_an_article_too_large_to_read_is_not_reported_as_missing(tmp_path: Path):
    (tmp_path / "huge.md").write_bytes(b"word " * (library.MAX_ARTICLE_BYTES // 5 + 1))
    (tmp_path / "a.md").write_text("# A\n\nSee [the big one](huge.md#part-two).\n", encoding="utf-8")
    assert [(p.path.name, p.line) for p in check.check_folder(tmp_path)] == [("huge.md", 1)]


def test_run_help():
    status, lines = run(["--help"])
    assert status == 0 and lines[0] == "usage: mgreader check [DIR ...] [--strict] [--verbose] [--grades]"


def test_problems_are_told_as_soon_as_they_are_known(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(b"# A\n\ncaf\xe9\n")  # not UTF-8: known when the file is read
    (tmp_path / "b.md").write_text("# B\n\n[gone](nowhere.md)\n", encoding="utf-8")
    told: list[str] = []
    problems = check.check_folder(tmp_path, found=lambda p: told.append(p.path.name))
    assert told == ["a.md", "b.md"] and len(problems) == 2


def test_run_reports_reading_grades_only_when_asked():
    assert run([str(CASES / "reading-grade")])[1][-1].endswith("0 warnings")
    assert run([str(CASES / "reading-grade"), "--grades"])[1][-1].endswith("1 warning")


def test_boxes_and_dose_talk_without_the_safety_box():
    problems = {path: (line, severity, message) for path, line, severity, message in found("includes")}
    assert set(problems) == {"topic/dose-talk.md", "topic/missing-box.md", "topic/stray-marker.md"}
    line, severity, message = problems["topic/dose-talk.md"]
    assert severity == "warning"
    assert "talks about doses or supplements (6 mentions)" in message
    assert "includes: [safety]" in message
    line, severity, message = problems["topic/missing-box.md"]
    assert (line, severity) == (3, "error")
    assert "_includes/warnings.md" in message
    line, severity, message = problems["topic/stray-marker.md"]
    assert severity == "warning"
    assert "{{safety}}" in message
    assert "add 'safety' to 'includes'" in message


def test_dose_talk_is_not_reported_where_the_library_has_no_safety_box(tmp_path: Path):
    text = "# Mine\n\nA supplement dose of 200 mg, a dose, a dose.\n"
    (tmp_path / "mine.md").write_text(text, encoding="utf-8")
    assert check.check_folder(tmp_path) == []


def test_files_are_listed_in_the_readers_order(tmp_path: Path):
    # The walk goes by code point: 'Day 10' before 'Day 2', 'Zinc' before 'echo' and 'Écho' after them all;
    # and a name with decomposed accents (as macOS writes them) elsewhere again.
    names = ["Zinc", "Day 10", "e\u0301cho", "Day 2", "Écho", "echo", "Œdème", "Oats"]
    for name in names:
        (tmp_path / f"{name}.md").write_text("", encoding="utf-8")  # empty: an error each
    (tmp_path / "Day 3").mkdir()
    (tmp_path / "Day 3" / "note 10.md").write_text("", encoding="utf-8")
    (tmp_path / "Day 3" / "note 9.md").write_text("", encoding="utf-8")
    order = ["Day 2", "Day 3/note 9", "Day 3/note 10", "Day 10", "echo", "e\u0301cho", "Écho", "Oats",
             "Œdème", "Zinc"]  # fmt: skip
    told: list[Problem] = []
    listed = check.check_folder(tmp_path, found=told.append)
    for problems in (listed, told):
        assert [p.path.relative_to(tmp_path).as_posix().removesuffix(".md") for p in problems] == order
    lines = run([str(tmp_path)])[1]
    assert [line.split(":")[0].rsplit("/", 1)[-1].removesuffix(".md") for line in lines[1:-1]] == [
        name.rsplit("/", 1)[-1] for name in order
    ]
