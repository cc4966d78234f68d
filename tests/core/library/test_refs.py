"""An article's reference is small (issue 15: 20,000 of them stay in memory for the whole session)."""

import gc
import tracemalloc
from pathlib import Path

from mgreader.core.library import scan as library
from mgreader.core.library.headings import Heading
from mgreader.core.library.refs import ArticleRef

ROOT = Path("/library/My articles")


def made(n: int) -> ArticleRef:
    """A reference as a scan makes it: each string its own (read from a file, or sent by the scan's
    process)."""
    where = f"topic-{n % 20:02d}/article-number-{n:05d}"
    return ArticleRef(
        f"mine:{where}", f"{ROOT}/{where}.md", ROOT, f"Article number {n:05d}", (n, f"article number {n:05d}")
    )


def test_a_reference_reads_its_path_and_sort_key_as_given():
    ref = made(7)
    assert ref.path == ROOT / "topic-07/article-number-00007.md"
    assert ref.relpath == "topic-07/article-number-00007.md"
    assert ref.sort_key == (7, "article number 00007")
    twin = ArticleRef(ref.id, ref.path, ROOT, ref.title, ref.sort_key)  # given as a Path
    assert twin == ref and hash(twin) == hash(ref)
    # What the other fields do not tell is kept as given.
    upper = ArticleRef("mine:a", f"{ROOT}/a.MD", ROOT, "A", (1, "b"))
    assert (upper.path, upper.relpath, upper.sort_key) == (ROOT / "a.MD", "a.MD", (1, "b"))
    elsewhere = ArticleRef("mine:a", "/elsewhere/a.md", ROOT, "A", (1, "a"))
    assert elsewhere.path == Path("/elsewhere/a.md")


def test_a_reference_does_not_keep_what_its_other_fields_tell():
    """Its path is its root, the end of its id and '.md'; its sort key is its order and its title in lower
    case: kept whole, they were about 300 of the 600 bytes a reference held."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        refs = [made(n) for n in range(1000, 2000)]
        gc.collect()  # which empties Python's free lists of tuples too
        held = (tracemalloc.get_traced_memory()[0] - before) / len(refs)
    finally:
        tracemalloc.stop()
    # The reference itself (about 120 bytes), its id (about 90) and title (about 70), a list's slot.
    assert held < 380, held


def test_an_article_is_found_by_its_path_without_an_entry_for_each():
    """Links are resolved by root and relative path (Library.find): for articles whose path is the root,
    the id's end and '.md', through their id (issue 15: an entry for each of 20,000 was 4 MB)."""
    refs = [made(n) for n in range(1000)]
    odd = ArticleRef("mine:a", f"{ROOT}/a.MD", ROOT, "A", (1, "a"))  # its id does not tell its path
    elsewhere = ArticleRef("x", "/other/x.md", Path("/other"), "X", (1, "x"))
    read = library.Library((), {r.id: r for r in [*refs, odd, elsewhere]})
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert read.find(ROOT, "topic-07/article-number-00007.md") is refs[7]
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 5000, held
    assert read.find(ROOT, "a.MD") is odd and read.find(ROOT, "a.md") is None
    assert read.find(Path("/other"), "x.md") is elsewhere and read.find(ROOT, "x.md") is None
    assert read.find(Path("/other"), "topic-07/article-number-00007.md") is None
    assert read.find(ROOT, "topic-07/article-number-00007") is None


def test_a_reference_sent_to_another_process_keeps_its_headings_where_they_are(tmp_path: Path):
    """Pickled for the index-text process, a reference whose headings are in its file read them from the
    file and kept them, in the window's process: about 2 KB for every article indexed (issue 15)."""
    import pickle

    from mgreader.core.library.refs import forget_headings, headings_held

    root = tmp_path / "My articles"
    (root / "topic").mkdir(parents=True)
    text = "# A\n\n## Magnesium\n\nText.\n\n## Sleep\n\nMore.\n"
    (root / "topic" / "a.md").write_text(text, encoding="utf-8")
    ref = ArticleRef("mine:topic/a", f"{root}/topic/a.md", root, "A", (0, "a"))
    forget_headings([ref])
    copy = pickle.loads(pickle.dumps(ref))
    assert not headings_held(ref)  # still in the file, here
    assert (copy.id, copy.path, copy.root, copy.title, copy.sort_key) == (
        ref.id, ref.path, ref.root, ref.title, ref.sort_key,
    )  # fmt: skip
    assert not headings_held(copy)  # in the file there too: read from it when asked
    assert [h.text for h in copy.headings] == ["Magnesium", "Sleep"]
    # Headings made on demand (as the scan cache gives them) are made for the pickle, once.
    asked: list[int] = []

    def make():
        asked.append(1)
        return copy.headings

    lazy = ArticleRef("mine:topic/a", f"{root}/topic/a.md", root, "A", (0, "a"), headings=make)
    sent = pickle.loads(pickle.dumps(lazy))
    assert asked == [1] and [h.text for h in sent.headings] == ["Magnesium", "Sleep"]
    assert sent == copy


def test_whether_an_article_has_headings_is_told_without_making_them():
    """The tree asks it of every article row it lays out: each row's headings were made, and kept."""
    doses = library.Packed.of([Heading(2, "Doses", "doses")])
    packed = ArticleRef("a", f"{ROOT}/a.md", ROOT, "A", (1, "a"), headings=doses)
    empty = ArticleRef("b", f"{ROOT}/b.md", ROOT, "B", (1, "b"), headings=library.Packed.of([]))
    given = ArticleRef("c", f"{ROOT}/c.md", ROOT, "C", (1, "c"), headings=(Heading(3, "Food", "food"),))
    assert [library.has_headings(ref) for ref in (packed, empty, given)] == [True, False, True]
    assert library.headings_packed(packed) is doses  # still packed
