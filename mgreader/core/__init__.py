"""The Qt-free core of Mg Reader: content, rendering, links, settings. Never imports PySide6."""
