from mgreader.core.library import headings
from mgreader.core.render.markdown import Renderer


def test_slugify_matches_what_readers_type_in_links():
    assert headings.slugify("Magnesium & your nerves") == "magnesium-your-nerves"
    assert headings.slugify("Anémie: what's that?") == "anemie-whats-that"
    assert headings.slugify("NMDA receptor") == "nmda-receptor"


def test_scan_skips_code_and_strips_markup():
    text = (
        "# Title\n\n## A *bold* [link](x.md) heading\n\n```\n## not a heading\n```\n\n"
        "### Sub {#custom}\n\n## Title\n"
    )
    found = headings.scan(text)
    assert [(h.level, h.text, h.anchor) for h in found] == [
        (1, "Title", "title"),
        (2, "A bold link heading", "a-bold-link-heading"),
        (3, "Sub", "custom"),
        (2, "Title", "title-1"),  # GitHub's numbering of a repeated heading
    ]


def test_scan_agrees_with_the_renderer_on_anchors():
    text = "## Why 300 *or* 600?\n\ntext\n\n## Sleep & rest\n\n## Sleep & rest\n\n### Über uns\n"
    rendered = Renderer().render(text)
    assert [h.anchor for h in headings.scan(text)] == [h.anchor for h in rendered.headings]
    for heading in rendered.headings:
        assert f'id="{heading.anchor}"' in rendered.html
