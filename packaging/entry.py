"""The bundle's entry point (PyInstaller runs this file): the same as the `mgreader` command."""

import multiprocessing

from mgreader import console_main

# The app's workers (the renderer's, the index text's, a big folder's scan) are spawned processes: in the
# bundle each runs this executable again, with multiprocessing's own arguments. PyInstaller's runtime hook
# makes freeze_support run the worker (or the resource tracker) and exit; without it the worker ran Mg
# Reader's command line, which refused those arguments, and every worker failed to start. PyInstaller has
# imported multiprocessing already (its runtime hook), so this costs the start nothing.
multiprocessing.freeze_support()
console_main()
