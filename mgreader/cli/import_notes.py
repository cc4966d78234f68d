"""``mgreader [--home DIR] import FILE.json``: add the bookmarks and notes of an export, as File >
Import notes from a file does (mgreader.core.session.transfer.import_file): record by record, nothing
duplicated or deleted, all or nothing. The notes are backed up first, so an import can be undone with
File > Restore notes.

Exit status: 0 imported, 2 an error (one line on stderr saying what to do; nothing was changed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from mgreader.core.errors import MgReaderError
from mgreader.core.paths import AppPaths

PROG = "mgreader import"


class _Refused(Exception):
    """Ends the command with this one-line message on stderr and exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Refused(f"{message[:1].upper()}{message[1:]} (see '{PROG} --help').")


def _parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="Add the bookmarks and notes of a file saved with File > Export all notes (or "
        "'mgreader export --format json'). Nothing is duplicated or deleted; a record changed on both "
        "computers keeps the newer copy. Your notes are backed up first.",
    )  # fmt: skip
    parser.add_argument("file", metavar="FILE.json", type=Path, help="the export to add")
    parser.add_argument(
        "--home", metavar="DIR", help="add them to the notes kept under DIR (or set MGREADER_HOME); may also "
        "come before the command: mgreader --home DIR import FILE.json",
    )  # fmt: skip
    parser.add_argument("--content", type=Path, help=argparse.SUPPRESS)  # the app's option: no use here
    return parser


def main(argv: Sequence[str]) -> int:
    return run(argv, None, sys.stdout, sys.stderr)


def run(argv: Sequence[str], paths: AppPaths | None, out: TextIO, err: TextIO) -> int:
    """``paths``: whose notes (None: from --home, MGREADER_HOME or the usual folders)."""
    try:
        args = _parser().parse_args(list(argv))
        paths = paths or AppPaths.resolve(args.home)
        source = args.file.expanduser()
        if source.is_dir():
            raise _Refused(f"Cannot import {source}: it is a folder; give the export's file name.")
        if not source.is_file():
            raise _Refused(f"Cannot import {source}: there is no such file.")
        report = _import(source, paths)
    except _Refused as refused:
        err.write(f"{PROG}: {refused}\n")
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    out.write(f"Imported {source}: {report}\n")
    return 0


def _import(source: Path, paths: AppPaths) -> str:
    from mgreader.core.notes.backup import BackupManager
    from mgreader.core.session.transfer import import_file

    problems = paths.ensure()
    if problems:
        raise _Refused(f"Nothing imported: {problems[0]}")
    try:
        backup = BackupManager(paths.store_file, paths.backup_dir, lambda: datetime.now(UTC)).make_backup()
    except (MgReaderError, OSError) as error:
        raise _Refused(f"Nothing imported: your notes could not be backed up first. {error}") from error
    try:
        report = import_file(paths.store_file, source).value  # as the window imports (no window to tell)
    except (MgReaderError, OSError) as error:
        message = str(error).rstrip(".") + "."
        if "nothing was imported" not in message.lower():
            message = f"Nothing imported: {message}"
        raise _Refused(message) from error
    kept = f" Your notes as they were are backed up in {backup.path}." if backup is not None else ""
    return report.describe() + kept
