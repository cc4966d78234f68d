"""The bundle's entry point (PyInstaller runs this file): the same as the `mgreader` command."""

from mgreader import console_main

console_main()
