"""Timing notes declared by the bundled library, never guessed: "take magnesium 2 hours apart from X".

The rules live in ``timing-rules.toml`` beside the articles. Each names a kind of medicine, the advice, and
the article passage (article id and heading anchor) that explains it; ``mgreader check`` proves every
passage exists. A medicine gets a note only when the reader chose its kind: no rule, no warning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mgreader.core.errors import MgReaderError
from mgreader.core.journal.model import Medicine
from mgreader.core.library.scan import Library

RULES_FILE = "timing-rules.toml"
MAX_RULES_BYTES = 64_000


class TimingRulesError(MgReaderError):
    """The library's timing rules file could not be read."""


@dataclass(frozen=True)
class TimingRule:
    kind: str  # a stable key, stored with a medicine
    label: str  # what the reader picks: "a bisphosphonate, for example alendronate"
    advice: str  # the note shown: "Take magnesium at least 2 hours apart from it."
    article: str  # article id of the passage that explains it
    heading: str  # the heading anchor inside that article

    def question(self, medicine_name: str) -> str:
        """The question the reader may add for their clinician."""
        return f"Ask about timing with {medicine_name}: {self.advice}"


def load(folder: Path) -> list[TimingRule]:
    """The rules in ``folder/timing-rules.toml`` (none when the file is missing). A file that cannot be read
    raises TimingRulesError with a plain message; the app then shows no timing notes."""
    path = folder / RULES_FILE
    if not path.is_file():
        return []
    try:
        if path.stat().st_size > MAX_RULES_BYTES:
            raise TimingRulesError(f"{path.name} is too large to be timing rules.")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise TimingRulesError(f"{path.name} could not be read: {error}") from error
    return parse(data.get("rule", []), path.name)


def parse(entries: object, source: str = RULES_FILE) -> list[TimingRule]:
    if not isinstance(entries, list):
        raise TimingRulesError(f"{source}: expected [[rule]] tables.")
    rules: list[TimingRule] = []
    kinds: set[str] = set()
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, Mapping):
            raise TimingRulesError(f"{source}: rule {number} is not a table.")
        values = {}
        for key in ("kind", "label", "advice", "article", "heading"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise TimingRulesError(f"{source}: rule {number} needs a text “{key}”.")
            values[key] = value.strip()
        if values["kind"] in kinds:
            raise TimingRulesError(f"{source}: the kind “{values['kind']}” is declared twice.")
        kinds.add(values["kind"])
        rules.append(TimingRule(**values))
    return rules


@dataclass(frozen=True)
class TimingNote:
    medicine: Medicine
    rule: TimingRule


def notes_for(medicines: Iterable[Medicine], rules: Iterable[TimingRule]) -> list[TimingNote]:
    """A note for each current medicine whose chosen kind has a rule. Stopped medicines are left out."""
    by_kind = {rule.kind: rule for rule in rules}
    return [TimingNote(m, by_kind[m.kind]) for m in medicines if m.kind in by_kind and m.stopped is None]


def problems(folder: Path, library: Library) -> list[str]:
    """What ``mgreader check`` says of ``folder``'s rules file: unreadable, or a passage that is not there."""
    try:
        rules = load(folder)
    except TimingRulesError as error:
        return [str(error)]
    found = []
    for rule in rules:
        ref = library.get(rule.article)
        if ref is None:
            found.append(
                f"the timing rule '{rule.kind}' points to the article '{rule.article}', which is not there"
            )
        elif rule.heading not in {h.anchor for h in ref.headings}:
            found.append(
                f"the timing rule '{rule.kind}' points to '#{rule.heading}', not a heading of {rule.article}"
            )
    return found
