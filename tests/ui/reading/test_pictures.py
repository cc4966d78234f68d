"""Pictures whatever the files hold (issue 11): a FIFO, an SVG that points elsewhere, a picture asked for
with many different queries, a very wide picture. The page is shown, nothing outside the library is read,
and each picture is decoded once and no larger than the cap."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImage, QTextDocument

from mgreader.core.render.pictures import MAX_SIDE
from mgreader.ui.reading import picture_loader
from mgreader.ui.reading.article_view import ArticleView

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def view(qtbot, library_dir: Path) -> ArticleView:
    widget = ArticleView()
    qtbot.addWidget(widget)
    return widget


def loaded(view: ArticleView, name: str) -> object:
    """What the page shows for the picture ``name`` once its worker is done (asking for it starts one)."""
    view.loadResource(IMAGE, QUrl(name))
    view.wait_for_pictures()
    return view.loadResource(IMAGE, QUrl(name))


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_used_as_a_picture_does_not_hang_the_page(view: ArticleView, library_dir: Path):
    os.mkfifo(library_dir / "01-first-topic" / "pipe.png")
    view.show_page('<p>Text around <img src="pipe.png"> the pipe.</p>', library_dir, "01-first-topic", 12.0)
    view.grab()  # paints: every picture of the page is asked for now
    assert "Text around" in view.toPlainText()
    assert loaded(view, "pipe.png") is None


def test_an_svg_that_points_outside_is_not_rendered(view: ArticleView, library_dir: Path):
    secret = library_dir.parent / "secret.png"
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(secret))
    folder = library_dir / "01-first-topic"
    (folder / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" '
        f'height="4"><image xlink:href="{secret.as_uri()}" width="4" height="4"/></svg>',
        encoding="utf-8",
    )
    (folder / "fine.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6"><rect width="8" height="6"/></svg>',
        encoding="utf-8",
    )
    # A '.png' that holds an SVG is decoded as a PNG (and fails), never as an SVG.
    (folder / "disguised.png").write_bytes((folder / "evil.svg").read_bytes())
    view.show_page(
        '<p>a <img src="evil.svg"> b <img src="disguised.png"> c <img src="fine.svg"></p>',
        library_dir, "01-first-topic", 12.0,
    )  # fmt: skip
    view.grab()
    assert "a  b  c" in view.toPlainText().replace("\ufffc", "")
    assert loaded(view, "evil.svg") is None
    assert loaded(view, "disguised.png") is None
    fine = loaded(view, "fine.svg")
    assert isinstance(fine, QImage) and (fine.width(), fine.height()) == (8, 6)


def test_a_picture_asked_for_with_twelve_queries_is_decoded_once(
    view: ArticleView, library_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    decoded: list[str] = []
    real = picture_loader._decode
    monkeypatch.setattr(picture_loader, "_decode", lambda root, rel: decoded.append(rel) or real(root, rel))
    page = "".join(f'<p><img src="pic.png?n={n}"></p>' for n in range(12))
    view.show_page(page, library_dir, "01-first-topic", 12.0)
    view.grab()
    view.wait_for_pictures()
    images = [view.loadResource(IMAGE, QUrl(f"pic.png?n={n}")) for n in range(12)]
    assert decoded == ["01-first-topic/pic.png"]
    assert len({image.cacheKey() for image in images}) == 1  # one image in memory, shared


def test_a_very_wide_picture_is_scaled_down_as_it_is_decoded(view: ArticleView, library_dir: Path):
    QImage(MAX_SIDE * 2, 10, QImage.Format.Format_RGB32).save(
        str(library_dir / "01-first-topic" / "wide.png")
    )
    view.show_page("<p>x</p>", library_dir, "01-first-topic", 12.0)
    image = loaded(view, "wide.png")
    assert isinstance(image, QImage) and image.width() == MAX_SIDE and image.height() == 5


def test_the_page_is_shown_at_once_and_its_picture_filled_in_when_decoded(
    view: ArticleView, library_dir: Path, qtbot, monkeypatch: pytest.MonkeyPatch
):
    """Issue 11: pictures (up to 20 MB) were read and decoded on the window's thread. The page now shows at
    once, a placeholder where the picture goes, and the picture is put there when its worker is done."""
    QImage(300, 200, QImage.Format.Format_RGB32).save(str(library_dir / "01-first-topic" / "big.png"))
    release, threads = threading.Event(), []
    real = picture_loader._decode

    def slow_decode(root: Path, relative: str) -> QImage | None:
        threads.append(threading.current_thread() is threading.main_thread())
        assert release.wait(10)  # a slow disk, a large picture
        return real(root, relative)

    monkeypatch.setattr(picture_loader, "_decode", slow_decode)
    view.resize(600, 400)
    view.show_page('<p>Before.</p><p><img src="big.png"></p><p>After.</p>', library_dir, "01-first-topic", 12)
    view.grab()  # painted while the picture is still being decoded: the window did not wait for it
    assert "Before." in view.toPlainText() and "After." in view.toPlainText()
    qtbot.waitUntil(lambda: threads == [False])  # decoding, in a worker
    shown = view.loadResource(IMAGE, QUrl("big.png"))
    assert isinstance(shown, QImage) and shown.size() != QSize(300, 200)  # the placeholder
    height = view.document().size().height()
    release.set()
    qtbot.waitUntil(lambda: not view.pictures_loading())
    picture = view.document().resource(IMAGE, QUrl("big.png"))
    assert isinstance(picture, QImage) and picture.size() == QSize(300, 200)
    assert view.document().size().height() > height  # its place was laid out again at its own size


def test_a_picture_of_the_last_page_is_not_put_in_the_next_one(
    view: ArticleView, library_dir: Path, qtbot, monkeypatch: pytest.MonkeyPatch
):
    """The same name in another article's folder is another file (here: none)."""

    def shows_the_first_pages_picture() -> bool:
        resource = view.document().resource(IMAGE, QUrl("pic.png"))
        return isinstance(resource, QImage) and resource.size() == QSize(24, 24)

    view.show_page('<p><img src="pic.png"></p>', library_dir, "01-first-topic", 12.0)
    view.grab()
    view.wait_for_pictures()
    assert shows_the_first_pages_picture()
    view.show_page('<p><img src="pic.png"></p>', library_dir, "01-first-topic/03-nested", 12.0)
    view.grab()
    view.wait_for_pictures()
    assert not shows_the_first_pages_picture()
    # A picture still being decoded when the reader moves on is not put in the next page either.
    release = threading.Event()
    real = picture_loader._decode
    monkeypatch.setattr(picture_loader, "_decode", lambda root, rel: release.wait(10) and real(root, rel))
    view.show_page('<p><img src="pic.png"></p>', library_dir, "01-first-topic", 12.0)
    view.grab()
    view.show_page('<p><img src="pic.png"></p>', library_dir, "01-first-topic/03-nested", 12.0)
    release.set()
    view.wait_for_pictures()
    qtbot.wait_until(lambda: not view.pictures_loading())
    assert not shows_the_first_pages_picture()
