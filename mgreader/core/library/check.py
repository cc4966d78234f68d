"""Checks a folder of articles for problems a writer should fix, and runs the ``mgreader check`` command.

Errors are what a reader would meet as a fault: a file the app cannot read or shows as garbled, a front
matter field of the wrong type, a link or anchor that goes nowhere, an image that is not shown. Warnings are
matters of quality: unknown fields, missing or repeated titles, text harder to read than grade 10.

The Markdown body is scanned with regexes, not python-markdown, so that checking a whole library stays fast
and every problem keeps its line number. Known limitations: only inline links and images (``[t](url)``,
``![a](src)``) are checked, not reference-style ones (``[t][ref]``); indented code blocks are read as text;
setext headings (underlined with ``===``) are not seen as anchors, as in headings.scan.
"""

from __future__ import annotations

import datetime
import difflib
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

from mgreader.core.files import inside
from mgreader.core.journal import timing
from mgreader.core.library import frontmatter, headings, readability, walk
from mgreader.core.library import scan as library
from mgreader.core.library.scan import ContentRoot
from mgreader.core.library.skipped import Skipped
from mgreader.core.render import includes
from mgreader.core.render.extensions import links
from mgreader.core.render.markdown import check_image_src
from mgreader.core.sort_key import NameKey, name_key
from mgreader.core.words import counted

Severity = Literal["error", "warning"]

MAX_GRADE = 10.0
# Below this many words the Flesch-Kincaid grade swings on one sentence, so it is not reported.
MIN_GRADED_WORDS = 100
# The hardest passage named in a grade warning must be long enough for its own grade to mean something.
MIN_PASSAGE_WORDS = 20
# Warnings of one kind up to this many are listed; more are counted (``--verbose`` lists them all).
FEW = 3

KNOWN_FIELDS = (
    "title", "order", "summary", "reviewed", "tags", "sources", "includes", "next-review", "reviewed-by",
)  # fmt: skip
_LIST_FIELDS = ("tags", "sources", "includes")
_DATE_FIELDS = ("reviewed", "next-review")
_OTHER_TOOLS_FIELDS = frozenset({"tag", "source", "orders", "review", "titles"})

_BOM = "\ufeff"
_FIELD_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# [text](url "title") and ![alt](src); the url may be in <...> and may hold one level of (...).
_LINK = re.compile(
    r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.)*)\]"
    r"\(\s*(<[^>\n]*>|(?:[^()\s\\]|\\.|\([^()\s]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_LEVEL1 = re.compile(r"^\s{0,3}#[ \t]+\S")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    severity: Severity
    message: str

    def format(self, base: Path) -> str:
        """'content/01-basics/x.md:12: error: ...', the path relative to ``base`` when it is inside it."""
        try:
            shown = self.path.relative_to(base).as_posix()
        except ValueError:
            shown = str(self.path)
        return f"{shown}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class _Article:
    """One file as the checks see it: the app's reference to it, its body and where the body starts."""

    ref: library.ArticleRef
    body: str
    body_line: int
    title_line: int
    anchors: frozenset[str] | None  # None: the file could not be read, so its anchors are unknown


def article_files(root: Path) -> list[Path]:
    """The article files under ``root`` that the library scan shows (dot-files skipped, see names.hidden)."""
    return walk.article_files(root)


def check_folder(
    root: Path, grades: bool = True, found: Callable[[Problem], None] | None = None
) -> list[Problem]:
    """Every problem in the articles under ``root``, in file and line order.

    ``found`` is called with each problem as soon as it is known: a file's own problems when it has been
    read, its links' once every file has been read (a link may point to any of them)."""
    content_root = ContentRoot(root)
    problems: list[Problem] = []
    skipped: list[Skipped] = []
    articles = []

    in_order = _ReaderOrder()

    def tell(start: int) -> None:
        if found is not None:
            for problem in sorted(problems[start:], key=lambda p: (p.line, p.severity, p.message)):
                found(problem)

    for path in sorted(walk.article_files(root, skipped), key=in_order):
        start = len(problems)
        articles.append(_check_file(content_root, path, problems, grades))
        tell(start)
    start = len(problems)
    for s in sorted(skipped, key=lambda s: in_order(s.path)):
        problems.append(Problem(s.path, 1, "warning", f"not checked: it {s.reason}"))
    tell(start)
    lib = library.Library((), {a.ref.id: a.ref for a in articles})
    by_path = {a.ref.path: a for a in articles}
    for article in articles:
        start = len(problems)
        problems.extend(_check_links(article, lib, by_path))
        tell(start)
    start = len(problems)
    problems.extend(_check_duplicates(articles))
    problems.extend(Problem(root / timing.RULES_FILE, 1, "error", m) for m in timing.problems(root, lib))
    tell(start)
    return sorted(problems, key=lambda p: (in_order(p.path), p.line, p.severity, p.message))


class _ReaderOrder:
    """The sort key of a path in the order the reader's lists have names (sort_key: 'Day 2' before
    'Day 10', 'Écho' beside 'Echo'), folder by folder. The walk's own order is by code point, and a name
    may be written in composed or decomposed accents (macOS writes the latter): the output would differ
    from one machine to another. A folder's key is made once for all its files."""

    def __init__(self) -> None:
        self._folders: dict[Path, tuple[NameKey, ...]] = {}

    def __call__(self, path: Path) -> tuple[NameKey, ...]:
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = tuple(map(name_key, path.parent.parts))
        return (*folder, name_key(path.name))


def _check_file(root: ContentRoot, path: Path, problems: list[Problem], grades: bool) -> _Article:
    """Checks that need only this file; returns what the links and duplicates checks need."""

    def report(line: int, severity: Severity, message: str) -> None:
        problems.append(Problem(path, line, severity, message))

    try:
        data, too_large = library.read_limited(path)
    except OSError as error:
        report(1, "error", f"cannot be read: {error.strerror or error}")
        return _Article(library.read_ref(root, path), "", 1, 1, None)
    if too_large:
        report(1, "error", library.too_large_message(path.stat().st_size))
        return _Article(library.read_ref(root, path), "", 1, 1, None)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        report(line, "error", f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")
        text = data.decode("utf-8", errors="replace")
    text = text.removeprefix(_BOM)  # the app reads through a byte-order mark, as editors write one

    front, front_error = frontmatter.read(text)
    fields, body, front_ok = frontmatter.app_fields(front.fields), front.body, front_error is None
    if front_error is not None:
        reason = str(front_error).removeprefix(f"line {front_error.line}: ")
        report(front_error.line, "error", f"front matter could not be read: {reason}")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    field_lines = _field_lines(text, body_line)
    for severity, name, message in _field_problems(fields):
        report(field_lines.get(name, 1), severity, message)
    if not body.strip():
        report(1, "error", "the article is empty: it has no text below its front matter")
    elif front_ok and "title" not in fields and not headings.scan(body, levels=(1,)):
        report(1, "warning", f"no title: add a 'title:' field (the app shows the file name, {path.stem!r})")
    for severity, message in includes.problems(root.path, fields, body):
        report(field_lines.get(includes.FIELD, 1), severity, message)
    grade = _grade_problem(body, body_line) if grades else None
    if grade is not None:
        report(*grade)

    ref = library.read_ref(root, path)
    anchors = frozenset(h.anchor for h in headings.scan(body, levels=range(1, 7)))
    title_line = field_lines.get("title") or _heading_line(body, body_line)
    return _Article(ref, body, body_line, title_line, anchors)


def _field_lines(text: str, body_line: int) -> dict[str, int]:
    """The line of each front matter key (first occurrence), for pointing at a bad field."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")[: max(body_line - 2, 0)], start=1):
        match = _FIELD_LINE.match(line)
        if match:
            found.setdefault(match.group(1).lower(), number)
    return found


def _field_problems(fields: dict[str, frontmatter.FrontValue]) -> Iterator[tuple[Severity, str, str]]:
    for name, value in fields.items():
        if name not in KNOWN_FIELDS:
            # Other tools' fields (Jekyll's layout, Obsidian's cssclasses ...) are fine; only a likely
            # misspelling of one of the app's is worth a word.
            close = difflib.get_close_matches(name, KNOWN_FIELDS, n=1, cutoff=0.8)
            if close and name not in _OTHER_TOOLS_FIELDS:
                yield "warning", name, f"unknown front matter field '{name}' (did you mean '{close[0]}'?)"
        elif name in _LIST_FIELDS:
            if isinstance(value, str):
                yield "error", name, f"the field '{name}' must be a list: '[a, b]' or '- item' lines below it"
        elif isinstance(value, list) and value:
            yield "error", name, f"the field '{name}' must be a single value, not a list"
        elif not value:
            yield "warning", name, f"the field '{name}' is empty"
        elif name == "order" and not _WHOLE_NUMBER.fullmatch(str(value)):
            yield "error", name, f"the field 'order' must be a whole number, not {value!r}"
        elif name in _DATE_FIELDS and not _is_date(str(value)):
            yield "error", name, f"the field '{name}' must be a date written YYYY-MM-DD, not {value!r}"


def _is_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _visible_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Each line of ``body`` with its number; fenced code comes out blank and inline code as spaces."""
    for number, line in enumerate(headings.outside_fences(body.split("\n")), start=first_line):
        yield number, "" if line is None else _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _check_links(article: _Article, lib: library.Library, by_path: dict[Path, _Article]) -> Iterator[Problem]:
    ref = article.ref
    article_dir = posixpath.dirname(ref.relpath)
    for number, line in _visible_lines(article.body, article.body_line):
        for match in _LINK.finditer(line):
            target = match.group(3).removeprefix("<").removesuffix(">")
            if match.group(1):
                message = _image_problem(target, article_dir, ref.root)
            else:
                message = _link_problem(target, article, lib, by_path)
            if message:
                yield Problem(ref.path, number, "error", message)


def _link_problem(href: str, article: _Article, lib: library.Library, by_path: dict[Path, _Article]) -> str:
    action = links.resolve(href, article.ref, lib)
    if isinstance(action, links.Refused):
        return f"broken link to '{href}': {action.reason.rstrip('.')}"
    if isinstance(action, links.ScrollTo):
        target = article
    elif isinstance(action, links.OpenArticle):
        ref = lib.get(action.article_id)
        found = by_path.get(ref.path) if ref is not None else None
        if found is None:
            return ""
        target = found
    else:
        return ""
    anchor = action.anchor
    if not anchor or target.anchors is None or anchor in target.anchors:
        return ""
    where = "this article" if target is article else target.ref.relpath
    close = difflib.get_close_matches(anchor, sorted(target.anchors), n=1)
    hint = f"; did you mean '#{close[0]}'?" if close else ""
    return f"broken anchor in link to '{href}': {where} has no heading with the anchor '{anchor}'{hint}"


def _image_problem(src: str, article_dir: str, root: Path) -> str:
    relative = check_image_src(src, article_dir)
    if relative is None:
        if links.SCHEME.match(src.strip()) or src.strip().startswith("//"):
            return f"remote image '{src}' is not shown (images must be files inside the library)"
        return f"image '{src}' is not shown (it must be a picture file inside the library)"
    if not _exists_exactly(root, relative):
        if (root / relative).exists():
            return f"image '{src}' is not shown (it is a link to a place outside the library)"
        return f"missing image '{src}' (no such file)"
    return ""


def _exists_exactly(root: Path, relative: str) -> bool:
    """Whether the file exists with exactly this spelling, also on file systems that ignore letter case."""
    folder = root
    for part in relative.split("/"):
        try:
            names = {entry.name for entry in folder.iterdir()}
        except OSError:
            return False
        if part not in names:
            return False
        folder = folder / part
    return folder.is_file() and inside(folder, root)


def _check_duplicates(articles: list[_Article]) -> Iterator[Problem]:
    first_by_id: dict[str, _Article] = {}
    first_by_title: dict[str, _Article] = {}
    for article in articles:  # in the reader's order: the later of two is the one reported
        ref = article.ref
        key = ref.relpath[: -len(library.ARTICLE_SUFFIX)].casefold()
        other = first_by_id.setdefault(key, article)
        if other is not article:
            message = (
                f"same id as {other.ref.relpath}: paths that differ only in letter case "
                "are one file on Windows and macOS"
            )
            yield Problem(ref.path, 1, "error", message)
        other = first_by_title.setdefault(ref.title.casefold(), article)
        if other is not article:
            message = f"the title '{ref.title}' is also used by {other.ref.relpath}"
            yield Problem(ref.path, article.title_line, "warning", message)


def _heading_line(body: str, first_line: int) -> int:
    """The line of the first '#' heading, where the app takes the title from; 1 when there is none."""
    return next((n for n, text in _visible_lines(body, first_line) if _LEVEL1.match(text)), 1)


def _grade_problem(body: str, first_line: int) -> tuple[int, Severity, str] | None:
    passages = list(readability.passages(_visible_lines(body, first_line)))
    whole = readability.total(passages)
    if whole.words < MIN_GRADED_WORDS or whole.grade <= MAX_GRADE:
        return None
    long_ones = [p for p in passages if p.words >= MIN_PASSAGE_WORDS] or passages
    hardest = max(long_ones, key=lambda p: p.grade)
    message = (
        f"reading grade {whole.grade:.1f} is above {MAX_GRADE:g} (Flesch-Kincaid); "
        f"the hardest passage, grade {hardest.grade:.1f}, starts on this line"
    )
    return hardest.line, "warning", message


def run(argv: list[str], default_dirs: list[Path], out: TextIO) -> int:
    """``mgreader check [DIR ...] [--strict] [--verbose]``: 0 when no errors, 1 with errors, 2 for bad
    arguments.

    Without DIR, checks ``default_dirs`` (the bundled library and the reader's), skipping those that do
    not exist. Errors are printed as each folder is checked; warnings are counted by kind at the end, one
    line each, with every one shown under ``--verbose``. ``--strict`` counts warnings as errors.
    """
    usage = "usage: mgreader check [DIR ...] [--strict] [--verbose] [--grades]"
    options = [a for a in argv if a.startswith("-")]
    if any(o in ("-h", "--help") for o in options):
        print(f"{usage}\n\n{_HELP}", file=out)
        return 0
    unknown = [o for o in options if o not in ("--strict", "--verbose", "-v", "--grades")]
    if unknown:
        print(f"mgreader check: unknown option {unknown[0]!r}\n{usage}", file=out)
        return 2
    verbose = "--verbose" in options or "-v" in options
    named = [Path(a) for a in argv if not a.startswith("-")]
    for folder in named:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            print(f"mgreader check: {str(folder)!r} {what}", file=out)
            return 2
    folders = named or [d for d in default_dirs if d.is_dir()]
    base = Path.cwd()
    count, errors, warnings = 0, 0, []
    for folder in folders:
        files = len(article_files(folder))
        count += files
        print(f"Checking {counted(files, 'article')} in {folder} ...", file=out, flush=True)

        def found(problem: Problem) -> None:
            nonlocal errors
            if problem.severity == "error":
                errors += 1
                print(problem.format(base), file=out, flush=True)
            else:
                warnings.append(problem)

        # Reading grades are for the writers of a library (--grades); to a reader's own notes they are noise.
        check_folder(folder, grades="--grades" in options, found=found)
    by_kind: dict[str, list[Problem]] = {}
    for problem in warnings:
        by_kind.setdefault(_kind(problem.message), []).append(problem)
    for kind, of_kind in sorted(by_kind.items(), key=lambda item: -len(item[1])):
        if verbose or len(of_kind) <= FEW:
            for problem in of_kind:  # a few are listed: their details are what helps
                print(problem.format(base), file=out)
        else:
            print(f"warning: {kind}: {counted(len(of_kind), 'file')} (--verbose lists them)", file=out)
    tally = f"{counted(errors, 'error')}, {counted(len(warnings), 'warning')}"
    summary = f"{counted(count, 'article')} checked: {tally}"
    print(summary, file=out)
    failed = errors or ("--strict" in options and warnings)
    return 1 if failed else 0


def _kind(message: str) -> str:
    """What a warning is about, without its particulars: 'reading grade', 'unknown front matter field'."""
    general = re.sub(r"'[^']*'", "'…'", message)
    general = re.sub(r"[0-9]+(?:\.[0-9]+)?", "N", general)
    return re.split(r" by | \(|;|: ", general, maxsplit=1)[0].strip() or message


_HELP = (
    "Checks folders of articles (default: the bundled library and yours). Errors are printed as they are\n"
    "found, one line each; warnings are counted by kind (--verbose lists every one). Exits 1 when there\n"
    "are errors, or with --strict also warnings; 2 for a bad argument. --grades also reports text harder\n"
    "to read than grade 10 (Flesch-Kincaid), for writers of a library."
)
