"""Decoding an article's pictures with bounded memory, off the window's thread (issue 11).

A 190 KB picture that decodes to a huge image, referenced 12 times with different '?n' queries, took 2.3 GB:
each picture of a page is decoded once (the query does not matter), no larger than core.render.pictures
allows, as the format its name says. Reading and decoding a picture (up to 20 MB) took the window's thread
as long as it lasted: they run in a worker, and the page is shown at once with a placeholder in each
picture's place until it arrives (``ready``). What may be read is still decided by ``picture_bytes``
(regular files inside the content root, a size cap, SVG without references to other files).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from mgreader.core.render.pictures import MAX_PIXELS, MAX_SIDE, picture_bytes

# The classes that decode and draw pictures are imported where they are used: the loader is made with the
# article view, before the first paint, which an article without pictures does not need them for (PySide
# makes a Qt class's Python enums when it is first named: QImage's, QPainter's and QUrl's, about 90 members).
if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QTextDocument

Key = tuple[Path, str]
PENDING = object()  # ``image`` for a picture being decoded: show the placeholder meanwhile
WORKERS = 2  # a page of many pictures decodes two at a time, leaving a core for the window


class _Signals(QObject):
    decoded = Signal(int, object, object)  # the page's number, its key, the QImage or None


class _Decode(QRunnable):
    def __init__(self, page: int, key: Key) -> None:
        super().__init__()
        self.signals = _Signals()
        self._page, self._key = page, key

    def run(self) -> None:
        root, relative = self._key
        try:
            image = _decode(root, relative)
        except Exception:  # noqa: BLE001 - a picture that cannot be decoded is left out, the page is not
            image = None
        self.signals.decoded.emit(self._page, self._key, image)


class PictureLoader(QObject):
    """The pictures of the page on screen, by path relative to the content root."""

    # The pictures that arrived (or were refused: a null image), by the names the page gives them; those
    # that arrive together are handed over together.
    arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images: dict[Key, QImage | None] = {}
        self._jobs: dict[Key, _Decode] = {}  # kept until their picture arrives, with their signal object
        self._names: dict[Key, set[str]] = {}  # of the pictures shown as placeholders, until they arrive
        self._ready: set[Key] = set()
        self._page = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(WORKERS)
        self._placeholder: QImage | None = None
        self._hand_over = QTimer(self)
        self._hand_over.setSingleShot(True)
        self._hand_over.setInterval(0)
        self._hand_over.timeout.connect(self._arrive)

    def clear(self) -> None:
        """A new page: its pictures are decoded anew; what the last page's workers still bring is dropped."""
        self._page += 1
        self._images.clear()
        self._jobs.clear()
        self._names.clear()
        self._ready.clear()

    def request(self, root: Path, relative: str, name: str) -> QImage | None:
        """What the page shows for the picture it calls ``name``: the picture, None (refused), or while it is
        decoded a placeholder (``arrived`` then brings it)."""
        from PySide6.QtGui import QImage

        image = self.image(root, relative)
        if image is not PENDING:
            return image if isinstance(image, QImage) else None
        self._names.setdefault((root, relative), set()).add(name)
        if self._placeholder is None:
            self._placeholder = placeholder()
        return self._placeholder

    def image(self, root: Path, relative: str) -> QImage | None | object:
        """The decoded picture, None when it may not or cannot be shown, or PENDING (asked for now)."""
        key = (root, relative)
        if key in self._images:
            return self._images[key]
        if key not in self._jobs:
            # Named here first, in the window's thread: PySide makes a class's type when it is first named,
            # and two workers naming it at once would make it together.
            from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize  # noqa: F401
            from PySide6.QtGui import QImageReader  # noqa: F401

            job = _Decode(self._page, key)
            job.signals.decoded.connect(self._decoded)
            self._jobs[key] = job
            self._pool.start(job)
        return PENDING

    def loading(self) -> bool:
        return bool(self._jobs or self._ready)

    def wait(self) -> None:
        """Until every picture asked for has arrived and been handed over (tests, screenshots)."""
        self._pool.waitForDone()
        QCoreApplication.sendPostedEvents(self)  # their results, queued to this thread, are taken in now
        self._arrive()

    def _decoded(self, page: int, key: Key, image: QImage | None) -> None:
        if page != self._page:
            return  # decoded for a page no longer shown
        self._jobs.pop(key, None)
        self._images[key] = image
        self._ready.add(key)
        self._hand_over.start()

    def _arrive(self) -> None:
        from PySide6.QtGui import QImage

        names: dict[str, QImage] = {}
        for key in self._ready:
            image = self._images.get(key)
            for name in self._names.pop(key, ()):
                names[name] = image if image is not None else QImage()  # Qt's broken-picture sign
        self._ready.clear()
        if names:
            self.arrived.emit(names)


def put_pictures(document: QTextDocument, names: dict[str, QImage]) -> None:
    """Put pictures in ``document`` under the names its page gives them, and lay out again only the places
    they are shown in (the whole of a long page takes Qt about a second)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    for name, image in names.items():
        document.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name), image)
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() in names:
                document.markContentsDirty(fragment.position(), fragment.length())
            iterator += 1
        block = block.next()


def placeholder(width: int = 160, height: int = 90) -> QImage:
    """A quiet frame where a picture will be: grey at half strength reads on light and dark themes alike."""
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setPen(QPen(QColor(128, 128, 128, 128), 1, Qt.PenStyle.DashLine))
    painter.drawRect(0, 0, width - 1, height - 1)
    painter.end()
    return image


def _decode(root: Path, relative: str) -> QImage | None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtGui import QImageReader

    try:
        data, fmt = picture_bytes(root, relative)
    except OSError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, fmt.encode())
    reader.setAutoDetectImageFormat(False)  # a '.png' holding an SVG or a PDF is not decoded as one
    reader.setAllocationLimit(MAX_PIXELS * 4 // 1_000_000)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    if size.width() > MAX_SIDE or size.height() > MAX_SIDE:
        size = size.scaled(QSize(MAX_SIDE, MAX_SIDE), Qt.AspectRatioMode.KeepAspectRatio)
        reader.setScaledSize(size)
    if size.width() * size.height() > MAX_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image
