"""``python -m mgreader``: the same as the ``mgreader`` command."""

from mgreader import console_main

console_main()
