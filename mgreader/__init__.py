"""Mg Reader: an offline reader for health articles about magnesium, fatigue and chronic illness."""

from __future__ import annotations

from mgreader.core.version import __version__

__all__ = ["__version__", "console_main", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the app (or a command such as ``check``) and return its exit status.

    Reuses an existing QApplication when there is one, so tests can drive it.
    """
    import gc
    import sys

    # Collection waits while the window's modules are imported and its first article is painted (about
    # 10 ms of collections over objects that all stay); app.run resumes it for a command, and by its end.
    gc.disable()
    if "shibokensupport.feature" in sys.modules:  # PySide6 is loaded already: spare its source scans now
        from mgreader.ui.window.start_up import spare_source_scans

        spare_source_scans()
    from mgreader.app import run

    return run(argv)


def console_main() -> None:
    """Entry point of the ``mgreader`` command."""
    raise SystemExit(main())
