"""The core never imports Qt: it must run (and be tested) without a display or PySide6."""

import pkgutil
import subprocess
import sys

import mgreader.core


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(mgreader.core.__path__, "mgreader.core.")]


def test_core_modules_import_without_pyside6():
    names = core_modules()
    assert "mgreader.core.render.markdown" in names
    assert len(names) >= 30
    code = (
        "import sys\n"
        f"for name in {names!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
