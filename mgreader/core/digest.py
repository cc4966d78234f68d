"""SHA-256 digests in hexadecimal, the same as ``hashlib.sha256`` gives, without importing hashlib.

What the start hashes (the disclaimer's version, the render cache's keys, the single-instance name) needs
SHA-256 only, which the interpreter has in a module of its own (the one hashlib falls back on when OpenSSL
lacks it). Importing hashlib loads OpenSSL and makes every one of its constructors: about 10 M instructions
before the first paint, 0.8% of a relaunch (issue 15). Once something has imported it, hashlib's is used.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Protocol


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def sha256_hex(*parts: bytes) -> str:
    """The SHA-256 digest of ``parts``, one after the other, in hexadecimal."""
    digest = _sha256()()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()


def _sha256() -> Callable[[], _Digest]:
    """hashlib's once anything has imported it (OpenSSL's, seven times as fast on a long input: the index
    build hashes every article), which a relaunch does just after its first paint; until then the
    interpreter's own."""
    imported: Callable[[], _Digest] | None = getattr(sys.modules.get("hashlib"), "sha256", None)
    return imported if imported is not None else _own_sha256()


@functools.cache
def _own_sha256() -> Callable[[], _Digest]:
    """The interpreter's own SHA-256 (its module's name changed in Python 3.12), else hashlib's."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found, unused-ignore]
        except ImportError:  # an interpreter built without them
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return]  # the first two have no type information
