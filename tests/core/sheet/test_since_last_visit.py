"""'Since my last visit' and 'My medicines and supplements' on the sheet (issue 19), with a fixed clock."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import markdown

from mgreader.core import disclaimer as disclaimer_module
from mgreader.core.journal.model import CheckIn, Medicine, MedicineChange, Symptom, Visit
from mgreader.core.journal.timing import TimingRule
from mgreader.core.notes.store import Bookmark, Note
from mgreader.core.paths import bundled_dir
from mgreader.core.sheet import formats, journal_formats, since
from mgreader.core.sheet.rules import SheetContent

TODAY = date(2026, 3, 8)  # a Sunday
VISIT_DAY = date(2026, 3, 1)
DISCLAIMER = disclaimer_module.load(bundled_dir("resources"))


def stamp(day: str, hour: int = 12) -> str:
    """UTC; at midday the local calendar day is the same in every time zone the tests run in."""
    return f"{day}T{hour:02d}:00:00.000000Z"


def visit(recorded: str = "2026-03-01") -> Visit:
    return Visit("v", VISIT_DAY, "Dr. K", "Review", stamp(recorded), stamp(recorded))


def note(ident: str, body: str, created: str, updated: str = "", *, state=None, answer: str = "") -> Note:
    return Note(ident, "", body, None, None, state is not None, state, answer, created, updated or created)


def bookmark(ident: str, quote: str, created: str) -> Bookmark:
    return Bookmark(ident, "a", quote, "", "", 0, "h", "yellow", "", False, created, created)


NOTES = [
    note("before", "Written before the visit.", stamp("2026-02-20")),
    note("new", "Written after the visit.", stamp("2026-03-02")),
    note("edited", "Old note, edited after.", stamp("2026-02-10"), stamp("2026-03-05")),
    note("answered", "Can I take it at night?", stamp("2026-02-01"), stamp("2026-03-04"),
         state="answered", answer="Yes, with food."),
    note("old-answer", "Answered long ago?", stamp("2026-01-01"), stamp("2026-02-01"),
         state="answered", answer="Yes."),
    note("to-ask", "Still to ask, from before.", stamp("2026-02-01"), state="to_ask"),
]  # fmt: skip
BOOKMARKS = [
    bookmark("old", "A passage kept from before.", stamp("2026-02-01")),
    bookmark("fresh", "A passage bookmarked after.", stamp("2026-03-03")),
    bookmark("gone", "A passage the article lost.", stamp("2026-02-01")),
]
ENERGY = {date(2026, 2, 27): 9, date(2026, 3, 2): 3, date(2026, 3, 3): 5, date(2026, 3, 4): 4,
          date(2026, 3, 5): 6, date(2026, 3, 6): 2}  # fmt: skip
CHECKINS = [
    CheckIn(day, energy, (Symptom("Pain", 1 + energy % 3),), day == date(2026, 3, 6), "",
            stamp(day.isoformat(), 20), stamp(day.isoformat(), 20))
    for day, energy in ENERGY.items()
]  # fmt: skip
CHANGES = [
    MedicineChange("c1", "m", date(2026, 2, 20), "started", "Magnesium glycinate 1 capsule",
                   stamp("2026-02-20")),
    MedicineChange("c2", "m", date(2026, 3, 4), "dose", "Magnesium glycinate: 1 capsule -> 2 capsule",
                   stamp("2026-03-04")),
]  # fmt: skip


def part(v: Visit | None = None, notes=NOTES, checkins=CHECKINS) -> since.SinceVisit:  # type: ignore[no-untyped-def]
    return since.since_last_visit(
        v or visit(), TODAY, notes, BOOKMARKS, checkins, CHANGES, {"m": "Magnesium glycinate"},
        lambda _id: "Muscles and cramps", lambda b: b.id != "gone", ["Pain"],
    )  # fmt: skip


def test_only_what_came_after_the_visit_is_listed():
    p = part()
    assert p.heading == "Since my last visit (1 March 2026)"
    assert p.visit_line == "Last visit: Review, with Dr. K"
    assert [(i.text, i.detail) for i in p.notes] == [
        ("Written after the visit.", "new"),
        ("Old note, edited after.", "edited"),
    ]
    assert [(i.text, i.detail) for i in p.answered] == [("Can I take it at night?", "Yes, with food.")]
    assert [i.text for i in p.bookmarks] == ["\u201cA passage bookmarked after.\u201d"]
    # A passage no longer found is news however old its bookmark is.
    assert [(i.text, i.detail) for i in p.not_found] == [
        ("\u201cA passage the article lost.\u201d", "Muscles and cramps")
    ]
    assert [i.text for i in p.changes] == [
        "4 March 2026: dose changed, Magnesium glycinate: 1 capsule -> 2 capsule"
    ]


def test_the_week_summary_covers_only_the_days_after_the_visit():
    (week,) = part().weeks
    assert week.monday == date(2026, 3, 2) and week.days_recorded == 5 and week.crash_days == 1
    energy = week.spread("Energy")
    assert energy is not None and (energy.lowest, energy.typical, energy.highest) == (2, 4, 6)
    assert journal_formats.week_line(week) == (
        "Week of 2 March 2026 (5 days recorded): Energy 2-6 (typically 4); Pain 1-3 (typically 2); "
        "crash days: 1"
    )


def test_a_visit_recorded_on_its_day_counts_what_came_after_the_recording():
    v = Visit("v", VISIT_DAY, "", "", stamp("2026-03-01", 12), stamp("2026-03-01", 12))
    notes = [note("morning", "In the waiting room.", stamp("2026-03-01", 9)),
             note("evening", "Back home.", stamp("2026-03-01", 15))]  # fmt: skip
    checkins = [replace(CHECKINS[1], day=VISIT_DAY, updated=stamp("2026-03-01", 15))]
    p = part(v, notes, checkins)
    assert [i.text for i in p.notes] == ["Back home."]
    assert p.start == VISIT_DAY and sum(w.days_recorded for w in p.weeks) == 1
    assert p.visit_line == "Last visit: 1 March 2026"


def test_a_visit_recorded_ahead_counts_from_the_day_after():
    ahead = part(visit(recorded="2026-02-25"))
    assert [i.text for i in ahead.notes] == ["Written after the visit.", "Old note, edited after."]
    assert ahead.start == date(2026, 3, 2)


def test_the_chart_is_drawn_for_the_period_only_when_days_were_recorded():
    drawn = since.with_chart(part())
    assert drawn.chart_png.startswith(b"\x89PNG")
    assert [c.day for c in drawn.days] == sorted(d for d in ENERGY if d > VISIT_DAY)
    assert since.with_chart(part(checkins=[])).chart_png == b""


def medicine(name: str, mg: float | None, kind: str | None = None, stopped: date | None = None) -> Medicine:
    return Medicine("", name, "tablet", 1, "tablet", 2, 1, "with food", None, stopped, mg, kind, "", "")


def test_medicines_now_with_the_magnesium_total_and_declared_timing_notes():
    rule = TimingRule("bisphosphonate", "A bisphosphonate", "Keep at least 2 hours between it and magnesium.",
                      "04-safe/04-medicines", "bone")  # fmt: skip
    meds = since.medicines(
        [medicine("Magnesium citrate", 150), medicine("Alendronate", None, "bisphosphonate"),
         medicine("Old one", 100, stopped=date(2026, 3, 1))],
        TODAY, [rule], lambda _id: "Medicines that interact with magnesium",
    )  # fmt: skip
    assert [(m.name, m.dose, m.when, m.magnesium) for m in meds.lines] == [
        ("Alendronate", "1 tablet", "twice a day, with food", ""),
        ("Magnesium citrate", "1 tablet", "twice a day, with food", "magnesium 150 mg a dose"),
    ]
    assert meds.total.startswith("Magnesium from supplements and medicines: 300 mg a day.")
    assert [(t.text, t.detail) for t in meds.timing] == [
        ("Alendronate: Keep at least 2 hours between it and magnesium.",
         "Source: Medicines that interact with magnesium"),
    ]  # fmt: skip


def sheet_with_parts(chart: bool = True) -> SheetContent:
    meds = since.medicines([medicine("Magnesium citrate", 150)], TODAY, [])
    p = since.with_chart(part()) if chart else part()
    return SheetContent("For my appointment", "", TODAY, (), (), (), DISCLAIMER, since=p, medicines=meds)


def test_every_format_carries_the_same_sections_in_the_same_order():
    content = sheet_with_parts()
    words = ["Since my last visit (1 March 2026)", "Last visit: Review, with Dr. K", "New or changed notes",
             "Written after the visit.", "Questions answered", "Can I take it at night?", "Yes, with food.",
             "New bookmarks", "Passages no longer found", "Medicine and dose changes", "4 March 2026",
             "My days, week by week", "Week of 2 March 2026", "My medicines and supplements",
             "Magnesium citrate: 1 tablet, twice a day, with food", "300 mg a day",
             DISCLAIMER.title]  # fmt: skip
    texts = {
        "md": formats.to_markdown(content, "sheet-chart.png"),
        "txt": formats.to_text(content),
        "html": re.sub(r"<style>.*?</style>", "", formats.to_html(content), flags=re.S),
    }
    for kind, text in texts.items():
        plain = text.replace("&#x27;", "'").replace("\\", "")
        if kind == "html":  # the weeks as a table: "Week of" heads the column of Mondays
            plain = plain.replace("Week of</th>", "").replace("<td>2 Mar</td>", "Week of 2 March 2026")
        positions = [plain.find(w) for w in words]
        assert -1 not in positions, (kind, [w for w, at in zip(words, positions, strict=True) if at < 0])
        assert positions == sorted(positions), kind
        assert "Written before the visit." not in plain
    # The chart: a picture file beside the Markdown, inline in the HTML, left out of the text.
    assert f"![{journal_formats.CHART_ALT}](sheet-chart.png)" in texts["md"]
    assert '<img src="data:image/png;base64,iVBOR' in texts["html"]
    assert "<img" in markdown.markdown(texts["md"]) and "png" not in texts["txt"]


def test_with_no_visit_the_sheet_says_so_and_offers_a_date():
    content = SheetContent("T", "", TODAY, (), (), (), DISCLAIMER, no_visit=True)
    for text in (formats.to_markdown(content), formats.to_text(content), formats.to_html(content)):
        assert "No visit is recorded yet" in text and "Only what changed since" in text
    assert not content.is_empty


def test_ruled_lines_under_each_question_still_to_ask_in_html():
    from mgreader.core.sheet.rules import Question

    asked = Question("Asked already?", "", "asked", "", "")
    open_ = Question("What should I do if this gets worse?", "", "to_ask", "", "")
    content = SheetContent("T", "", TODAY, (open_, asked), (), (), DISCLAIMER)
    page = formats.to_html(content)
    first, second = page.index('id="question-1"'), page.index('id="question-2"')
    assert page[first:second].count('<hr class="write">') == formats.WRITING_LINES
    assert "<hr" not in page[second : page.index("<footer")].removesuffix("<hr>\n")


def test_page_one_is_the_brief_then_the_top_three_starred_questions_then_the_rest():
    from mgreader.core.sheet import rules
    from mgreader.core.sheet.rules import SheetOptions

    questions = [note(f"q{n}", f"Question {n}?", stamp(f"2026-02-0{n}"), state="to_ask") for n in range(1, 7)]
    questions = [replace(q, starred=q.id in ("q2", "q4", "q5", "q6")) for q in questions]

    class NoArticles:
        def article(self, _id):  # type: ignore[no-untyped-def]
            return None

        def passage(self, _b):  # type: ignore[no-untyped-def]
            return None

    options = SheetOptions(today=TODAY)
    content = rules.compose(rules.select([], questions, options), options, NoArticles(), DISCLAIMER)  # type: ignore[arg-type]
    content = replace(content, brief=(("A good day", "Up for 4 hours"), ("A bad day", "In bed")))
    order = ["My illness in brief", "A good day", "Up for 4 hours", "A bad day", "My top questions",
             "1. Question 2?", "2. Question 4?", "3. Question 5?", "My other questions", "4. Question 6?",
             "5. Question 1?", "6. Question 3?"]  # fmt: skip
    for text in (formats.to_markdown(content), formats.to_text(content)):
        plain = text.replace("*", "")
        positions = [plain.find(part) for part in order]
        assert -1 not in positions and positions == sorted(positions), positions
    page = formats.to_html(content)
    assert page.index('id="brief"') < page.index('id="questions"') < page.index('id="questions-more"')


def test_the_brief_is_remembered_in_the_notes_file(tmp_path):  # type: ignore[no-untyped-def]
    from mgreader.core.notes.store import Store
    from mgreader.core.sheet import brief

    with Store.open(tmp_path / "notes.sqlite3") as store:
        brief.save(store.journal, {"good_day": "  Up for   4 hours ", "need": "A plan", "unknown": "x"})
    with Store.open(tmp_path / "notes.sqlite3") as store:
        kept = brief.load(store.journal)
    assert kept == {"good_day": "Up for 4 hours", "need": "A plan"}
    assert brief.lines(kept) == (("A good day", "Up for 4 hours"), ("What I need at this visit", "A plan"))


def test_the_medicines_on_the_sheet_go_by_name_numbers_by_value():
    names = ["Vitamin B12", "vitamin B6", "Électrolytes"]
    meds = since.medicines([medicine(name, None) for name in names], TODAY, [])
    assert [m.name for m in meds.lines] == ["Électrolytes", "vitamin B6", "Vitamin B12"]
