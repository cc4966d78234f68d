"""Start time of the installed package (/opt/mgreader, PyInstaller bundle) against the source checkout.

Both are started as fresh processes in a real X server (Xvfb, Qt's xcb platform) on a home where the
disclaimer was acknowledged, with MGREADER_QUIT_AFTER_FIRST_PAINT: the time is from just before the process is
spawned to the moment the app writes that its first article is painted. Rounds alternate between the two, so
that the machine's noise hits both alike; the ratio of the medians is the result. The first round of each
(disk caches still cold) is dropped.

    python bench/installed_start.py [--rounds 9]    (needs Xvfb and the package installed: ./dev package,
                                                     apt-get install ./dist/mgreader_*.deb)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mgreader.app import FIRST_PAINT_ENV  # noqa: E402
from mgreader.core import disclaimer  # noqa: E402
from mgreader.core.paths import bundled_dir  # noqa: E402

INSTALLED = Path("/opt/mgreader/mgreader")
SOURCE = REPO / ".venv" / "bin" / "mgreader"


def start_once(command: Path, home: Path, display: str) -> float:
    marker = home / "painted"
    marker.unlink(missing_ok=True)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "MGREADER_HOME": str(home), FIRST_PAINT_ENV: str(marker)}  # fmt: skip
    started = time.time()
    subprocess.run([str(command)], env=env, check=True, timeout=120, capture_output=True)
    return float(marker.read_text(encoding="utf-8").split()[0]) - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten",
                               "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)  # fmt: skip
    os.close(write)
    display = ":" + os.fdopen(read).readline().strip()
    times: dict[str, list[float]] = {"source checkout": [], "installed package": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            version = disclaimer.load(bundled_dir("resources")).version
            for name in times:
                home = Path(tmp) / name
                (home / "config").mkdir(parents=True)
                (home / "config" / "settings.json").write_text(json.dumps({"disclaimer_version": version}))
            for round_ in range(args.rounds + 1):
                for name, command in (("source checkout", SOURCE), ("installed package", INSTALLED)):
                    took = start_once(command, Path(tmp) / name, display)
                    if round_:
                        times[name].append(took)
    finally:
        server.terminate()
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name}: median {value * 1000:.0f} ms over {args.rounds} rounds")
    print(f"ratio installed / source: {medians['installed package'] / medians['source checkout']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
