"""Importing the reader's own articles: the file each one is copied to, never overwriting another."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mgreader.core.files import read_regular

# Larger files are not formatted (scan.MAX_ARTICLE_BYTES) but may still be kept in the library.
MAX_IMPORT_BYTES = 50_000_000


@dataclass(frozen=True)
class ImportReport:
    imported: tuple[Path, ...] = ()  # where each copy now is, in the order asked
    failed: tuple[tuple[Path, str], ...] = field(default=())  # the file and why, in plain words


def target_name(folder: Path, source: Path) -> Path:
    """``name.md`` in ``folder``, or ``name (2).md``, ``name (3).md`` ... when that is taken."""
    target = folder / (source.stem + ".md")
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{source.stem} ({n}).md"
    return target


def import_files(sources: list[Path], folder: Path) -> ImportReport:
    """Copy each Markdown file into ``folder`` under a free name; one that cannot be copied is reported."""
    imported: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for source in sources:
        target = target_name(folder, source)
        try:
            # A regular file only, and not a huge one: /dev/zero would be copied until the disk is full.
            data = read_regular(source, MAX_IMPORT_BYTES, whole=True)
            folder.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:
                handle.write(data)
        except OSError as error:
            failed.append((source, f"{source.name} could not be copied into your library: {error.strerror}."))
            continue
        imported.append(target)
    return ImportReport(tuple(imported), tuple(failed))
