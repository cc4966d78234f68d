"""Build the Debian package of Mg Reader (``./dev package``), for people who do not use Python.

1. PyInstaller bundles the app with Python, Qt and every library from this environment (.venv) into one
   folder (onedir: it starts faster than a one-file bundle, which unpacks itself on every start).
2. The folder goes under /opt/mgreader, with /usr/bin/mgreader, the desktop entry, the icons and the
   AppStream metadata from resources/, and dpkg-deb wraps it as dist/mgreader_VERSION_ARCH.deb.
3. Its Depends field lists the Debian packages of the system libraries the bundle loads (found with ldd and
   dpkg-query, as dpkg-shlibdeps would), so `apt-get install ./mgreader_*.deb` installs what Qt needs.

    python packaging/build_deb.py [--out DIR]

Prints the package's path as its last line (what tests/test_real_start.py installs). Needs Linux with dpkg.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt_system_libs import PACKAGES  # noqa: E402 (a script beside this one, not a package)

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build" / "package"
PREFIX = "opt/mgreader"
MAINTAINER = os.environ.get("MGREADER_MAINTAINER", "Mg Reader maintainers <maintainers@mgreader.invalid>")
# Qt plug-ins the app does not need, left out of the bundle so that the package does not depend on what they
# load: the GTK 3 theme (all of GTK), and Qt's own platforms for kiosks and servers. The window uses xcb or
# Wayland, the desktop portal theme, and the printing, image and icon plug-ins.
LEFT_OUT = (
    "platformthemes/libqgtk3.so",
    "platforms/libqeglfs.so",
    "platforms/libqlinuxfb.so",
    "platforms/libqvnc.so",
    "platforms/libqvkkhrdisplay.so",
    "platforms/libqminimalegl.so",
    "egldeviceintegrations",
    "networkinformation",
)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Only read aloud loads these (through Qt's speech plug-ins): the package recommends their libraries.
OPTIONAL = ("/plugins/texttospeech/",)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def version() -> str:
    text = (REPO / "mgreader" / "core" / "version.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match, "mgreader/core/version.py has no __version__"
    return match.group(1)


def bundle() -> Path:
    """The PyInstaller onedir bundle of the app, built from this Python's environment."""
    resources, content = REPO / "resources", REPO / "content"
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--onedir", "--log-level", "WARN",
        "--name", "mgreader", "--distpath", str(BUILD / "dist"), "--workpath", str(BUILD / "work"),
        "--specpath", str(BUILD),
        # Where mgreader.core.paths.bundled_dir looks in an installed package: inside it.
        "--add-data", f"{resources}{os.pathsep}mgreader/resources",
        "--add-data", f"{content}{os.pathsep}mgreader/content",
        # Every module of the app, also those imported only on first use (the journal's chart and matplotlib).
        "--collect-submodules", "mgreader",
        # python-markdown loads its extensions by name at run time, so PyInstaller's import scan cannot see
        # them: bundle every one the renderer names (core/render/markdown.py's EXTENSIONS).
        "--collect-submodules", "markdown.extensions", "--collect-submodules", "pymdownx",
        "--hidden-import", "yaml",
        # Babel's locale data (CLDR files it reads by name at run time): dates in the reader's language.
        "--collect-data", "babel",
        # Never imported by the app, but found through matplotlib and the test tools in the same environment.
        "--exclude-module", "tkinter", "--exclude-module", "pytest", "--exclude-module", "hypothesis",
        "--exclude-module", "IPython",
        str(REPO / "packaging" / "entry.py"),
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=REPO)
    root = BUILD / "dist" / "mgreader"
    plugins = next(root.glob("_internal/PySide6/Qt/plugins"))
    for name in LEFT_OUT:
        target = plugins / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    return root


def elf_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    yield path


def system_libraries(elves: Iterable[Path], root: Path) -> tuple[set[str], set[str]]:
    """(paths of the system libraries these files load, names of those not found on this machine)."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(root / "_internal")}  # as the bundle's loader sets it
    found: set[str] = set()
    missing: set[str] = set()
    for elf in elves:
        output = subprocess.run(["ldd", str(elf)], capture_output=True, text=True, env=env).stdout
        for line in output.splitlines():
            name, arrow, rest = line.strip().partition(" => ")
            if not arrow:
                continue  # the kernel's vdso, the dynamic loader itself, or "not a dynamic executable"
            target = rest.rsplit(" (", 1)[0].strip()
            if target == "not found":
                missing.add(name)
            elif not Path(target).resolve().is_relative_to(root.resolve()):
                found.add(target)
    return found, missing


def debian_packages(paths: Iterable[str]) -> set[str]:
    """The installed Debian packages that hold these files (one package each, or an error)."""
    packages: set[str] = set()
    for path in sorted(paths):
        # With a merged /usr, the loader may name /lib/... for a file the package lists as /usr/lib/...
        candidates = {path, str(Path(path).resolve())}
        candidates |= {c.removeprefix("/usr") for c in list(candidates)} | {f"/usr{c}" for c in candidates}
        owners: set[str] = set()
        for candidate in sorted(candidates):
            query = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            for line in query.stdout.splitlines():
                package, _, where = line.partition(": ")
                if where.strip() == candidate and not package.startswith("diversion"):
                    owners |= {p.strip().split(":")[0] for p in package.split(",")}
        if not owners:
            raise SystemExit(f"No installed Debian package holds {path}, which the bundle loads.")
        packages |= owners
    return packages


def relations(root: Path) -> tuple[str, str]:
    """(Depends, Recommends): the packages of what the bundle loads; those only read aloud loads are
    recommended, as the app works without them. A library missing here is named by the table of
    qt_system_libs.py, or the build stops."""
    elves = list(elf_files(root))
    optional = [e for e in elves if any(part in e.as_posix() for part in OPTIONAL)]
    result = []
    for group in ([e for e in elves if e not in optional], optional):
        found, missing = system_libraries(group, root)
        unknown = sorted(name for name in missing if name not in PACKAGES)
        if unknown:
            raise SystemExit(
                f"The bundle loads {' '.join(unknown)}, which this machine does not have, so its Debian "
                "package is unknown. Install it, or add it to PACKAGES in packaging/qt_system_libs.py."
            )
        result.append(debian_packages(found) | {PACKAGES[name] for name in missing})
    required, recommended = result
    return ", ".join(sorted(required)), ", ".join(sorted(recommended - required))


def architecture() -> str:
    done = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def install_tree(root: Path, tree: Path) -> None:
    """The files of the package, as they will be on the reader's disk."""
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(root, tree / PREFIX, symlinks=True)
    (tree / "usr/bin").mkdir(parents=True)
    (tree / "usr/bin/mgreader").symlink_to(f"/{PREFIX}/mgreader")
    resources = REPO / "resources"
    share = tree / "usr/share"
    copy(resources / "mgreader.desktop", share / "applications/mgreader.desktop")
    copy(resources / "io.github.mgreader.MgReader.metainfo.xml",
         share / "metainfo/io.github.mgreader.MgReader.metainfo.xml")  # fmt: skip
    copy(resources / "icons/mgreader.svg", share / "icons/hicolor/scalable/apps/mgreader.svg")
    for size in ICON_SIZES:
        target = share / f"icons/hicolor/{size}x{size}/apps/mgreader.png"
        copy(resources / f"icons/mgreader-{size}.png", target)
    doc = share / "doc/mgreader"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    for path in [tree, *tree.rglob("*")]:  # whatever the umask of the build was
        if not path.is_symlink():
            executable = path.is_dir() or path.stat().st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)


def copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


COPYRIGHT = """\
Mg Reader
License: MIT

The program under /opt/mgreader is a PyInstaller bundle. Besides Mg Reader it holds, under their own
licences: Python (PSF License), Qt and PySide6 (LGPL-3.0), python-markdown (BSD-3-Clause), platformdirs (MIT),
matplotlib (matplotlib License, BSD-style), Babel (BSD-3-Clause), NumPy (BSD-3-Clause), Pillow (MIT-CMU) and
their dependencies.
The articles are general information, not medical advice.
"""


def control(tree: Path, arch: str, requires: str, recommends: str) -> str:
    size = sum(p.lstat().st_size for p in tree.rglob("*") if not p.is_dir()) // 1024
    return (
        f"Package: mgreader\nVersion: {version()}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
        f"Installed-Size: {size}\nDepends: {requires}\n"
        f"Recommends: {', '.join(['fonts-dejavu-core | fonts-freefont-ttf', *filter(None, [recommends])])}\n"
        "Suggests: speech-dispatcher\n"
        "Section: misc\nPriority: optional\n"
        "Description: offline reader for health articles about magnesium and chronic illness\n"
        " Mg Reader is an offline reader for a small library of articles about magnesium, fatigue and\n"
        " chronic illness (Long COVID, ME/CFS, dysautonomia). Bookmark passages, write notes and questions,\n"
        " and bring them to your clinician. The articles are general information, not medical advice.\n"
        " .\n"
        " This package bundles its own Python and Qt under /opt/mgreader.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Debian package of Mg Reader.")
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="the .deb's folder (default: dist/)")
    parser.add_argument("--reuse-bundle", action="store_true", help="package the last bundle again (faster)")
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb is not installed: the package can only be built on Debian or Ubuntu.")
    started = time.monotonic()
    reuse = args.reuse_bundle and (BUILD / "dist" / "mgreader" / "mgreader").exists()
    if not reuse:
        say("Bundling Mg Reader with PyInstaller (a minute or two)...")
    root = BUILD / "dist" / "mgreader" if reuse else bundle()
    bundled = time.monotonic()
    say(f"  bundled in {bundled - started:.0f} s; finding the system libraries it loads...")
    requires, recommends = relations(root)
    arch = architecture()
    tree = BUILD / "deb"
    install_tree(root, tree)
    (tree / "DEBIAN").mkdir()
    (tree / "DEBIAN/control").write_text(control(tree, arch, requires, recommends), encoding="utf-8")
    args.out.mkdir(parents=True, exist_ok=True)
    deb = args.out.resolve() / f"mgreader_{version()}_{arch}.deb"
    say("  writing the package with dpkg-deb...")
    # zstd: seconds where xz takes minutes on a busy machine, for a package about a third larger.
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zzstd", "--build", str(tree), str(deb)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    say(f"Built {deb.name}: {deb.stat().st_size / 1e6:.0f} MB, in {time.monotonic() - started:.0f} s "
        f"(PyInstaller {bundled - started:.0f} s).\n  Depends: {requires}\n"
        f"  Recommends: {recommends}")  # fmt: skip
    print(deb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
