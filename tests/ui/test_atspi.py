"""What a screen reader gets from the running app, read over AT-SPI (issue 16, point 9).

The widget tests check Qt's own accessibility tree; this runs the real `mgreader` under Xvfb with a D-Bus
session and the AT-SPI bus, and reads what Orca would: roles and names, where Tab moves the focus, and the
announcements of messages and of "Saved".

The client below starts what a Linux desktop would (an X server, a D-Bus session bus, which starts the
accessibility bus and its registry from Debian's at-spi2-core), runs the real `mgreader` there, and talks
AT-SPI over D-Bus with jeepney (pure Python), the way Orca's pyatspi does."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

jeepney = pytest.importorskip("jeepney", reason="the AT-SPI test talks D-Bus with jeepney")

from jeepney import DBusAddress, MatchRule, Properties, new_method_call  # noqa: E402
from jeepney.bus_messages import message_bus  # noqa: E402
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # noqa: E402
from jeepney.low_level import HeaderFields  # noqa: E402
from jeepney.wrappers import DBusErrorResponse, unwrap_msg  # noqa: E402

ACCESSIBLE = "org.a11y.atspi.Accessible"
REGISTRY = "org.a11y.atspi.Registry"
# AtspiStateType bits (at-spi2-core's atspi-constants.h).
FOCUSED, SHOWING, VISIBLE = 12, 25, 30
LABELLED_BY = 2  # AtspiRelationType
# AtspiKeySynthType: press and release of a key named by its X keysym.
KEY_PRESS, KEY_RELEASE, KEY_SYM = 0, 1, 3
# X keycodes of Xvfb's default (evdev) keymap, for keys held down while another is pressed.
KEYCODES = {"Control": 37, "Shift": 50, "Alt": 64}

TOOLS = ("Xvfb", "dbus-daemon", "/usr/libexec/at-spi-bus-launcher")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None and not Path(tool).exists()]


@dataclass
class Node:
    bus_name: str
    path: str
    role: str
    name: str
    description: str
    states: set[int]
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def showing(self) -> bool:
        return SHOWING in self.states and VISIBLE in self.states


class Desktop:
    """Xvfb + a D-Bus session with the accessibility bus; ``start_app`` runs Mg Reader in it."""

    def __init__(self, workdir: Path, size: str = "1280x720x24") -> None:
        self.workdir = workdir
        self.processes: list[subprocess.Popen] = []
        read, write = os.pipe()
        self._spawn(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp"],
                    pass_fds=[write])  # fmt: skip
        os.close(write)
        # Xvfb writes the number, then a newline: closing the pipe before the newline would kill it.
        with os.fdopen(read) as answer:
            self.display = ":" + answer.readline().strip()
        runtime = workdir / "runtime"
        runtime.mkdir(mode=0o700)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DBUS_"))}
        self.env.update(DISPLAY=self.display, XDG_RUNTIME_DIR=str(runtime), NO_AT_BRIDGE="0")
        # The bus starts the accessibility bus and its registry, which press keys on this display.
        daemon = self._spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                             stdout=subprocess.PIPE, text=True, env=self.env)  # fmt: skip
        self.env["DBUS_SESSION_BUS_ADDRESS"] = daemon.stdout.readline().strip()
        session = open_dbus_connection(bus=self.env["DBUS_SESSION_BUS_ADDRESS"])
        self._connections = [session]
        bus = DBusAddress("/org/a11y/bus", bus_name="org.a11y.Bus", interface="org.a11y.Bus")
        address = session.send_and_get_reply(new_method_call(bus, "GetAddress"), timeout=20).body[0]
        self.a11y: DBusConnection = open_dbus_connection(bus=address)
        self._connections.append(self.a11y)
        self.app: subprocess.Popen | None = None

    def ask_for_events(self) -> None:
        """A screen reader asks for the events it wants; Qt sends only those."""
        registry = DBusAddress("/org/a11y/atspi/registry", bus_name=REGISTRY, interface=REGISTRY)
        for event in ("object:state-changed:focused", "object:announcement", "focus:"):
            self.a11y.send_and_get_reply(new_method_call(registry, "RegisterEvent", "sass", (event, [], "")))

    def _spawn(self, command: list[str], **options) -> subprocess.Popen:
        process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL, **options)
        self.processes.append(process)
        return process

    def start_app(self, content: Path, settings: dict) -> None:
        """The real application, as the reader starts it (the disclaimer already acknowledged)."""
        from mgreader.core import disclaimer
        from mgreader.core.paths import bundled_dir

        home = self.workdir / "home"
        (home / "config").mkdir(parents=True)
        settings = {"disclaimer_version": disclaimer.load(bundled_dir("resources")).version, **settings}
        (home / "config" / "settings.json").write_text(json.dumps(settings))
        env = dict(self.env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   MGREADER_HOME=str(home))  # fmt: skip
        self.app = self._spawn([sys.executable, "-m", "mgreader", "--content", str(content)], env=env)

    # ------------------------------------------------------------------------------------- reading
    def call(self, bus_name: str, path: str, member: str, interface: str = ACCESSIBLE,
             signature: str | None = None, body: tuple = ()):  # fmt: skip
        address = DBusAddress(path, bus_name=bus_name, interface=interface)
        message = new_method_call(address, member, signature, body)
        return unwrap_msg(self.a11y.send_and_get_reply(message, timeout=10))

    def prop(self, bus_name: str, path: str, name: str) -> object:
        address = DBusAddress(path, bus_name=bus_name, interface=ACCESSIBLE)
        return unwrap_msg(self.a11y.send_and_get_reply(Properties(address).get(name), timeout=10))[0][1]

    def applications(self) -> list[tuple[str, str, str]]:
        try:
            children = self.call(REGISTRY, "/org/a11y/atspi/accessible/root", "GetChildren")[0]
        except DBusErrorResponse:
            return []  # the registry is still starting
        found = []
        for bus, path in children:
            try:
                found.append((bus, path, str(self.prop(bus, path, "Name"))))
            except (DBusErrorResponse, ValueError):
                continue  # an application still starting up (or gone): not answering yet
        return found

    def node(self, bus_name: str, path: str, depth: int = 0) -> Node:
        states = self.call(bus_name, path, "GetState")[0]
        node = Node(
            bus_name,
            path,
            self.call(bus_name, path, "GetRoleName")[0],
            str(self.prop(bus_name, path, "Name")),
            str(self.prop(bus_name, path, "Description")),
            {bit + 32 * word for word, bits in enumerate(states) for bit in range(32) if bits >> bit & 1},
        )
        if depth < 40:
            children = self.call(bus_name, path, "GetChildren")[0]
            node.children = [self.node(bus, child, depth + 1) for bus, child in children]
        return node

    def describe(self, message) -> str:
        """'role: name' of the object an event came from."""
        bus, path = message.header.fields[HeaderFields.sender], message.header.fields[HeaderFields.path]
        return f"{self.call(bus, path, 'GetRoleName')[0]}: {self.prop(bus, path, 'Name')}"

    def next_focus(self, queue, timeout: float = 10) -> str:
        """Wait for the focus to land somewhere (an object's 'focused' state turning on): 'role: name'."""
        while True:
            message = self.a11y.recv_until_filtered(queue, timeout=timeout)
            if message.body[0] == "focused" and message.body[1] == 1:
                return self.describe(message)

    # ------------------------------------------------------------------------------------- acting
    def click(self, x: int, y: int) -> None:
        """Click there with the first mouse button. With no window manager on this display, a click is what
        makes the window active (receive keys), as a reader's first click would."""
        controller = ("org.a11y.atspi.Registry", "/org/a11y/atspi/registry/deviceeventcontroller")
        interface = "org.a11y.atspi.DeviceEventController"
        self.call(*controller, "GenerateMouseEvent", interface, "iis", (x, y, "b1c"))

    def press(self, keysym: int, *held: str) -> None:
        """Press a key as the keyboard would, through the registry's device event controller."""
        controller = ("org.a11y.atspi.Registry", "/org/a11y/atspi/registry/deviceeventcontroller")
        interface = "org.a11y.atspi.DeviceEventController"
        for key in held:
            self.call(*controller, "GenerateKeyboardEvent", interface, "isu", (KEYCODES[key], "", KEY_PRESS))
        self.call(*controller, "GenerateKeyboardEvent", interface, "isu", (keysym, "", KEY_SYM))
        for key in reversed(held):
            release = (KEYCODES[key], "", KEY_RELEASE)
            self.call(*controller, "GenerateKeyboardEvent", interface, "isu", release)

    def listen(self, member: str):
        """A queue of the app's AT-SPI object events named ``member`` (e.g. 'Announcement')."""
        rule = MatchRule(type="signal", interface="org.a11y.atspi.Event.Object", member=member)
        self.a11y.send_and_get_reply(message_bus.AddMatch(rule))
        return self.a11y.filter(rule)

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason=f"not installed: {', '.join(missing_tools())}")

# Roles a reader can act on: each needs a name to be said.
CONTROLS = {"push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
            "list", "tree", "tree table", "table", "page tab", "menu item", "check menu item",
            "radio menu item", "spin button", "slider", "link"}  # fmt: skip
TAB, KEY_D, KEY_N = 0xFF09, 0x64, 0x6E


@pytest.fixture
def desktop(tmp_path, library_dir, qtbot):
    desk = Desktop(tmp_path)
    try:
        desk.start_app(library_dir, {"geometry": ""})
        qtbot.waitUntil(lambda: any(name == "Mg Reader" for *_, name in desk.applications()), timeout=30_000)
        qtbot.waitUntil(lambda: window_ready(desk), timeout=30_000)
        desk.ask_for_events()
        with desk.listen("StateChanged") as queue:
            desk.click(640, 360)  # the middle of the screen: the window opens centred on it
            desk.next_focus(queue)
        yield desk
    finally:
        desk.close()


def app_root(desk) -> Node:
    bus, path, _name = next(app for app in desk.applications() if app[2] == "Mg Reader")
    return desk.node(bus, path)


def window_ready(desk) -> bool:
    root = app_root(desk)
    return any(n.name == "Topics and articles" and n.showing for n in root.walk()) and any(
        n.role == "page tab" and n.name == "Notes" for n in root.walk())


def test_every_control_has_a_role_and_a_name(desktop):
    root = app_root(desktop)
    shown = [n for n in root.walk() if n.showing]
    assert all(n.role and n.role != "unknown" for n in shown), [n.path for n in shown if n.role == "unknown"]
    unnamed = [f"{n.role} at {n.path}" for n in shown if n.role in CONTROLS and not n.name.strip()]
    assert unnamed == []
    # A combo box's name is its value on Linux: what it is for comes from a label's "labelled by" relation.
    for combo in (n for n in shown if n.role == "combo box"):
        relations = desktop.call(combo.bus_name, combo.path, "GetRelationSet")[0]
        assert any(kind == LABELLED_BY for kind, _targets in relations), combo.name
    for wanted in ("Filter topics", "Topics and articles", "Bookmark passage", "Add note"):
        assert any(n.name == wanted for n in shown), wanted


def focus_path(desk, presses: int) -> list[str]:
    """Where the focus goes at each Tab ('same' where Tab moved inside a control, e.g. between links)."""
    seen = []
    with desk.listen("StateChanged") as queue:
        for _ in range(presses):
            desk.press(TAB)
            try:
                seen.append(desk.next_focus(queue, timeout=1.5))
            except TimeoutError:
                seen.append("same")
    return seen


def test_tab_moves_through_the_main_tasks_in_order(desktop):
    """From the article (where the click put the caret), Tab goes past its links to the notes, then comes
    round to the filter, the topic tree and the article again; Ctrl+P opens the sheet with its title field."""
    path = ["label: Article", *focus_path(desktop, 18)]
    order = ["label: Article", "page tab list: Bookmarks", "list: Bookmarks", "text: Filter topics",
             "tree: Topics and articles"]  # fmt: skip
    where = [path.index(step) for step in order]
    assert where == sorted(where), path
    assert "label: Article" in path[where[-1]:], path
    with desktop.listen("StateChanged") as queue:
        desktop.press(ord("p"), "Control")
        assert desktop.next_focus(queue) == "text: Title"


def test_messages_and_saving_are_announced(desktop):
    with desktop.listen("Announcement") as queue:
        desktop.press(KEY_D, "Control")  # bookmark the paragraph at the caret, where the click put it
        said = desktop.a11y.recv_until_filtered(queue, timeout=10)
        assert said.body[3] == ("s", "Passage bookmarked.")
        desktop.press(KEY_N, "Control", "Shift")  # a note on that bookmark
        for letter in "hello":
            desktop.press(ord(letter))
        heard = [desktop.a11y.recv_until_filtered(queue, timeout=10).body[3][1]]
        while heard[-1] != "Saved":
            heard.append(desktop.a11y.recv_until_filtered(queue, timeout=10).body[3][1])
        assert heard[0].startswith("You are typing in the note on")
