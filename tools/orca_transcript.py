"""What Orca says for the main tasks, from Orca's own debug log: the real app and the real screen reader
under Xvfb with a D-Bus session and the AT-SPI bus (the same desktop as tests/ui/test_atspi.py).

    .venv/bin/python tools/orca_transcript.py [OUT.md]

Needs Debian's orca (and what tests/ui/test_atspi.py needs). No sound card is needed: Orca runs with speech
off and still writes every utterance to its debug log ("SPEECH OUTPUT: ..."). Prints, for
each step (open an article, bookmark, note, sheet), the key pressed and what Orca said."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "ui"))

from test_atspi import KEYCODES, TAB, Desktop  # noqa: E402

KEYCODES.setdefault("Escape", 9)
DOWN, RETURN, ESCAPE = 0xFF54, 0xFF0D, 0xFF1B
# "SPEECH OUTPUT: 'Filter topics text.'{'established': False}"; a key's echo ends in a space: 'tab '.
SAID = re.compile(r"SPEECH OUTPUT: '(.*?)' ?(?:voice=\S+)?\{", re.MULTILINE)

# (what the reader does, keys as (keysym, held modifiers...))
STEPS = [
    ("Ctrl+L: go to the topic filter", [(ord("l"), "Control")]),
    ("Tab: to the topic tree", [(TAB,)]),
    ("Down: the next article", [(DOWN,)]),
    ("Enter: open it", [(RETURN,)]),
    ("Tab: into the article", [(TAB,)]),
    ("Ctrl+D: bookmark the paragraph", [(ord("d"), "Control")]),
    ("Ctrl+Shift+N and typing 'ask': a note on it", [(ord("n"), "Control", "Shift"), (ord("a"),), (ord("s"),),
                                                   (ord("k"),)]),
    ("(a pause: the note saves itself)", []),
    ("Ctrl+P: the appointment sheet", [(ord("p"), "Control")]),
    ("Tab, Tab: its next fields", [(TAB,), (TAB,)]),
    ("Escape: close the sheet", [(ESCAPE,)]),
]


def said_since(log: Path, offset: int) -> tuple[list[str], int]:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    said = [m.group(1) for m in SAID.finditer(text[offset:])]
    return [s for s in said if s and not s.endswith(" ")], len(text)


def nudge(desk: Desktop) -> None:
    """Press and release Shift alone (it does nothing in the app). Under Xvfb Orca said what a key caused
    only when the next key came: this makes it say it now, in the step it belongs to."""
    controller = ("org.a11y.atspi.Registry", "/org/a11y/atspi/registry/deviceeventcontroller")
    interface = "org.a11y.atspi.DeviceEventController"
    time.sleep(1.5)
    for kind in (0, 1):  # press, release
        desk.call(*controller, "GenerateKeyboardEvent", interface, "isu", (KEYCODES["Shift"], "", kind))


def quiet(log: Path, still: float = 3.0, longest: float = 30.0) -> None:
    """Wait until Orca has written nothing for ``still`` seconds: it has said what it will say."""
    start = last_change = time.monotonic()
    size = -1
    while time.monotonic() - start < longest:
        now = log.stat().st_size if log.exists() else 0
        if now != size:
            size, last_change = now, time.monotonic()
        elif time.monotonic() - last_change >= still:
            return
        time.sleep(0.3)


def main(out: Path | None) -> None:
    if shutil.which("orca") is None:
        raise SystemExit("orca is not installed (apt-get install orca)")
    work = Path(tempfile.mkdtemp(prefix="orca-"))
    desk = Desktop(work)
    log = work / "orca-debug.txt"
    orca: subprocess.Popen | None = None
    try:
        env = dict(desk.env, HOME=str(work / "orca-home"), XDG_CONFIG_HOME=str(work / "orca-home" / "config"))
        # Speech off: with no sound card speech-dispatcher can hang Orca (and the keys it listens to); the
        # debug log still gets each utterance, which is what is read here.
        command = ["orca", "--replace", "--disable=speech", "--disable=braille", f"--debug-file={log}"]
        orca = subprocess.Popen(command, env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        desk.processes.append(orca)
        desk.start_app(REPO / "content", {"geometry": ""})
        deadline = time.monotonic() + 60
        while not any(name == "Mg Reader" for *_, name in desk.applications()):
            if time.monotonic() > deadline:
                raise SystemExit("Mg Reader did not appear on the accessibility bus")
            time.sleep(0.5)
        quiet(log)  # the window is built, the first article painted, and Orca has looked at them
        desk.click(640, 360)
        quiet(log)
        lines = ["| The reader does | Orca says |", "|---|---|"]
        _before, offset = said_since(log, 0)
        for what, keys in STEPS:
            for keysym, *held in keys:
                desk.press(keysym, *held)
                time.sleep(0.6)
            nudge(desk)
            quiet(log)  # Orca, logging everything, runs seconds behind the keys
            said, offset = said_since(log, offset)
            lines.append(f"| {what} | {' / '.join(s.replace('|', '/') for s in said) or '(nothing)'} |")
        report = "\n".join(lines)
        print(report)
        if out is not None:
            out.write_text(report + "\n", encoding="utf-8")
        version = subprocess.run(["orca", "--version"], capture_output=True, text=True, env=env).stdout
        print(f"\nOrca {version.strip()}; the whole log: {log}")
    finally:
        if orca is not None:
            orca.kill()  # it does not always stop on SIGTERM
            orca.wait()
        desk.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
