"""An article cannot make the app touch the network or read files outside its content root."""

import sys
from pathlib import Path

from PySide6.QtGui import QImage

EVENTS: list[tuple[str, str]] = []
_RECORDING = [False]


def _audit(event: str, args: tuple) -> None:
    if not _RECORDING[0]:
        return
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        EVENTS.append((event, repr(args)[:200]))
    elif event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        EVENTS.append((event, str(args[0])))


sys.addaudithook(_audit)  # audit hooks cannot be removed; _RECORDING keeps this one quiet outside the test

HOSTILE = """---
title: Hostile article
---

![fine](pic.png)

![remote](http://127.0.0.1:9/tracker.png) ![remote2](https://example.org/a.png)
![file]({secret_url}) ![climb](../secret.png) ![climb2](../../secret.png)
![absolute]({secret_path})
<img src="../secret.png"> <script>document.write('x')</script>
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">

## Heading {{: style="background-image: url(../secret.png)" }}
"""


def test_hostile_article_opens_no_socket_and_reads_nothing_outside(make_window, library_dir: Path, qtbot):
    secret = library_dir.parent / "secret.png"
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(secret))
    article = library_dir / "01-first-topic" / "09-hostile.md"
    article.write_text(HOSTILE.format(secret_url=secret.as_uri(), secret_path=secret), encoding="utf-8")
    window = make_window()
    EVENTS.clear()
    _RECORDING[0] = True
    try:
        window.open_article("01-first-topic/09-hostile")
        window.article_view.grab()  # paints the page: every image the page asks for is requested now
        window.article_view.wait_for_pictures()  # and read, in a worker
    finally:
        _RECORDING[0] = False
    text = window.article_view.toPlainText()
    # Raw HTML as GitHub treats it: a script is dropped, neither run nor shown; <img> is checked like ![]().
    assert "document.write" not in text and "<script" not in text
    assert not [e for e in EVENTS if e[0] != "open"], EVENTS
    opened = [Path(path).resolve() for _, path in EVENTS]
    assert secret.resolve() not in opened
    pictures = [p for p in opened if p.suffix == ".png"]
    assert library_dir.resolve() / "01-first-topic" / "pic.png" in pictures, (
        "pictures load via the checked path"
    )
    assert all(p.is_relative_to(library_dir.resolve()) for p in pictures), pictures


def test_article_view_loads_only_pictures_inside_the_root(qtbot, library_dir: Path):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from mgreader.ui.reading.article_view import ArticleView

    secret = library_dir.parent / "secret.png"
    QImage(4, 4, QImage.Format.Format_RGB32).save(str(secret))
    (library_dir / "01-first-topic" / "link.png").symlink_to(secret)
    view = ArticleView()
    qtbot.addWidget(view)
    view.show_page("<p>x</p>", library_dir, "01-first-topic", 12.0)
    image = QTextDocument.ResourceType.ImageResource.value
    urls = ("../secret.png", "../../secret.png", secret.as_uri(), str(secret), "http://127.0.0.1:9/x.png")
    urls += ("link.png",)
    for url in ("pic.png", *urls):
        view.loadResource(image, QUrl(url))  # asked for: decoded in a worker (a placeholder meanwhile)
    view.wait_for_pictures()
    assert view.loadResource(image, QUrl("pic.png")).size().width() == 24
    for url in urls:
        assert view.loadResource(image, QUrl(url)) is None, url
    stylesheet = QTextDocument.ResourceType.StyleSheetResource.value
    assert view.loadResource(stylesheet, QUrl("pic.png")) is None
