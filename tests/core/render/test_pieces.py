"""Where a long page is cut into pieces for the window to read one at a time (issue 11): only before a block
at the top of the body, never inside a list, a table or a box; a short page is not cut."""

from __future__ import annotations

from mgreader.core.render.pieces import ONE_PIECE_CHARS, Page, piece_end

HEAD, TAIL = "<html><head><style>p { margin: 0; }</style></head><body>", "</body></html>"


def page(body: str) -> str:
    return HEAD + body + TAIL


def test_a_short_page_is_read_whole():
    assert Page.long(page("<p>a</p>\n" * 10)) is None
    assert Page.long("<p>no body</p>" * 10_000) is None  # not a composed page


def test_a_long_page_is_cut_before_top_level_blocks_and_loses_nothing():
    nested = "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n"
    body = "\n<h1>T</h1>\n" + "".join(
        f"<p>p {n}</p>\n{nested}<table><tr><td>{n}</td></tr></table>\n" for n in range(2_000)
    )
    long_page = Page.long(page(body))
    assert long_page is not None and len(page(body)) > ONE_PIECE_CHARS
    assert (long_page.head, long_page.tail) == (HEAD, TAIL)
    pieces = list(long_page.pieces(size=1_000))
    assert "".join(pieces) == body
    assert len(pieces) > 50
    for piece in pieces[1:]:
        assert piece.startswith(("<p>", "<ul>", "<table>")), piece[:20]
        for tag in ("ul", "table"):
            assert piece.count(f"<{tag}>") == piece.count(f"</{tag}>")
        assert len(piece) >= 1_000 or piece is pieces[-1]


def test_the_first_piece_holds_a_block_even_when_cut_small():
    body = "\n<h1>T</h1>\n<p>a</p>\n<p>b</p>\n"
    assert piece_end(body, 0, 1) == body.index("<p>a")


def test_an_element_left_open_leaves_the_rest_in_one_piece():
    body = "\n<p>a</p>\n<div>\n<p>b</p>\n" + "<p>c</p>\n" * 100
    assert piece_end(body, 0, 1) == body.index("<div>")
    assert piece_end(body, body.index("<div>"), 1) == len(body)


def test_inline_text_and_stray_closing_tags_are_no_place_to_cut():
    body = "\n<p>a</p>\n</span>\n<span>inline</span>\n<em>x</em>\n<p>b</p>\n"
    assert piece_end(body, 0, 1) == body.index("<p>b")
