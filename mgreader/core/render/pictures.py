"""Which bytes of a picture the article pane may decode (issue 11). Qt decodes what it is given, and its SVG
renderer fetches what an SVG refers to (``<image href="file:///...">``), from anywhere on the disk, or a FIFO
that never answers; its decoders guess the format from the content, so a '.png' may be decoded as an SVG
or a PDF. Here: only a regular file inside the content root, at most MAX_PICTURE_BYTES, decoded as the
format its name says, and an SVG only when it refers to nothing outside itself."""

from __future__ import annotations

import re
from pathlib import Path

from mgreader.core.files import NotReadable, read_regular

MAX_PICTURE_BYTES = 20_000_000
# Decoded, a picture may take at most this many pixels (4 bytes each: 128 MB) ...
MAX_PIXELS = 32_000_000
# ... and is shown at most this wide or high: a wider one is scaled down as it is decoded.
MAX_SIDE = 4_000
FORMATS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".bmp": "bmp",
           ".svg": "svg"}  # fmt: skip
# Anything in an SVG that could make the renderer read something else: a reference not to '#an-id'
# inside the file, an entity or DOCTYPE that names a file, a stylesheet import, an XInclude. Compiled on first
# use (re keeps it), not at import: the first paint shows no drawing (issue 15).
_EXTERNAL = (
    rb"""(?:href\s*=\s*["']\s*(?!#)|url\(\s*["']?\s*(?!#)"""  # a reference, to anything but '#an-id'
    rb"""|<!ENTITY|<!DOCTYPE[^>]*(?:SYSTEM|PUBLIC)|@import|xinclude)"""
)
_GZIP = b"\x1f\x8b"


def picture_bytes(root: Path, relative: str) -> tuple[bytes, str]:
    """The picture's bytes and the Qt format name to decode them as. Raises OSError (NotReadable with a
    reason a reader can be told) for anything that must not be decoded."""
    path = root / relative
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise NotReadable("it is not a kind of picture the app shows", path)
    data = read_regular(path, MAX_PICTURE_BYTES, within=root, whole=True)
    if fmt == "svg" and (data.startswith(_GZIP) or re.search(_EXTERNAL, data, re.IGNORECASE)):
        raise NotReadable("it is an SVG drawing that refers to other files", path)
    return data, fmt
