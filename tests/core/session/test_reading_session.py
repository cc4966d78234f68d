"""ReadingSession: positions, read / partly-read marks, Back and Forward, the glossary, importing (no Qt)."""

from pathlib import Path

import pytest

from mgreader.core.library.scan import ContentRoot, scan
from mgreader.core.session.changes import Changes
from mgreader.core.session.reading import ReadingSession, find_glossary, progress_after
from mgreader.core.settings import Settings


def article(root: Path, relpath: str, title: str, tags: str = "") -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = f"tags: [{tags}]\n" if tags else ""
    path.write_text(f"---\ntitle: {title}\n{extra}---\n\nSome words.\n", encoding="utf-8")


@pytest.fixture
def session(tmp_path: Path) -> ReadingSession:
    root = tmp_path / "content"
    article(root, "01-topic/01-a.md", "Alpha")
    article(root, "01-topic/02-b.md", "Beta")
    article(root, "01-topic/03-c.md", "Glossary", tags="glossary")
    return ReadingSession(Settings(tmp_path / "settings.json"), scan([ContentRoot(root)]))


def test_progress_read_when_the_end_was_seen_started_when_scrolled_and_read_stays_read():
    assert progress_after(None, at_end=True, position=0) == "read"
    assert progress_after(None, at_end=False, position=120) == "started"
    assert progress_after(None, at_end=False, position=0) is None
    assert progress_after("started", at_end=True, position=500) == "read"
    assert progress_after("read", at_end=False, position=10) is None
    assert progress_after("started", at_end=False, position=10) is None


def test_leaving_remembers_the_position_and_names_a_changed_mark(session: ReadingSession):
    session.arrived("01-topic/01-a", 0, visit=True)
    assert session.leave(300, at_end=False) == Changes(progress=frozenset({"01-topic/01-a"}))
    assert session.saved_position("01-topic/01-a") == 300
    assert session.progress() == {"01-topic/01-a": "started"}
    assert not session.leave(310, at_end=False)  # still started: nothing for a view to redraw
    assert session.leave(900, at_end=True) == Changes(progress=frozenset({"01-topic/01-a"}))
    assert session.progress() == {"01-topic/01-a": "read"}


def test_back_and_forward_return_to_each_article_at_the_place_left(session: ReadingSession):
    session.arrived("01-topic/01-a", 0, visit=True)
    session.leave(250, at_end=False)
    session.arrived("01-topic/02-b", 0, visit=True)
    back = session.step(forward=False)
    assert back is not None
    assert (back.ref.id, back.position) == ("01-topic/01-a", 250)
    session.arrived(back.ref.id, back.position, visit=False)
    ahead = session.step(forward=True)
    assert ahead is not None
    assert ahead.ref.id == "01-topic/02-b"
    assert session.step(forward=True) is None


def test_start_opens_the_last_article_read_else_the_first(session: ReadingSession):
    assert session.start() is not None
    assert session.start().id == "01-topic/01-a"
    session.arrived("01-topic/02-b", 0, visit=True)
    assert session.start().id == "01-topic/02-b"
    session.settings.set("last_article", "gone/article")
    assert session.start().id == "01-topic/01-a"


def test_the_glossary_is_the_article_tagged_so_not_the_one_titled_so(tmp_path: Path):
    root = tmp_path / "content"
    article(root, "01-topic/01-words.md", "Glossary")
    article(root, "01-topic/02-terms.md", "Words explained", tags="glossary, terms")
    found = find_glossary(scan([ContentRoot(root)]))
    assert found is not None
    assert found.id == "01-topic/02-terms"
    assert find_glossary(scan([ContentRoot(tmp_path / "empty")])) is None


def test_importing_names_the_library_only_when_a_file_was_copied(session: ReadingSession, tmp_path: Path):
    source = tmp_path / "mine.md"
    source.write_text("# Mine\n", encoding="utf-8")
    done = session.import_articles([source], tmp_path / "library")
    assert done.changes == Changes(library=True)
    assert done.value.imported == (tmp_path / "library" / "mine.md",)
    failed = session.import_articles([tmp_path / "missing.md"], tmp_path / "library")
    assert not failed.changes
