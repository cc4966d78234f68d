"""Pictures whatever the files hold (issue 11): a FIFO, an SVG that points elsewhere, a picture asked for
with many different queries, a very wide picture. The page is shown, nothing outside the library is read,
and each picture is decoded once and no larger than the cap."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
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


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_used_as_a_picture_does_not_hang_the_page(view: ArticleView, library_dir: Path):
    os.mkfifo(library_dir / "01-first-topic" / "pipe.png")
    view.show_page('<p>Text around <img src="pipe.png"> the pipe.</p>', library_dir, "01-first-topic", 12.0)
    view.grab()  # paints: every picture of the page is asked for now
    assert "Text around" in view.toPlainText()
    assert view.loadResource(IMAGE, QUrl("pipe.png")) is None


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
    assert view.loadResource(IMAGE, QUrl("evil.svg")) is None
    assert view.loadResource(IMAGE, QUrl("disguised.png")) is None
    fine = view.loadResource(IMAGE, QUrl("fine.svg"))
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
    images = [view.loadResource(IMAGE, QUrl(f"pic.png?n={n}")) for n in range(12)]
    assert decoded == ["01-first-topic/pic.png"]
    assert len({image.cacheKey() for image in images}) == 1  # one image in memory, shared


def test_a_very_wide_picture_is_scaled_down_as_it_is_decoded(view: ArticleView, library_dir: Path):
    QImage(MAX_SIDE * 2, 10, QImage.Format.Format_RGB32).save(
        str(library_dir / "01-first-topic" / "wide.png")
    )
    view.show_page("<p>x</p>", library_dir, "01-first-topic", 12.0)
    image = view.loadResource(IMAGE, QUrl("wide.png"))
    assert isinstance(image, QImage) and image.width() == MAX_SIDE and image.height() == 5
