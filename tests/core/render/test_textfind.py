import pytest

from mgreader.core.render.textfind import find_all, fold


def test_case_and_accents_do_not_matter():
    text = "Anémie and ANEMIE and anemie."
    spans = find_all(text, "anemie")
    assert [text[a:b] for a, b in spans] == ["Anémie", "ANEMIE", "anemie"]
    assert [text[a:b] for a, b in find_all(text, "ANÉMIE")] == ["Anémie", "ANEMIE", "anemie"]


def test_spans_map_back_through_expanding_and_decomposed_characters():
    text = "Die Straße and e\u0301te."
    assert [text[a:b] for a, b in find_all(text, "strasse")] == ["Straße"]
    assert [text[a:b] for a, b in find_all(text, "ete")] == ["e\u0301te"]


def test_white_space_in_the_query_matches_line_breaks():
    text = "magnesium\u2029citrate and magnesium  citrate"
    assert len(find_all(text, "magnesium citrate")) == 2


@pytest.mark.parametrize("query", ["", "   ", "\n"])
def test_empty_query_finds_nothing(query):
    assert find_all("anything", query) == []


def test_fold():
    assert fold("Magnésium CITRATE") == "magnesium citrate"
