"""Timing notes come from the library's declared rules: no rule, no warning."""

from pathlib import Path

import pytest

from mgreader.core.journal import timing
from mgreader.core.journal.timing import TimingRulesError
from mgreader.core.paths import bundled_dir

from .conftest import med

RULES = """
[[rule]]
kind = "bisphosphonate"
label = "a bisphosphonate, for example alendronate"
advice = "Take magnesium at least 2 hours apart from it."
article = "04-using-magnesium-safely/04-medicines"
heading = "bone-medicines"
"""


def test_a_medicine_of_a_declared_kind_gets_its_note_and_question(tmp_path: Path):
    (tmp_path / "timing-rules.toml").write_text(RULES)
    rules = timing.load(tmp_path)
    notes = timing.notes_for([med("Alendronate", mg=None, kind="bisphosphonate"), med()], rules)
    assert [n.medicine.name for n in notes] == ["Alendronate"]
    assert notes[0].rule.heading == "bone-medicines"
    assert notes[0].rule.question("Alendronate") == (
        "Ask about timing with Alendronate: Take magnesium at least 2 hours apart from it."
    )


def test_no_kind_or_an_unknown_kind_or_a_stopped_medicine_gives_no_note(tmp_path: Path):
    (tmp_path / "timing-rules.toml").write_text(RULES)
    rules = timing.load(tmp_path)
    from datetime import date

    stopped = med("Alendronate", kind="bisphosphonate", started=date(2026, 1, 1), stopped=date(2026, 2, 1))
    assert timing.notes_for([med("Alendronate"), med("X", kind="unknown"), stopped], rules) == []


@pytest.mark.parametrize(
    "text",
    [
        "[[rule]]\nkind = 'a'\n",
        "rule = 3\n",
        "[[rule]]\n" + "kind='a'\nlabel='l'\nadvice='x'\narticle='a'\nheading=''\n",
        "not toml = = =",
    ],
)
def test_a_broken_rules_file_is_a_plain_error(tmp_path: Path, text: str):
    (tmp_path / "timing-rules.toml").write_text(text)
    with pytest.raises(TimingRulesError):
        timing.load(tmp_path)


def test_the_bundled_rules_load():
    rules = timing.load(bundled_dir("content"))
    assert {r.kind for r in rules} >= {"bisphosphonate", "tetracycline", "quinolone"}


def test_mgreader_check_proves_every_rule_points_at_a_real_passage(tmp_path: Path):
    from mgreader.core.library.check import check_folder

    (tmp_path / "meds.md").write_text("# Medicines\n\n## Bone medicines\n\nKeep 2 hours apart.\n")
    rule = 'kind = "{}"\nlabel = "l"\nadvice = "a"\narticle = "{}"\nheading = "{}"\n'
    (tmp_path / "timing-rules.toml").write_text(
        "[[rule]]\n"
        + rule.format("good", "meds", "bone-medicines")
        + "[[rule]]\n"
        + rule.format("lost", "meds", "no-such-part")
        + "[[rule]]\n"
        + rule.format("gone", "nowhere", "x")
    )
    messages = sorted(p.message for p in check_folder(tmp_path) if p.severity == "error")
    assert messages == [
        "the timing rule 'gone' points to the article 'nowhere', which is not there",
        "the timing rule 'lost' points to '#no-such-part', not a heading of meds",
    ]


def test_the_bundled_rules_point_at_real_passages():
    from mgreader.core.library.check import check_folder

    content = bundled_dir("content")
    assert not [p for p in check_folder(content, grades=False) if p.path.name == "timing-rules.toml"]
