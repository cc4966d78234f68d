"""The real app, started the way a reader starts it, in a real X server (Xvfb) with Qt's xcb platform.

The rest of the suite runs offscreen, which needs none of the system libraries Qt's xcb plug-in loads: a
missing one made the app abort on a fresh machine while every test passed. These tests start the real
process and wait for the first article to be painted (the app writes MGREADER_QUIT_AFTER_FIRST_PAINT's file,
then quits), or, for the installed package's worker processes, until their work is done (the files they
make, and MGREADER_WORKER_LOG's), then quit it as a logout does. In CI (CI=true) a missing X server or
library fails them; elsewhere it skips them, saying why.
"""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mgreader.app import FIRST_PAINT_ENV
from mgreader.core import disclaimer
from mgreader.core.library.scan import MINE_PREFIX, MY_ARTICLES, ContentRoot, read_ref
from mgreader.core.library.scan_cache import ScanCache
from mgreader.core.paths import bundled_dir
from mgreader.core.render.body import RenderedBody
from mgreader.core.render.cache import RenderCache
from mgreader.core.render.markdown import Renderer
from mgreader.core.render.page import PageComposer
from mgreader.core.render.reader import ArticleLoader
from mgreader.core.search.index import SearchIndex
from mgreader.core.workers import LOG_ENV

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
needs_package_test = pytest.mark.skipif(
    not PACKAGE_TEST, reason="builds and installs the .deb: MGREADER_PACKAGE_TEST=1, .ci/run"
)
BUNDLE = Path("/opt/mgreader/mgreader")  # the bundle's executable: the app and each of its workers
APT_ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}


@pytest.fixture(scope="module")
def installed() -> Iterator[list[str]]:
    """The Debian package built from this checkout (./dev package) and installed with apt-get; yields the
    command of its desktop entry. Removed afterwards, leaving nothing under /opt or /usr/bin."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        skip_or_fail("installing the package needs root and apt-get")
    built = subprocess.run([str(REPO / "dev"), "package"], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    deb = Path(built.stdout.strip().splitlines()[-1])
    assert deb.name.startswith("mgreader_") and deb.suffix == ".deb"
    install = ["apt-get", "install", "-y", "-qq", f"./{deb.name}"]
    done = subprocess.run(install, cwd=deb.parent, capture_output=True, text=True, check=False, env=APT_ENV)
    assert done.returncode == 0, done.stderr[-3000:]
    try:
        entry = configparser.ConfigParser(interpolation=None)
        entry.read("/usr/share/applications/mgreader.desktop", encoding="utf-8")
        yield [part for part in shlex.split(entry["Desktop Entry"]["Exec"]) if not part.startswith("%")]
    finally:
        remove = ["apt-get", "remove", "-y", "-qq", "mgreader"]
        removed = subprocess.run(remove, capture_output=True, text=True, check=False, env=APT_ENV)
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/mgreader").exists() and shutil.which("mgreader", path="/usr/bin") is None


def clean_environment(home: Path) -> dict[str, str]:
    """Nothing of this checkout's .venv may leak into the installed app. What a desktop session has, without
    which Qt says something on stderr: a runtime folder and a UTF-8 locale."""
    runtime = home.parent / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {"MGREADER_HOME": str(home), "PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8"}  # fmt: skip


@needs_package_test
def test_the_debian_package_installs_and_starts_from_its_desktop_entry(
    installed: list[str], x_display: str, tmp_path: Path
):
    assert shutil.which(installed[0]) == "/usr/bin/mgreader"
    home = acknowledged_home(tmp_path / "home")
    result = start(installed, x_display, tmp_path / "painted", **clean_environment(home))
    assert_painted(result, tmp_path / "painted")
    assert result.stderr == ""
    for path in ("/usr/share/icons/hicolor/scalable/apps/mgreader.svg",
                 "/usr/share/metainfo/io.github.mgreader.MgReader.metainfo.xml"):  # fmt: skip
        assert Path(path).is_file(), path


# The reader's folder: read in a process of its own from APART_FROM (ui/library/library_scanner.py) articles.
OWN_ARTICLES = 2000
# Longer than IN_PROCESS_CHARS: only the render worker formats it (core/render/budget.py).
LONG = "long-read.md"


def big_library(home: Path) -> ContentRoot:
    """OWN_ARTICLES short articles in 20 folders, each with a word of its own, and one long article, opened
    at the start (the last article read): none of it formatted or indexed yet. Written long ago, as a
    reader's files are, so that the scan cache keeps them all."""
    from mgreader.core.render.budget import IN_PROCESS_CHARS

    library = home / "My articles"
    for n in range(OWN_ARTICLES):
        folder = library / f"folder-{n % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{n:04d}.md").write_text(f"# Note {n}\n\nA short note, bundlecheck{n:04d}.\n")
    paragraph = "Magnesium and the long read: a paragraph of ordinary prose, formatted in the worker. " * 8
    text = "# The long read\n\n" + "\n\n".join(f"## Part {i}\n\n{paragraph}" for i in range(50)) + "\n"
    assert len(text) > IN_PROCESS_CHARS
    (library / LONG).write_text(text, encoding="utf-8")
    long_ago = 1_700_000_000 * 10**9
    for path in library.rglob("*"):
        os.utime(path, ns=(long_ago, long_ago))
    settings = json.loads((home / "config" / "settings.json").read_text())
    settings["last_article"] = f"{MINE_PREFIX}{LONG.removesuffix('.md')}"
    (home / "config" / "settings.json").write_text(json.dumps(settings))
    return ContentRoot(library.resolve(), MINE_PREFIX, MY_ARTICLES)


def started(log: Path, name: str) -> list[int]:
    """The pids of the workers called ``name`` that LOG_ENV's file says started."""
    lines = log.read_text().splitlines() if log.exists() else []
    return [int(pid) for what, worker, pid in map(str.split, lines) if (what, worker) == ("started", name)]


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has: only its parent has not reaped it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def ended(log: Path, name: str) -> bool:
    """Whether a worker called ``name`` started, and every one that did has ended."""
    pids = started(log, name)
    return bool(pids) and not any(map(running, pids))


def bundle_processes() -> list[int]:
    """The running processes of the installed bundle (the app, its workers, multiprocessing's helper)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                exe = os.readlink(entry / "exe")
            except OSError:
                continue
            if exe == str(BUNDLE) and running(int(entry.name)):
                found.append(int(entry.name))
    return found


def ended_within(pid: int, seconds: float) -> bool:
    """Wait for a process that is not this one's child to end (a pidfd is readable from then)."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], seconds)[0]) or not running(pid)
    finally:
        os.close(handle)


def wait_for(app: subprocess.Popen[bytes], done: Callable[[], bool], what: str, stderr: Path) -> None:
    """Poll until ``done``; fail after START_TIMEOUT, or at once when the app ends or writes on stderr (a
    worker that cannot start says why there: without freeze_support, Mg Reader's usage message)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not done():
        if stderr.stat().st_size:
            pytest.fail(f"before {what}, on stderr:\n{stderr.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"not within {START_TIMEOUT} s: {what}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            status = app.wait(timeout=0.1)  # the pause between two looks
            pytest.fail(f"the app ended (status {status}) before {what}:\n{stderr.read_text()[-3000:]}")


class NotCached(Exception):
    pass


class Unused(Renderer):
    """For a loader that may only take pages from the render cache."""

    def render(self, text: str, article_dir: str = "") -> RenderedBody:
        raise NotCached(text[:40])


def in_render_cache(home: Path, root: ContentRoot, name: str) -> bool:
    """Whether the app's render cache holds the article, formatted (a plain-text fallback is never kept)."""
    resources = bundled_dir("resources")
    composer = PageComposer(resources, disclaimer.load(resources))
    loader = ArticleLoader(composer, RenderCache(home / "cache" / "rendered", read_only=True), Unused())
    try:
        loader.load(read_ref(root, root.path / name))
    except NotCached:
        return False
    return True


@needs_package_test
def test_the_installed_apps_workers_start_and_do_their_work(
    installed: list[str], x_display: str, tmp_path: Path
):
    """The render worker formats the long article the app opens with, the big folder is scanned apart and
    the index text made in a process of its own; nothing is said on stderr, and no worker is left after
    the quit. Without freeze_support (packaging/entry.py) no worker started and the app did all of it
    itself, without a time budget for the long article: this test then fails."""
    home = acknowledged_home(tmp_path / "home")
    root = big_library(home)
    log, stderr = tmp_path / "workers.log", tmp_path / "stderr"
    environ = {"DISPLAY": x_display, "QT_QPA_PLATFORM": "xcb", LOG_ENV: str(log), **clean_environment(home)}
    with stderr.open("wb") as err:
        app = subprocess.Popen(installed, env=environ, stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(app, lambda: bool(started(log, "mgreader-render")) and in_render_cache(home, root, LONG),
                 "the render worker formatted the long article", stderr)  # fmt: skip
        wait_for(app, lambda: ended(log, "mgreader-scan"), "the reader's folder was scanned apart", stderr)
        # The index is built once the folder is read; its text process is stopped when the build ends.
        wait_for(app, lambda: ended(log, "mgreader-index-text"), "the index text was made apart", stderr)
        app.send_signal(signal.SIGTERM)  # quits as closing the window does (ui/app/quit_signals.py)
        status = app.wait(timeout=START_TIMEOUT)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert (status, stderr.read_text()) == (0, "")
    # The app waits for its workers as it quits; multiprocessing's helper (the resource tracker) ends by
    # itself a moment later, once the app's end of its pipe is closed.
    workers = [int(line.split()[2]) for line in log.read_text().splitlines()]
    assert not [pid for pid in workers if running(pid)]
    left = [pid for pid in bundle_processes() if not ended_within(pid, 30.0)]
    assert not left, [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left]

    # What the scan process read, it kept in the scan cache: every article of the folder.
    cache = ScanCache(home / "cache" / "library-mine.json")
    cache.begin()
    files = sorted(root.path.rglob("*.md"))
    assert len(files) == OWN_ARTICLES + 1
    for path in files:
        relpath, stat = path.relative_to(root.path).as_posix(), path.stat()
        ref_id = f"{MINE_PREFIX}{relpath.removesuffix('.md')}"
        kept = cache.get(root.path, relpath, stat.st_size, stat.st_mtime_ns, ref_id, path)
        assert kept is not None, relpath
    with SearchIndex(home / "cache" / "search.sqlite3") as index:
        # The first articles of a build are formatted in the indexer's thread: these in the process.
        for n in (0, 1234, OWN_ARTICLES - 1):
            assert [hit.title for hit in index.search(f"bundlecheck{n:04d}")] == [f"Note {n}"]
