"""The real app, started the way a reader starts it, in a real X server (Xvfb) with Qt's xcb platform.

The rest of the suite runs offscreen, which needs none of the system libraries Qt's xcb plug-in loads: a
missing one made the app abort on a fresh machine while every test passed. These tests start the real
process and wait for the first article to be painted (the app writes MGREADER_QUIT_AFTER_FIRST_PAINT's file,
then quits). In CI (CI=true) a missing X server or library fails them; elsewhere it skips them, saying why.
"""

from __future__ import annotations

import configparser
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mgreader.app import FIRST_PAINT_ENV
from mgreader.core import disclaimer
from mgreader.core.paths import bundled_dir

REPO = Path(__file__).parent.parent
IN_CI = os.environ.get("CI") == "true"
START_TIMEOUT = 120  # seconds: far above a normal start, only so that a hung app cannot hang the suite


def skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def x_display() -> Iterator[str]:
    """A private Xvfb server; yields its DISPLAY."""
    if shutil.which("Xvfb") is None:
        skip_or_fail("Xvfb is not installed (apt-get install xvfb); .ci/run installs it.")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()  # Xvfb writes it once it accepts connections
    if not number:
        server.kill()
        pytest.fail(f"Xvfb did not start (exit status {server.wait()}).")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def needs_xcb_libraries() -> None:
    """Outside CI, skip (saying what to install) when Qt's xcb plug-in cannot load here."""
    check = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "qt_system_libs.py"), "--platform", "xcb"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if check.returncode != 0 and not IN_CI:
        pytest.skip(check.stderr.strip())


def acknowledged_home(home: Path) -> Path:
    """A home where the disclaimer was acknowledged, so that the window comes up without a dialog."""
    version = disclaimer.load(bundled_dir("resources")).version
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_version": version}))
    return home


def start(command: list[str], display: str, marker: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "MGREADER_HOME")}
    environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", **{FIRST_PAINT_ENV: str(marker)}, **env)
    return subprocess.run(
        command, env=environ, capture_output=True, text=True, timeout=START_TIMEOUT, check=False,
    )  # fmt: skip


def assert_painted(result: subprocess.CompletedProcess[str], marker: Path) -> str:
    assert result.returncode == 0, f"exit status {result.returncode}:\n{result.stderr[-3000:]}"
    assert marker.exists(), f"the app quit without painting an article:\n{result.stderr[-3000:]}"
    title = marker.read_text(encoding="utf-8").split(" ", 1)[1].strip()
    assert title.endswith(" - Mg Reader") and title != "Mg Reader"  # an article's title, not the bare window
    return title


def test_dev_run_opens_the_window_and_paints_the_first_article(x_display: str, tmp_path: Path):
    needs_xcb_libraries()
    home = acknowledged_home(tmp_path / "home")
    result = start([str(REPO / "dev"), "run", "--home", str(home)], x_display, tmp_path / "painted")
    assert_painted(result, tmp_path / "painted")
    assert "Available platform plugins" not in result.stderr  # Qt's abort message


def test_without_a_display_it_says_so_instead_of_aborting(tmp_path: Path):
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    environ = {k: v for k, v in os.environ.items() if k not in hidden}
    result = subprocess.run(
        [sys.executable, "-m", "mgreader", "--home", str(tmp_path)],
        env=environ, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (1, "")
    assert "needs a desktop session" in result.stderr and "DISPLAY" in result.stderr


# ------------------------------------------------------------------------------------------ the package

PACKAGE_TEST = os.environ.get("MGREADER_PACKAGE_TEST") == "1"


@pytest.mark.skipif(not PACKAGE_TEST, reason="builds and installs the .deb: MGREADER_PACKAGE_TEST=1, .ci/run")
def test_the_debian_package_installs_and_starts_from_its_desktop_entry(x_display: str, tmp_path: Path):
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        skip_or_fail("installing the package needs root and apt-get")
    built = subprocess.run([str(REPO / "dev"), "package"], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    deb = Path(built.stdout.strip().splitlines()[-1])
    assert deb.name.startswith("mgreader_") and deb.suffix == ".deb"
    install = ["apt-get", "install", "-y", "-qq", f"./{deb.name}"]
    installed = subprocess.run(install, cwd=deb.parent, capture_output=True, text=True, check=False,
                               env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]
    try:
        entry = configparser.ConfigParser(interpolation=None)
        entry.read("/usr/share/applications/mgreader.desktop", encoding="utf-8")
        command = [part for part in shlex.split(entry["Desktop Entry"]["Exec"]) if not part.startswith("%")]
        assert shutil.which(command[0]) == "/usr/bin/mgreader"
        home = acknowledged_home(tmp_path / "home")
        # A clean environment: nothing of this checkout's .venv may leak into the installed app.
        clean = {"MGREADER_HOME": str(home), "PATH": "/usr/bin:/bin"}
        result = start(command, x_display, tmp_path / "painted", **clean)
        assert_painted(result, tmp_path / "painted")
        for path in ("/usr/share/icons/hicolor/scalable/apps/mgreader.svg",
                     "/usr/share/metainfo/io.github.mgreader.MgReader.metainfo.xml"):  # fmt: skip
            assert Path(path).is_file(), path
    finally:
        remove = ["apt-get", "remove", "-y", "-qq", "mgreader"]
        removed = subprocess.run(remove, capture_output=True, text=True, check=False,
                                 env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/mgreader").exists() and shutil.which("mgreader", path="/usr/bin") is None
