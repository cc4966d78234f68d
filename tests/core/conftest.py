"""Helpers for tests of folders Mg Reader may not write in. Root may write anything, so when the tests run as
root these helpers act as the unprivileged user 'nobody'."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NOBODY = 65534
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")


@pytest.fixture
def own_folder() -> Iterator[Path]:
    """A folder the acting user owns, outside pytest's root-only temporary folders."""
    folder = Path(tempfile.mkdtemp(prefix="mgreader-test-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


@contextmanager
def without_root() -> Iterator[None]:
    """Act as 'nobody' while inside (as any other user, act as that user)."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
