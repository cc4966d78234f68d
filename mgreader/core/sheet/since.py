"""The sheet's journal parts (issue 19): "Since my last visit" and "My medicines and supplements".

``since_last_visit`` takes the records as values (notes, bookmarks, check-ins, medicine changes), so that the
rules are tested with a fixed clock and no store. What counts as "since" the visit: a record created or
changed on a later day than the visit (a note written in the waiting room on the day belongs to that visit).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from mgreader.core.dates import date_words
from mgreader.core.journal import magnesium, timing, weeks
from mgreader.core.journal.model import CheckIn, Medicine, MedicineChange, Visit
from mgreader.core.sheet import brief
from mgreader.core.sheet import rules as sheet_rules
from mgreader.core.sheet.journal_formats import CHART_WIDTH_PX as CHART_WIDTH_PX_AT_96
from mgreader.core.sheet.parts import Item, MedicineLine, Medicines, SinceVisit
from mgreader.core.sheet.rules import Lookup, SheetContent, SheetOptions
from mgreader.core.sort_key import name_key

if TYPE_CHECKING:
    from mgreader.core.disclaimer import Disclaimer
    from mgreader.core.journal.chart import ChartData
    from mgreader.core.journal.store import JournalStore
    from mgreader.core.notes.store import Bookmark, Note, Store


CHANGE_WORDS = {"started": "started", "stopped": "stopped", "dose": "dose changed,", "added": "added"}


def cutoff(visit: Visit) -> datetime:
    """The moment after which a change counts as "since" the visit: the end of the visit's day, or, for a
    visit recorded on its own day (back from the appointment), the moment it was recorded."""
    end_of_day = datetime.combine(visit.day + timedelta(days=1), time.min).astimezone()
    recorded = _moment(visit.created)
    return recorded if recorded is not None and recorded.astimezone().date() == visit.day else end_of_day


def _moment(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return None


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\u2026"


def since_last_visit(
    visit: Visit,
    today: date,
    notes: Iterable[Note],
    bookmarks: Iterable[Bookmark],
    checkins: Iterable[CheckIn],
    changes: Iterable[MedicineChange],
    medicine_names: dict[str, str],
    article_title: Callable[[str], str],
    found: Callable[[Bookmark], bool],
    chosen_symptoms: Iterable[str] = (),
) -> SinceVisit:
    """What changed after the visit (see ``cutoff``) up to ``today``, oldest first. A passage no longer
    found is listed however old its bookmark: the reader learns it now."""
    since = cutoff(visit)

    def after(stamp: str) -> bool:
        moment = _moment(stamp)
        return moment is not None and moment > since

    def later(day: date, stamp: str) -> bool:
        return day <= today and (day > visit.day or (day == visit.day and after(stamp)))

    new_notes, answered = [], []
    for note in sorted(notes, key=lambda n: n.updated):
        if not after(note.updated):
            continue
        text = _short(note.title or note.body) or "(empty note)"
        if note.is_question and note.question_state == "answered":
            answered.append(Item(text, note.answer.strip() or "Answered; no answer written down."))
        elif not note.is_question or after(note.created):
            new_notes.append(Item(text, "new" if after(note.created) else "edited"))
    added, lost = [], []
    for b in sorted(bookmarks, key=lambda b: b.created):
        item = Item(f"\u201c{_short(b.quote)}\u201d", article_title(b.article_id))
        if not found(b):
            lost.append(item)
        elif after(b.created):
            added.append(item)
    moves = [
        Item(f"{date_words(c.day)}: {CHANGE_WORDS.get(c.what, c.what)} "
             f"{c.detail or medicine_names.get(c.medicine_id, 'a medicine')}")
        for c in changes if later(c.day, c.created)
    ]  # fmt: skip
    days = [c for c in checkins if later(c.day, c.updated)]
    start = min([visit.day + timedelta(days=1), *(c.day for c in days)])
    summary = tuple(weeks.summarise(days, start, today, chosen_symptoms)) if start <= today else ()
    return SinceVisit(
        visit, tuple(new_notes), tuple(answered), tuple(added), tuple(lost), tuple(moves), summary,
        start=start, days=tuple(days), moves=tuple(c for c in changes if later(c.day, c.created)),
    )  # fmt: skip


# The chart on paper: drawn at the size the sheet places it (journal_formats.CHART_WIDTH_PX at 96 pixels an
# inch: 5.625 inches) at 200 dots an inch, so its text (10 pt x CHART_SCALE) prints at 13 pt, never under
# large print's 12; 1.9 inches tall, so that the sheet still fits on two pages of Letter.
CHART_DPI = 200
CHART_SCALE = 1.3
CHART_WIDTH_PX = CHART_WIDTH_PX_AT_96 * CHART_DPI // 96
CHART_HEIGHT_PX = 380


def with_chart(part: SinceVisit) -> SinceVisit:
    """The part with the journal's chart for its period drawn (light theme: paper is white)."""
    from dataclasses import replace

    from mgreader.core.journal import chart
    from mgreader.core.theme import LIGHT

    if not part.days:
        return part
    return replace(part, chart_png=chart.render_png(
        chart_data(part), LIGHT, CHART_WIDTH_PX, CHART_SCALE, CHART_DPI, CHART_HEIGHT_PX, paper=True
    ))


def chart_data(part: SinceVisit) -> ChartData:
    """What the part's chart shows: its weeks, from the visit to the last week's Sunday."""
    from mgreader.core.journal import chart

    end = part.weeks[-1].sunday if part.weeks else part.start
    count = max(1, math.ceil(((end - part.start).days + 1) / 7))
    return chart.chart_data(part.days, part.moves, end, count)


def medicines(
    meds: Iterable[Medicine],
    today: date,
    rules: Iterable[timing.TimingRule],
    article_title: Callable[[str], str] = str,
) -> Medicines:
    """The medicines and supplements taken now (started, not stopped), with the day's magnesium total and
    the timing notes the library declares for them."""
    current = [m for m in meds if m.active_on(today)]
    lines = tuple(
        MedicineLine(
            m.name,
            m.dose_text(),
            m.schedule_text(),
            f"magnesium {m.magnesium_mg:g} mg a dose" if m.magnesium_mg is not None else "",
        )
        for m in sorted(current, key=lambda m: name_key(m.name))
    )
    total = magnesium.highest_day(current, today).summary() if current else ""
    notes = tuple(
        Item(f"{n.medicine.name}: {n.rule.advice}", f"Source: {article_title(n.rule.article)}")
        for n in timing.notes_for(current, rules)
    )
    return Medicines(lines, total, notes)


def from_journal(
    journal: JournalStore,
    today: date,
    notes: Iterable[Note],
    bookmarks: Iterable[Bookmark],
    article_title: Callable[[str], str],
    found: Callable[[Bookmark], bool],
    chart: bool = True,
) -> SinceVisit | None:
    """Since the last visit on or before ``today`` from the store; None when no visit is recorded."""
    visit = journal.last_visit(before=today)
    if visit is None:
        return None
    checkins, changes = journal.checkins(), journal.changes()
    names = {m.id: m.name for m in journal.medicines()}
    part = since_last_visit(
        visit,
        today,
        notes,
        bookmarks,
        checkins,
        changes,
        names,
        article_title,
        found,
        journal.symptom_choices(),
    )
    return with_chart(part) if chart else part


def attach(
    content: SheetContent,
    options: SheetOptions,
    journal: JournalStore | None,
    notes: Iterable[Note],
    bookmarks: Iterable[Bookmark],
    lookup: Lookup,
    rules: Iterable[timing.TimingRule] = (),
    chart: bool = True,
) -> SheetContent:
    """``content`` with the journal's parts: the medicines always, "Since my last visit" when asked for."""
    from dataclasses import replace

    if journal is None:
        return content
    content = replace(content, brief=brief.lines(brief.load(journal)))

    def title(article_id: str) -> str:
        info = lookup.article(article_id)
        return info.title if info is not None else article_id

    meds = medicines(journal.medicines(), options.today, rules, title)
    content = replace(content, medicines=meds if meds.lines else None)
    if not options.since_last_visit:
        return content
    part = from_journal(
        journal, options.today, notes, bookmarks, title, lambda b: lookup.passage(b).found, chart
    )
    return replace(content, since=part, no_visit=part is None)


def gather(
    store: Store,
    options: SheetOptions,
    lookup: Lookup,
    disclaimer: Disclaimer,
    rules: Iterable[timing.TimingRule] = (),
    chart: bool = True,
) -> SheetContent:
    """The whole sheet from the notes file: ``rules.gather`` and the journal's parts."""
    bookmarks, notes = store.all_bookmarks(), store.notes()
    content = sheet_rules.compose(sheet_rules.select(bookmarks, notes, options), options, lookup, disclaimer)
    return attach(content, options, store.journal, notes, bookmarks, lookup, rules, chart)


def load_rules(roots: Iterable[Path]) -> list[timing.TimingRule]:
    """The timing rules the library folders declare; a damaged file gives none (the sheet never guesses)."""
    found: list[timing.TimingRule] = []
    for root in roots:
        try:
            found += timing.load(root)
        except timing.TimingRulesError:
            continue
    return found
