"""Which system libraries Qt needs to open a window here, and which Debian packages hold them.

PySide6 wheels carry Qt but not the X11/Wayland, OpenGL and font libraries its platform plug-ins load, and
importing PySide6.QtWidgets succeeds without them: only creating the QApplication aborts. So this asks the
dynamic linker (ldd) about the plug-in that will be loaded (``plugins/platforms/libqxcb.so``, and
``libqwayland.so`` in a Wayland session) and the Qt modules the app imports: a PySide6 release that needs one
more library is caught without changing this file.

    python packaging/qt_system_libs.py [--platform xcb|wayland] [--install]

Prints nothing and exits 0 when nothing is missing. Otherwise it says what is missing; with --install, as root
on Debian or Ubuntu, it installs the packages with apt-get and checks again. Exit status 1: still missing.
Standard library only: it runs before (and independently of) the app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

# Debian and Ubuntu package of each library Qt's platform plug-ins and widget modules link to. A library not
# listed here is still reported (by file name), so a new one is never silently ignored.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libpng16.so.16": "libpng16-16",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libffi.so.8": "libffi8",
    "libexpat.so.1": "libexpat1",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libcups.so.2": "libcups2",
    "libspeechd.so.2": "libspeechd2",  # read aloud, through speech-dispatcher
    "libpulse.so.0": "libpulse0",
}
# Without any font Qt draws no text at all.
FONT_PACKAGE = "fonts-dejavu-core"
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")

# What each platform loads: the plug-in, and the plug-ins it needs in turn to show a window.
PLATFORM_PLUGINS = {
    "xcb": ("platforms/libqxcb.so", "xcbglintegrations/libqxcb-glx-integration.so"),
    "wayland": ("platforms/libqwayland.so", "wayland-shell-integration/libxdg-shell.so"),
}
# The PySide6 modules Mg Reader imports to show its window (not the optional read-aloud module).
MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPrintSupport")


def session_platforms(environ: os._Environ[str] | dict[str, str]) -> list[str]:
    """The platforms Qt may use here: xcb always (X11, and XWayland as Qt's fallback), and Wayland in a
    Wayland session. QT_QPA_PLATFORM names the one chosen."""
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return [name for name in chosen.split(";") if name in PLATFORM_PLUGINS]
    wayland = environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland"
    return ["xcb", "wayland"] if wayland else ["xcb"]


def pyside_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("PySide6 is not installed in this Python.")
    return Path(next(iter(spec.submodule_search_locations)))


def elf_files(pyside: Path, platforms: Iterable[str]) -> list[Path]:
    plugins = pyside / "Qt" / "plugins"
    files = [plugins / name for platform in platforms for name in PLATFORM_PLUGINS[platform]]
    files += [pyside / f"{module}.abi3.so" for module in MODULES]
    return [path for path in files if path.exists()]


def missing_sonames(files: Sequence[Path]) -> list[str]:
    """Libraries the dynamic linker cannot find for any of ``files`` (and everything they load)."""
    missing: list[str] = []
    for path in files:
        output = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
        for line in output.splitlines():
            name, _, where = line.strip().partition(" => ")
            if where.strip() == "not found" and name not in missing:
                missing.append(name)
    return missing


def has_fonts() -> bool:
    suffixes = {".ttf", ".otf", ".ttc", ".pfb", ".pcf", ".gz"}
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir() and any(p.suffix in suffixes for p in root.rglob("*")):
            return True
    return False


def what_is_missing(platforms: Sequence[str], pyside: Path | None = None) -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries of no known package)."""
    packages: list[str] = []
    unknown: list[str] = []
    for soname in missing_sonames(elf_files(pyside or pyside_dir(), platforms)):
        package = PACKAGES.get(soname)
        if package is None:
            unknown.append(soname)
        elif package not in packages:
            packages.append(package)
    if not has_fonts():
        packages.append(FONT_PACKAGE)
    return packages, unknown


def can_install() -> bool:
    return os.geteuid() == 0 and shutil.which("apt-get") is not None and Path("/etc/debian_version").exists()


def install(packages: Sequence[str]) -> bool:
    names = " ".join(packages)
    print(f"Installing the system libraries Qt needs to open a window: {names}...", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            print(f"'{' '.join(command)}' failed (exit status {done.returncode}).", file=sys.stderr)
            return False
    return True


def explain(packages: Sequence[str], unknown: Sequence[str]) -> str:
    lines = ["Mg Reader cannot open its window yet: Qt needs system libraries that are not installed."]
    if packages:
        debian = Path("/etc/debian_version").exists()
        lines.append(
            ("Install them with:" if debian else "On Debian or Ubuntu they are in:")
            + f"\n    sudo apt-get install {' '.join(packages)}"
        )
    if unknown:
        lines.append(f"Also install the packages that provide: {' '.join(unknown)}")
    if packages and not Path("/etc/debian_version").exists():
        lines.append("On other systems, install your distribution's packages of the same names.")
    lines.append("Then run the same command again.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", action="append", choices=sorted(PLATFORM_PLUGINS),
                        help="check this platform (default: those of this session)")  # fmt: skip
    parser.add_argument("--install", action="store_true", help="install what is missing (root, apt-get)")
    args = parser.parse_args(argv)
    platforms = args.platform or session_platforms(os.environ)
    packages, unknown = what_is_missing(platforms)
    if not packages and not unknown:
        return 0
    if args.install and packages and can_install() and install(packages):
        packages, unknown = what_is_missing(platforms)
        if not packages and not unknown:
            return 0
    print(explain(packages, unknown), file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
