"""Is a notes file's write-ahead log (its ``-wal``) damaged? (issue 11)

SQLite reads a -wal up to its first frame that fails its checksum and silently ignores everything after
it, so one damaged byte can drop every note saved since the last checkpoint. Frames are written in order
and a log restarts from its beginning with new salts, so frames that carry the log's current salts after
an invalid one mean the log was damaged, not cut short by a crash. (A last frame cut short by a power cut
is not damage: nothing after it was ever committed.) Format: https://www.sqlite.org/fileformat.html#walformat
"""

from __future__ import annotations

import struct
from pathlib import Path

_HEADER = 32
_FRAME_HEADER = 24
_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}  # the low bit says which byte order the checksums use
MAX_CHECKED = 256 * 1024 * 1024  # a log is checkpointed at about 4 MB; one far larger is looked at in part


def _checksum(data: bytes, order: str, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def damage(wal: Path) -> str | None:
    """None when the log is whole (or absent, or empty); otherwise what is wrong with it, in words."""
    try:
        with wal.open("rb") as file:
            data = file.read(MAX_CHECKED)
    except OSError:
        return None  # not the log's fault; opening the notes will say what it is
    if len(data) < _HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:_HEADER])
    order = _MAGIC.get(magic)
    frame = _FRAME_HEADER + page_size
    frames = (len(data) - _HEADER) // frame if page_size else 0
    if order is None or page_size < 512 or page_size & (page_size - 1) or page_size > 65536:
        return "its header is damaged" if any(data[_HEADER:]) else None
    s0, s1 = _checksum(data[:24], order, 0, 0)
    if (s0, s1) != (c1, c2):
        return "its header is damaged" if frames else None
    for number in range(frames):
        start = _HEADER + number * frame
        header = data[start : start + _FRAME_HEADER]
        _page, _size, f_salt1, f_salt2, f1, f2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) == (salt1, salt2):
            s0, s1 = _checksum(header[:8], order, s0, s1)
            s0, s1 = _checksum(data[start + _FRAME_HEADER : start + frame], order, s0, s1)
            if (s0, s1) == (f1, f2):
                continue
        # The log ends here for SQLite. Damage if a frame of this log comes later, or this one was of it.
        later = (
            struct.unpack(">2I", data[_HEADER + n * frame + 8 : _HEADER + n * frame + 16]) == (salt1, salt2)
            for n in range(number + 1, frames)
        )
        if any(later):
            return f"frame {number + 1} of {frames} is damaged, and what was saved after it cannot be read"
        return None
    return None
