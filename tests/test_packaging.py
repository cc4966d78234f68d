"""A non-editable install finds its bundled content and resources, wherever it is run from."""

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
