"""The start's digests are hashlib's: a changed digest would ask every reader to acknowledge the disclaimer
again and would miss every rendering in the cache."""

import hashlib
import sys

import pytest

from mgreader.core import digest
from mgreader.core.disclaimer import Disclaimer
from mgreader.core.render.body import RENDER_VERSION
from mgreader.core.render.cache import cache_key


def test_the_digest_is_hashlibs_sha256() -> None:
    for parts in [(), (b"",), (b"magnesium",), (b"v5\0dir\0", b"x" * 100_000), (b"a", b"b", b"c")]:
        assert digest.sha256_hex(*parts) == hashlib.sha256(b"".join(parts)).hexdigest()


def test_the_disclaimers_version_and_the_cache_keys_are_as_they_were() -> None:
    text = "Mg Reader is not medical advice."
    assert Disclaimer("Title", text).version == hashlib.sha256(text.encode()).hexdigest()[:16]
    data = b"# An article\n"
    salt = f"v{RENDER_VERSION}\x0001-basics\x00"
    assert cache_key(data, "01-basics") == hashlib.sha256(salt.encode() + data).hexdigest()


def test_hashlibs_once_imported_the_interpreters_own_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """hashlib's (OpenSSL's) is seven times as fast on a long input; until it is imported (a relaunch imports
    it after the first paint), the interpreter's own. Without that, hashlib's all the same."""
    assert digest._sha256() is hashlib.sha256
    monkeypatch.delitem(sys.modules, "hashlib")
    assert digest._sha256() is digest._own_sha256() is not hashlib.sha256
    monkeypatch.setitem(sys.modules, "_sha256", None)  # an import of it fails
    monkeypatch.setitem(sys.modules, "_sha2", None)
    digest._own_sha256.cache_clear()
    try:
        assert digest._sha256() is hashlib.sha256
        assert digest.sha256_hex(b"x") == hashlib.sha256(b"x").hexdigest()
    finally:
        digest._own_sha256.cache_clear()
