"""``mgreader export``: the appointment sheet as PDF, Markdown, HTML or text, or everything as JSON, without
opening the window (issue 7). The sheet follows the same rules as the sheet dialog (see core.sheet).

    mgreader export --sheet --format pdf|md|html|txt -o FILE [--since YYYY-MM-DD] [--since-last-visit] [--all]
                    [--title TEXT]
    mgreader export --format json -o FILE
    mgreader export --journal --format csv -o FILE   (or -o - to print it)

Exit status: 0 written, 1 nothing to export, 2 an error (one line on stderr saying what to do).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.atomic import regular_target, write_atomic
from mgreader.core.dates import date_words
from mgreader.core.errors import MgReaderError
from mgreader.core.library import scan as library
from mgreader.core.paths import AppPaths, bundled_dir
from mgreader.core.sheet import formats, journal_formats
from mgreader.core.sheet import lookup as sheet_lookup
from mgreader.core.sheet import rules as sheet
from mgreader.core.words import counted

if TYPE_CHECKING:
    from mgreader.core.notes.store import Store

PROG = "mgreader export"
SHEET_FORMATS = ("pdf", "md", "html", "txt")
FORMATS = (*SHEET_FORMATS, "json", "csv")
_BY_SUFFIX = {".pdf": "pdf", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
              ".txt": "txt", ".json": "json", ".csv": "csv"}  # fmt: skip


class ExportError(Exception):
    """Ends the command: ``str(error)`` goes to stderr and ``status`` is the exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the given streams and returns instead of calling sys.exit."""

    def __init__(self, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out, self._err = out, err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _Exit(status)

    def error(self, message: str) -> NoReturn:
        raise ExportError(message[:1].upper() + message[1:] + f" (see '{PROG} --help').")


def _parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out, err, prog=PROG,
        description="Save the appointment sheet (--sheet) or all your bookmarks and notes (--format json).",
        epilog="By default the sheet has the bookmarks marked 'include in appointment sheet' and every "
        "question still to ask. Exit status: 0 saved, 1 nothing to export, 2 an error.",
    )  # fmt: skip
    parser.add_argument("--sheet", action="store_true", help="the appointment sheet (pdf, md, html, txt)")
    parser.add_argument(
        "--journal", action="store_true", help="your daily check-ins as a spreadsheet (csv): one row per day"
    )
    parser.add_argument("--format", metavar="FORMAT", help="pdf, md, html, txt or json (default: from FILE)")
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="where to save; '-' prints text"
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only what you added or changed since that day")
    parser.add_argument("--all", action="store_true", help="every bookmark, note and question")
    parser.add_argument(
        "--since-last-visit", action="store_true", help="add what changed since the last visit you recorded"
    )
    parser.add_argument("--title", default="", help='a title line, such as "Appointment with Dr. K, 3 March"')
    parser.add_argument("--about", default=None, help="the 'about me' line (default: the one you saved)")
    parser.add_argument(
        "--page-size", choices=("A4", "Letter"), type=_page_size, help="for PDF (default: from locale)"
    )
    parser.add_argument("--content", metavar="DIR", type=Path, help="read the bundled library from DIR")
    parser.add_argument(
        "--home", metavar="DIR", help="export the notes kept under DIR (or set MGREADER_HOME); may also come "
        "before the command: mgreader --home DIR export ...",
    )  # fmt: skip
    return parser


def _page_size(value: str) -> str:
    return {"a4": "A4", "letter": "Letter"}.get(value.lower(), value)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line entry: ``--home DIR`` (or MGREADER_HOME) chooses whose notes are exported."""
    argv = list(sys.argv[2:] if argv is None else argv)
    home_parser = argparse.ArgumentParser(add_help=False)
    home_parser.add_argument("--home")
    known, rest = home_parser.parse_known_args(argv)
    return run(rest, AppPaths.resolve(known.home), sys.stdout, sys.stderr)


def run(argv: Sequence[str], paths: AppPaths, out: TextIO, err: TextIO) -> int:
    try:
        args = _parser(out, err).parse_args(list(argv))
        target = None if args.output == "-" else _writable(Path(args.output).expanduser())
        kind = _format(args)
        _check_options(args, kind)
        if kind == "json":
            return _export_json(paths, target, out)
        if kind == "csv":
            return _export_journal(paths, target, out)
        return _export_sheet(args, kind, paths, target, out)
    except _Exit as done:
        return done.status
    except ExportError as error:
        err.write(f"{PROG}: {error}\n")
        return error.status


def _format(args: argparse.Namespace) -> str:
    if args.format is None and args.output == "-":
        return "txt"  # printed: plain text is what a terminal and a pipe want
    if args.format is None:
        suffix = Path(args.output).suffix.lower()
        if suffix not in _BY_SUFFIX:
            raise ExportError(f"Say which format to save with --format {_either(FORMATS)}.")
        return _BY_SUFFIX[suffix]
    kind = str(args.format).lower().lstrip(".")
    kind = {"markdown": "md", "htm": "html", "text": "txt"}.get(kind, kind)
    if kind not in FORMATS:
        raise ExportError(f"'{args.format}' is not a format this can save; use {_either(FORMATS)}.")
    return kind


def _either(words: Sequence[str]) -> str:
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _check_options(args: argparse.Namespace, kind: str) -> None:
    if args.journal != (kind == "csv"):
        raise ExportError(
            "The journal is saved as CSV: mgreader export --journal --format csv -o FILE.csv."
            if args.journal
            else "CSV is for the journal: add --journal."
        )
    if kind == "json":
        sheet_only = (args.sheet, args.since, args.since_last_visit, args.all, args.title)
        if any(sheet_only) or args.about is not None:
            raise ExportError(
                "JSON export always holds all your bookmarks and notes; --sheet, --since, --all, --title "
                "and --about are for the appointment sheet (pdf, md, html or txt)."
            )
        if args.output == "-":
            raise ExportError("JSON export needs a file name: -o FILE.json.")
    elif kind == "pdf" and args.output == "-":
        raise ExportError("A PDF needs a file name: -o FILE.pdf.")


def _writable(path: Path) -> Path:
    """``path`` when a file can be saved there; a plain reason when not (checked before any work)."""
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name, such as {path / 'appointment.pdf'}.")
    if not folder.is_dir():
        blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if blocking is not None and not blocking.is_dir():
            raise ExportError(f"Cannot save {path}: {blocking} is a file, not a folder.")
        raise ExportError(f"Cannot save {path}: the folder {folder} does not exist.")
    if not _may(folder, os.W_OK | os.X_OK):
        raise ExportError(f"Cannot save {path}: you may not write in the folder {folder}.")
    if path.exists() and not _may(path, os.W_OK):
        raise ExportError(f"Cannot save {path}: the file is read-only.")
    try:
        regular_target(path)  # never a device, a pipe or anything else that is not a plain file
    except OSError as error:
        raise ExportError(f"Cannot save {path}: {error.strerror}.") from None
    return path


def _may(path: Path, mode: int) -> bool:
    effective = os.access in os.supports_effective_ids  # the user we act as, not the one who logged in
    return os.access(path, mode, effective_ids=effective)


def _open_store(paths: AppPaths) -> Store:
    if not paths.store_file.exists():  # never create a notes file just to find it empty
        raise ExportError("Nothing to export: you have no bookmarks or notes yet.", status=1)
    from mgreader.core.notes.store import Store

    try:
        return Store.open(paths.store_file)
    except MgReaderError as error:
        raise ExportError(str(error)) from error


def _export_sheet(
    args: argparse.Namespace, kind: str, paths: AppPaths, target: Path | None, out: TextIO
) -> int:
    since = None
    if args.since:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise ExportError(
                f"--since needs a date written year-month-day, such as 2026-03-03 (not '{args.since}')."
            ) from None
    options = sheet.SheetOptions(
        today=date.today(),
        title=args.title,
        about_me=_remembered_about_me(paths) if args.about is None else args.about,
        since=since,
        include_all=args.all,
        since_last_visit=args.since_last_visit,
    )
    from mgreader.core.library.scan import content_roots
    from mgreader.core.sheet import since as sheet_since

    roots = content_roots(paths, args.content)
    lookup = sheet_lookup.LibraryLookup(library.scan(roots))
    disclaimer = disclaimer_module.load(bundled_dir("resources"))
    with _open_store(paths) as store:
        try:
            chart = kind in ("pdf", "html", "md") and target is not None
            rules = sheet_since.load_rules([roots[0].path])
            content = sheet_since.gather(store, options, lookup, disclaimer, rules, chart)
        except MgReaderError as error:
            raise ExportError(str(error)) from error
    if content.is_empty:
        raise ExportError(_nothing_on_sheet(options), status=1)

    pages = ""
    if target is None:
        try:
            out.write(_render(content, kind))
            out.flush()  # a full disk or a closed pipe is reported, not met at exit
        except OSError as error:
            raise ExportError(f"Cannot write the sheet: {error.strerror or error}.") from error
        return 0
    try:
        if kind == "pdf":
            pages = f"; {_write_pdf(content, target, args.page_size)}"
        elif kind == "md" and content.since is not None and content.since.chart_png:
            # The chart is a picture file beside the Markdown, which names it.
            chart_path = journal_formats.chart_file(target)
            write_atomic(chart_path, content.since.chart_png, mode=0o600)
            write_atomic(target, formats.to_markdown(content, chart_path.name).encode("utf-8"), mode=0o600)
        else:
            write_atomic(target, _render(content, kind).encode("utf-8"), mode=0o600)
    except OSError as error:
        reason = error.strerror or str(error).rstrip(".")
        raise ExportError(f"Cannot save {target}: {reason}.") from error
    out.write(f"Saved the appointment sheet ({_summary(content)}{pages}) to {target}.\n")
    return 0


def _render(content: sheet.SheetContent, kind: str) -> str:
    if kind == "md":
        return formats.to_markdown(content)
    return formats.to_html(content) if kind == "html" else formats.to_text(content)


def _write_pdf(content: sheet.SheetContent, target: Path, page_size: str | None) -> str:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        # Without a display Qt cannot start its usual platform; the PDF needs none.
        if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] or "mgreader"])
    from mgreader.ui.sheet import sheet_pdf

    count = sheet_pdf.write_pdf(content, target, page_size)  # type: ignore[arg-type]
    return counted(count, "page")


def _summary(content: sheet.SheetContent) -> str:
    passages = counted(len(content.passages), "passage")
    with_notes = sum(1 for passage in content.passages if passage.notes)
    if with_notes and with_notes == len(content.passages):
        passages += " with a note" if with_notes == 1 else " with notes"
    elif with_notes:
        passages += f" ({with_notes} with a note)" if with_notes == 1 else f" ({with_notes} with notes)"
    parts = [counted(len(content.questions), "question"), passages]
    if content.notes:  # notes of their own (not on a passage), ticked for the sheet
        parts.append(counted(len(content.notes), "other note"))
    return ", ".join(parts)


def _nothing_on_sheet(options: sheet.SheetOptions) -> str:
    since = f" since {date_words(options.since)}" if options.since else ""
    if options.include_all:
        return f"Nothing to export: you have no bookmarks, notes or questions{since}."
    return (
        "Nothing to export: no bookmark is marked for the appointment sheet"
        f"{since} and no question is still to ask. Add --all to include every bookmark and note."
    )


def _remembered_about_me(paths: AppPaths) -> str:
    """The "about me" line the sheet dialog saved. Read only: a damaged settings file is the app's to
    handle (it moves it aside and tells the reader); an export leaves it as it is."""
    try:
        values = json.loads(paths.settings_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = values.get(sheet.ABOUT_ME_SETTING) if isinstance(values, dict) else None
    return value if isinstance(value, str) else ""


def _export_json(paths: AppPaths, target: Path | None, out: TextIO) -> int:
    assert target is not None  # _check_options refused '-'
    from mgreader.core.notes.transfer import export_json

    with _open_store(paths) as store:
        try:
            if not store.all_bookmarks(limit=1) and not store.notes():
                raise ExportError("Nothing to export: you have no bookmarks or notes yet.", status=1)
            export_json(store, target)
        except MgReaderError as error:
            raise ExportError(str(error)) from error
        except OSError as error:
            raise ExportError(f"Cannot save {target}: {error.strerror or error}.") from error
    out.write(f"Saved all your bookmarks and notes to {target}.\n")
    return 0


def _export_journal(paths: AppPaths, target: Path | None, out: TextIO) -> int:
    """The check-ins as CSV: a header row, one row per day, one column per rating, ISO dates."""
    from mgreader.core.journal.csv_export import to_csv

    with _open_store(paths) as store:
        try:
            checkins = store.journal.checkins()
            chosen = store.journal.symptom_choices()
        except MgReaderError as error:
            raise ExportError(str(error)) from error
    if not checkins:
        raise ExportError(
            "Nothing to export: you have not checked in yet (File > Check in, Ctrl+J).", status=1
        )
    text = to_csv(checkins, chosen)
    if target is None:
        out.write(text)
        return 0
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        raise ExportError(f"Cannot save {target}: {error.strerror or error}.") from error
    days = len(checkins)
    out.write(f"Saved {days} day{'s' if days != 1 else ''} of check-ins to {target}.\n")
    return 0
