from pathlib import Path

from mgreader.core.render import glossary

GLOSSARY = """---
title: Glossary
---

Intro.

## ATP

ATP stands for *adenosine triphosphate*. See [the article](../01-basics/x.md).

## Mg-ATP

ATP bound to magnesium.

## NMDA receptor

A channel in nerve cells.

## Related articles

- [x](x.md)
"""


def test_terms_and_meanings_are_read_from_the_glossary():
    parsed = glossary.parse("g", GLOSSARY)
    assert [(t.term, t.anchor) for t in parsed.terms] == [("ATP", "atp"), ("Mg-ATP", "mg-atp"),
                                                          ("NMDA receptor", "nmda-receptor")]  # fmt: skip
    assert parsed.terms[0].meaning == "ATP stands for adenosine triphosphate. See the article."


def test_first_use_of_each_term_is_marked_outside_headings_links_and_code():
    parsed = glossary.parse("g", GLOSSARY)
    body = (
        "<h2>ATP and you</h2><p>Cells use atp and Mg-ATP. More ATP.</p>"
        '<p><a href="x.md">NMDA receptor</a> <code>ATP</code> the nmda receptors fire.</p>'
    )
    marked = glossary.mark_terms(body, parsed)
    assert "<h2>ATP and you</h2>" in marked
    assert marked.count('href="glossary:atp"') == 1
    assert 'href="glossary:mg-atp"' in marked
    meaning = "ATP stands for adenosine triphosphate. See the article."
    assert f'<a class="term" href="glossary:atp" title="{meaning}">atp</a>' in marked
    assert "More ATP." in marked
    assert "<code>ATP</code>" in marked
    assert '<a href="x.md">NMDA receptor</a>' in marked
    assert ">nmda receptors</a>" in marked


def test_the_bundled_glossary_has_20_to_25_terms():
    path = Path(__file__).parents[3] / "content" / "05-reference" / "02-glossary.md"
    parsed = glossary.load("05-reference/02-glossary", path)
    assert 20 <= len(parsed.terms) <= 25
    assert parsed.by_anchor("pots") is not None
    assert all(t.meaning for t in parsed.terms)
