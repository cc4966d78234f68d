"""The plural helper."""

from mgreader.core.words import counted, fold


def test_one_is_singular_every_other_number_plural():
    assert counted(1, "note") == "1 note"
    assert counted(0, "note") == "0 notes"
    assert counted(2, "passage") == "2 passages"
    assert counted(3, "entry", "entries") == "3 entries"


def test_the_fold_drops_case_and_accents_and_keeps_other_scripts():
    assert fold("Anémie, GRÜẞE") == "anemie, grusse"
    assert fold("日本語 Œuvre") == "日本語 œuvre"
