"""The desktop integration files are well formed and agree with each other."""

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

RESOURCES = Path(__file__).parent.parent / "resources"


def test_desktop_entry_launches_the_command_with_the_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(RESOURCES / "mgreader.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert (section["Type"], section["Exec"], section["Icon"]) == ("Application", "mgreader", "mgreader")
    assert section["Categories"].endswith(";")


def test_appstream_metadata_names_the_desktop_file_and_binary():
    root = ET.parse(RESOURCES / "io.github.mgreader.MgReader.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("launchable") == "mgreader.desktop"
    assert root.find("provides").findtext("binary") == "mgreader"
    assert "not medical advice" in ET.tostring(root.find("description"), encoding="unicode")


def test_icon_pngs_match_their_sizes():
    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(str(RESOURCES / "icons" / f"mgreader-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (RESOURCES / "icons" / "mgreader.svg").read_text(encoding="utf-8").startswith("<svg")
