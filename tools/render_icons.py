"""Renders resources/icons/mgreader.svg to the PNG sizes desktops ask for. Run after changing the SVG:

    QT_QPA_PLATFORM=offscreen python tools/render_icons.py
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 (fonts for the SVG's text need a GUI application)
    renderer = QSvgRenderer(str(ICONS / "mgreader.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"mgreader-{size}.png"))


if __name__ == "__main__":
    main()
