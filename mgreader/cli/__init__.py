"""The command line: `mgreader check`, `mgreader export`, `mgreader import` (one module per command).

The options that choose whose data and which library (--home DIR, --content DIR) may come before the command,
as in `mgreader --home DIR export ...`, or after it. A word that is not a command is answered with the
nearest command ("Did you mean 'mgreader check'?"), not with the window.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

COMMANDS = ("check", "export", "import")
LEADING = ("--home", "--content")  # options of the app that a command takes too


def split_leading(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the leading --home/--content options, the rest).

    ``--home DIR check`` -> (['--home', 'DIR'], ['check'])."""
    argv = list(argv)
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in LEADING and index + 1 < len(argv):
            index += 2
        elif word.partition("=")[0] in LEADING and "=" in word:
            index += 1
        else:
            break
    return argv[:index], argv[index:]


def dispatch(argv: Sequence[str]) -> int | None:
    """Run the command ``argv`` names and return its exit status; None when it names none (the window)."""
    leading, rest = split_leading(argv)
    if not rest or rest[0].startswith("-"):
        return None
    name = rest[0]
    if name == "check":
        from mgreader.cli import check

        return check.main([*leading, *rest[1:]])
    if name == "export":
        from mgreader.cli import export

        return export.main([*leading, *rest[1:]])
    if name == "import":
        from mgreader.cli import import_notes

        return import_notes.main([*leading, *rest[1:]])
    import difflib  # only for a mistyped command: not on the window's start-up path

    near = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
    hint = f" Did you mean 'mgreader {near[0]}'?" if near else ""
    print(f"mgreader: '{name}' is not a command (they are: {', '.join(COMMANDS)}).{hint}", file=sys.stderr)
    return 2
