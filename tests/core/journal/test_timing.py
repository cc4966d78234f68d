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
