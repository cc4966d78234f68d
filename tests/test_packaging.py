"""A non-editable install finds its bundled content and resources, wherever it is run from."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_wheel_carries_content_and_resources_and_finds_them(tmp_path: Path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(REPO),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next((tmp_path / "dist").glob("mgreader-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mgreader/resources/disclaimer.md" in names
    assert "mgreader/resources/article.css" in names
    bundled_articles = {n for n in names if n.startswith("mgreader/content/") and n.endswith(".md")}
    source_articles = {
        f"mgreader/content/{p.relative_to(REPO / 'content').as_posix()}"
        for p in (REPO / "content").rglob("*.md")
    }
    assert bundled_articles == source_articles and bundled_articles
    # Every module of every sub-package, and every resource (icons, desktop entry, metadata) ships.
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "mgreader").rglob("*.py")}
    resources = {
        f"mgreader/{p.relative_to(REPO).as_posix()}" for p in (REPO / "resources").rglob("*") if p.is_file()
    }
    assert modules <= names and resources <= names
    assert "mgreader/core/__init__.py" in modules and "mgreader/resources/icons/mgreader.svg" in resources
    assert not {n for n in names if "__pycache__" in n or n.startswith(("tests/", "docs/", ".venv/"))}

    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import mgreader.core.paths as p, pathlib\n"
        "print(p.bundled_dir('content')); print(p.bundled_dir('resources'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    ).stdout.split()
    assert out == [str(target / "mgreader" / "content"), str(target / "mgreader" / "resources")]


def _qt_system_libs():
    import importlib.util

    spec = importlib.util.spec_from_file_location("qt_system_libs", REPO / "packaging" / "qt_system_libs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_xcb_plugin_is_asked_with_ldd_and_an_unknown_library_is_named(tmp_path: Path):
    """A plug-in whose libraries cannot be found (here: Qt's own, as the plug-in is copied away from them)
    is reported by the dynamic linker's names; one with a Debian package is named by its package."""
    libs = _qt_system_libs()
    pyside = Path(libs.pyside_dir())
    fake = tmp_path / "PySide6"
    (fake / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    shutil.copy(pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so", fake / "Qt" / "plugins" / "platforms")
    packages, unknown = libs.what_is_missing(["xcb"], fake)
    assert "libQt6XcbQpa.so.6" in unknown and "libQt6Gui.so.6" in unknown
    message = libs.explain(["libxcb-icccm4", "libxcb-keysyms1"], unknown)
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in message
    assert "libQt6XcbQpa.so.6" in message and message.endswith("Then run the same command again.")


def test_the_platforms_checked_follow_the_session():
    libs = _qt_system_libs()
    assert libs.session_platforms({"DISPLAY": ":0"}) == ["xcb"]
    assert libs.session_platforms({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == ["xcb", "wayland"]
    assert libs.session_platforms({"QT_QPA_PLATFORM": "offscreen"}) == []
