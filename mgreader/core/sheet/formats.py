"""The appointment sheet as Markdown, plain text and HTML (the PDF is drawn from the HTML)."""

from __future__ import annotations

import html
import re

from mgreader.core.dates import date_words, iso_words
from mgreader.core.disclaimer import Disclaimer
from mgreader.core.sheet import journal_formats
from mgreader.core.sheet.rules import EMPTY_SHEET, NOT_FOUND, SHORTENED, Passage, Question, SheetContent


def source_line(passage: Passage) -> str:
    """'Sleep, section "Magnesium at night", reviewed 24 November 2026'."""
    parts = [passage.article]
    if passage.heading:
        parts.append(f"section \u201c{passage.heading}\u201d")
    if passage.reviewed:
        parts.append(f"reviewed {iso_words(passage.reviewed)}")
    return ", ".join(parts)


def footer_text(disclaimer: Disclaimer) -> str:
    """The short line at the foot of every printed page: the disclaimer's title, pointing to the full text at
    the end of the last page. Short, so that it stays one line at 12 pt beside the page number."""
    return f"{disclaimer.title}. The full text is at the end of the sheet."


# Rendering


def to_markdown(content: SheetContent, chart_name: str = "") -> str:
    """``chart_name``: the file the caller writes the chart to, beside the Markdown ("" leaves it out)."""
    out = [f"# {_md(content.title)}", "", f"**{date_words(content.day)}**"]
    if content.about_me:
        out += ["", f"About me: {_md(content.about_me)}"]
    if content.is_empty:
        out += ["", EMPTY_SHEET]
    if content.brief:
        out += ["", f"## {BRIEF}", ""] + [f"- **{_md(label)}:** {_md(text)}" for label, text in content.brief]
    for heading, questions in question_groups(content):
        out += ["", f"## {heading}", ""]
        for number, q in questions:
            lead = f"{number}. "
            out.append(lead + _md(q.text))
            for line in _question_extras(q):
                out += ["", _indent(_md(line, hard_breaks=True), " " * len(lead))]
    out += journal_formats.to_markdown(content.since, content.no_visit, None, _md, chart_name)
    if content.passages:
        out += ["", "## What I read"]
        for p in content.passages:
            out += ["", _indent(_md(p.quote, hard_breaks=True), "> ")]
            out += ["", f"*{_md(source_line(p))}*"]
            out += [f"\n*{line}*" for line in _passage_remarks(p)]
            out += ["\n" + _md(f"My note: {note}", hard_breaks=True) for note in p.notes]
    if content.notes:
        out += ["", "## Other notes"]
        for n in content.notes:
            if n.title or n.about:
                out += ["", f"**{_md(n.title or 'Note')}**" + (f" ({_md(n.about)})" if n.about else "")]
            if n.body:
                out += ["", _md(n.body, hard_breaks=True)]
    out += journal_formats.to_markdown(None, False, content.medicines, _md, "")
    out += ["", "---", "", f"**{_md(content.disclaimer.title)}**", ""]
    out += ["\n\n".join(content.disclaimer.paragraphs)]
    return "\n".join(out).rstrip() + "\n"


def to_text(content: SheetContent) -> str:
    """Plain text for an e-mail or a patient portal: no markup, no hard line wraps (the receiver wraps)."""
    out = [content.title, date_words(content.day)]
    if content.about_me:
        out.append(f"About me: {content.about_me}")
    if content.is_empty:
        out += ["", EMPTY_SHEET]
    if content.brief:
        out += _text_heading(BRIEF) + [f"- {label}: {text}" for label, text in content.brief]
    for heading, questions in question_groups(content):
        out += _text_heading(heading)
        for number, q in questions:
            lead = f"{number}. "
            out.append(lead + q.text)
            out += [_indent(line, " " * len(lead)) for line in _question_extras(q)]
    out += journal_formats.to_text(content.since, content.no_visit, None)
    if content.passages:
        out += _text_heading("What I read")
        for i, p in enumerate(content.passages):
            out += [""] if i else []
            out.append(_indent(f"\u201c{p.quote}\u201d", "  "))
            out.append(f"    \u2014 {source_line(p)}")
            out += [f"    {line}" for line in _passage_remarks(p)]
            out += [_indent(f"My note: {note}", "    ") for note in p.notes]
    if content.notes:
        out += _text_heading("Other notes")
        for i, n in enumerate(content.notes):
            out += [""] if i else []
            if n.title or n.about:
                out.append((n.title or "Note") + (f" ({n.about})" if n.about else ""))
            if n.body:
                out.append(n.body)
    out += journal_formats.to_text(None, False, content.medicines)
    out += ["", "-" * 40, content.disclaimer.title]
    out += [p.replace("**", "") for p in content.disclaimer.paragraphs]
    return "\n".join(out) + "\n"


BODY_POINTS = 16.0  # large print: the body at 16 pt, headings larger
SMALL_POINTS = 12.0  # the smallest text on the sheet: sources, remarks, the disclaimer
WRITING_LINES = 2  # ruled lines under each question still to ask

# Qt's rich text (used for the PDF and the preview) understands this much CSS: no selectors beyond element
# and class, no borders on paragraphs. Colours stay dark on white for print and tired eyes.
_CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: %(size)spt;
       color: #111; background: #fff; max-width: 42em; margin: 0 auto; }
h1 { font-size: %(h1)spt; margin: 0 0 0.2em 0; }
h2 { font-size: %(h2)spt; margin: 0.6em 0 0.2em 0; }
h3 { font-size: %(h3)spt; margin: 0.4em 0 0.2em 0; }
p.question { margin: 0.6em 0 0.1em 0; }
hr.write { margin: 0.7em 0 0 0; }
p { margin: 0.3em 0; }
span.key { font-size: %(small)spt; font-weight: normal; }
p.date { font-weight: bold; margin-top: 0; }
ol li { margin-bottom: 0.6em; }
blockquote { margin: 0.8em 0 0.2em 1.2em; }
p.quote { font-size: %(size)spt; }
p.source { color: #333; font-size: %(small)spt; margin: 0.2em 0 0.2em 1.2em; }
p.remark { color: #333; font-size: %(small)spt; font-style: italic; margin: 0.1em 0 0.2em 1.2em; }
p.note { margin: 0.3em 0 1em 1.2em; }
p.about { color: #333; font-size: %(small)spt; }
.label { font-weight: bold; }
footer, div.disclaimer { font-size: %(small)spt; color: #222; margin-top: 0.5em; }
th { text-align: left; }
hr { margin-top: 0.6em; }
"""


def to_html(content: SheetContent, large_print: bool = True, chart_src: str | None = None) -> str:
    """A self-contained page: inline stylesheet, no scripts, no outside resources, every text escaped; the
    chart inline as a data: URL unless ``chart_src`` names an image resource (the PDF and the preview).

    Each section, question, passage and note begins with an element with an id: besides being link
    targets, they tell ``sheet_pdf`` which blocks belong together on a page."""
    size = BODY_POINTS if large_print else 11.0
    css = _CSS % {"size": f"{size:g}", "small": f"{max(SMALL_POINTS, size * 0.8):g}",
                  "h1": f"{size * 1.5:g}", "h2": f"{size * 1.3:g}", "h3": f"{size * 1.1:g}"}  # fmt: skip
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(content.title)}</title><style>{css}</style></head><body>",
        f"<h1>{_esc(content.title)}</h1>",
        f'<p class="date">{_esc(date_words(content.day))}</p>',
    ]
    if content.about_me:
        out.append(f'<p><span class="label">About me:</span> {_esc(content.about_me)}</p>')
    if content.is_empty:
        out.append(f"<p>{_esc(EMPTY_SHEET)}</p>")
    if content.brief:
        out.append(f'<h2 id="brief">{_esc(BRIEF)}</h2>')
        for number, (label, text) in enumerate(content.brief, 1):
            out.append(f'<p id="brief-{number}"><span class="label">{_esc(label)}:</span> {_esc(text)}</p>')
    for group, (heading, questions) in enumerate(question_groups(content)):
        out.append(f'<h2 id="questions{"-more" if group else ""}">{_esc(heading)}</h2>')
        for number, q in questions:
            extras = "".join(f"<br>{_rich(line)}" for line in _question_extras(q))
            head = f"<b>{number}. {_esc(q.text)}</b>{extras}"
            out.append(f'<p id="question-{number}" class="question">{head}</p>')
            if q.state == "to_ask":  # room to write the answer: ruled lines on paper
                out += ['<hr class="write">'] * WRITING_LINES
    out += journal_formats.to_html(content.since, content.no_visit, None, chart_src)
    if content.passages:
        out.append('<h2 id="reading">What I read</h2>')
        for number, p in enumerate(content.passages, 1):
            quote = _esc(f"\u201c{p.quote}\u201d").replace("\n", "<br>")
            out.append(f'<blockquote id="passage-{number}"><p class="quote">{quote}</p></blockquote>')
            out.append(f'<p class="source">{_esc(source_line(p))}</p>')
            out += [f'<p class="remark">{_esc(line)}</p>' for line in _passage_remarks(p)]
            out += [f'<p class="note"><span class="label">My note:</span> {_rich(n)}</p>' for n in p.notes]
    if content.notes:
        out.append('<h2 id="notes">Other notes</h2>')
        for number, n in enumerate(content.notes, 1):
            about = f' <span class="about">({_esc(n.about)})</span>' if n.about else ""
            out.append(f'<p id="note-{number}"><b>{_esc(n.title or "Note")}</b>{about}</p>')
            if n.body:
                out.append(f'<p class="note">{_rich(n.body)}</p>')
    out += journal_formats.to_html(None, False, content.medicines, chart_src)
    out += ["<hr>", '<footer><div class="disclaimer">']
    # An id on each paragraph: on paper, each is kept whole and the text flows into what is left of the page.
    paragraphs = content.disclaimer.to_html().split("\n")
    paragraphs[0] = paragraphs[0].replace("<p>", f"<p><b>{_esc(content.disclaimer.title)}.</b> ", 1)
    out += [
        p.replace("<p>", f'<p id="disclaimer{f"-{n}" if n else ""}">', 1) for n, p in enumerate(paragraphs)
    ]
    out += ["</div></footer>", "</body></html>"]
    return "\n".join(out) + "\n"


BRIEF = "My illness in brief"
TOP_QUESTIONS = 3
TOP_HEADING = "My top questions"


def question_groups(content: SheetContent) -> list[tuple[str, list[tuple[int, Question]]]]:
    """The questions under their headings, numbered on: the first three starred ones as "My top
    questions" (page 1), then the rest; "My questions" when none is starred."""
    numbered = list(enumerate(content.questions, 1))
    top = [(n, q) for n, q in numbered if q.starred][:TOP_QUESTIONS]
    rest = [(n, q) for n, q in numbered if (n, q) not in top]
    if not top:
        return [("My questions", rest)] if rest else []
    return [(TOP_HEADING, top)] + ([("My other questions", rest)] if rest else [])


def _question_extras(q: Question) -> list[str]:
    lines = [q.details] if q.details else []
    if q.about:
        lines.append(f"About: {q.about}")
    if q.state == "answered":
        lines.append(f"Answer: {q.answer}" if q.answer else "Answered.")
    elif q.state == "asked":
        lines.append("Asked before" + (f"; answer: {q.answer}" if q.answer else "; no answer written down."))
    return lines


def _passage_remarks(p: Passage) -> list[str]:
    return ([] if p.found else [NOT_FOUND]) + ([SHORTENED] if p.shortened else [])


def _text_heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _rich(text: str) -> str:
    """The reader's own text as HTML: escaped, line breaks kept, **bold** shown as bold."""
    escaped = _esc(text)
    return re.sub(r"\*\*(\S(?:.*?\S)?)\*\*", r"<b>\1</b>", escaped).replace("\n", "<br>")


# Line starts that would make a heading or a rule (a setext underline, "---", "***", "___").
_MD_LINE_START = re.compile(r"^(\s*)(#|=+\s*$|-+\s*$|\*{3,}\s*$|_{3,}\s*$)")


def _md(text: str, hard_breaks: bool = False) -> str:
    """The reader's text, safe inside the sheet's Markdown: it cannot make headings or rules that break the
    sheet's structure, raw HTML, or pictures (which a viewer might fetch). Lists and emphasis stay."""
    lines = []
    for line in text.split("\n"):
        # An entity, not "\\<": python-markdown, unlike CommonMark, does not take that escape.
        line = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", line).replace("![", "\\![")
        line = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(line)
    return ("  \n" if hard_breaks else "\n").join(lines)
