"""Decoding an article's pictures with bounded memory (issue 11): a 190 KB picture that decodes to a huge
image, referenced 12 times with different '?n' queries, took 2.3 GB. Each picture of a page is decoded once
(the query does not matter), no larger than core.render.pictures allows, as the format its name says."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from mgreader.core.render.pictures import MAX_PIXELS, MAX_SIDE, picture_bytes


class PictureLoader:
    """The pictures of the page on screen, by path relative to the content root."""

    def __init__(self) -> None:
        self._images: dict[tuple[Path, str], QImage | None] = {}

    def clear(self) -> None:
        self._images.clear()

    def image(self, root: Path, relative: str) -> QImage | None:
        key = (root, relative)
        if key not in self._images:
            self._images[key] = _decode(root, relative)
        return self._images[key]


def _decode(root: Path, relative: str) -> QImage | None:
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
