"""The appointment sheet on paper: a PDF (or any paged device, such as a printer) drawn page by page from
the sheet's HTML, with the disclaimer and "Page 1 of 2" at the foot of every page (issue 7).

QtGui only (QTextDocument, QPdfWriter, QPainter): it needs a QGuiApplication, not QtWidgets, so that
``mgreader export`` works without a window or a display (QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
)

from mgreader.core.atomic import regular_target
from mgreader.core.sheet import formats, journal_formats
from mgreader.core.sheet.rules import SheetContent
from mgreader.core.version import __version__

PageSize = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
MARGINS_MM = QMarginsF(14, 11, 14, 10)
RESOLUTION = 300  # dots per inch of the PDF's coordinate system; text stays vector either way
FOOTER_POINTS = 12  # the disclaimer line: large print's smallest size
FOOTER_GAP_POINTS = 12  # between the text and the footer; the rule is drawn in the middle


# Groups that may run over a page: a table breaks between its rows.
FLOWING = ("since-weeks",)


class PdfError(OSError):
    """The PDF could not be written (the file could not be opened, or drawing failed)."""


def default_page_size(locale: QLocale | None = None) -> PageSize:
    """Letter where the locale measures in US units, A4 everywhere else."""
    system = (locale or QLocale()).measurementSystem()
    return "Letter" if system == QLocale.MeasurementSystem.ImperialUSSystem else "A4"


def page_layout(page_size: PageSize) -> QPageLayout:
    return QPageLayout(
        QPageSize(PAGE_SIZES[page_size]),
        QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def write_pdf(content: SheetContent, path: Path, page_size: PageSize | None = None) -> int:
    """Write the sheet to ``path`` as a large-print PDF; return the number of pages.

    The file appears whole or not at all: it is drawn beside ``path`` and renamed over it. Raises OSError
    (PdfError when Qt could not write the file)."""
    return write_html_pdf(
        sheet_html(content),
        formats.footer_text(content.disclaimer),
        path,
        page_size,
        content.title,
        images=sheet_images(content),
    )


def sheet_html(content: SheetContent) -> str:
    """The sheet's HTML for paper and the preview: the chart named as a resource (see ``sheet_images``)."""
    return formats.to_html(content, large_print=True, chart_src=journal_formats.CHART_RESOURCE)


def sheet_images(content: SheetContent) -> dict[str, bytes]:
    chart = content.since.chart_png if content.since is not None else b""
    return {journal_formats.CHART_RESOURCE: chart} if chart else {}


def add_images(document: QTextDocument, images: dict[str, bytes]) -> None:
    for name, data in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), QImage.fromData(data))


def write_html_pdf(
    body_html: str,
    footer: str,
    path: Path,
    page_size: PageSize | None = None,
    title: str = "",
    images: dict[str, bytes] | None = None,
) -> int:
    """Write any HTML as a PDF with ``footer`` and page numbers on every page; return the page count."""
    path = regular_target(path)  # never over a device, a pipe or a folder; through a link
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Qt reports a file it cannot open only as a failed QPainter.begin(); opening it here first turns
    # that into the real reason (no such folder, permission denied, read-only file system).
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # private, like the notes
    try:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(page_layout(page_size or default_page_size()))
        writer.setTitle(title)
        writer.setCreator(f"Mg Reader {__version__}")
        pages = paint(body_html, footer, writer, images)
        del writer  # closes the file
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return pages


def paint_sheet(content: SheetContent, device: QPagedPaintDevice) -> int:
    """The sheet on any paged device, e.g. the QPrinter the print dialog set up; returns the page count."""
    return paint(sheet_html(content), formats.footer_text(content.disclaimer), device, sheet_images(content))


def paint(
    body_html: str, footer: str, device: QPagedPaintDevice, images: dict[str, bytes] | None = None
) -> int:
    """Draw ``body_html`` on ``device`` (a QPdfWriter, or a QPrinter for the print dialog) one page at a
    time, with ``footer`` and "Page n of N" under each page; return the number of pages.

    The text is laid out once, in pages of the height left above the footer; each page is the same
    layout, moved up and clipped to that page."""
    painter = QPainter()
    if not painter.begin(device):
        raise PdfError("The PDF could not be written.")
    try:
        area = device.pageLayout().paintRectPixels(device.logicalDpiX())
        width, height = float(area.width()), float(area.height())
        scale = device.logicalDpiX() / 72.0  # device pixels per point
        footer_height = _footer(footer, "Page 99 of 99", device, width).size().height()
        # Whole device pixels: with a fractional page height, Qt put a line 0.02 px above a page's end on the
        # next page while the (pixel-aligned) clip still drew it on this one, and it was printed twice.
        body_height = float(math.floor(height - footer_height - FOOTER_GAP_POINTS * scale))

        document = QTextDocument()
        document.documentLayout().setPaintDevice(device)
        document.setDocumentMargin(0)
        add_images(document, images or {})
        document.setHtml(body_html)
        honour_point_sizes(document)
        document.setPageSize(QSizeF(width, body_height))
        _keep_together(document, body_height)
        pages = document.pageCount()

        for page in range(pages):
            if page and not device.newPage():
                raise PdfError("The PDF could not be written: a new page could not be started.")
            painter.save()
            painter.translate(0, -page * body_height)
            # A line moved to the next page starts exactly on the page boundary, and Qt draws (clipped,
            # invisible, but still in the PDF's text) every line that touches the clip: inset by a pixel,
            # so that copying or searching the PDF does not find such a line twice.
            document.drawContents(painter, QRectF(0, page * body_height + 1, width, body_height - 2))
            painter.restore()

            line_y = height - footer_height - FOOTER_GAP_POINTS * scale / 2
            painter.setPen(QPen(QColor("#777777"), max(1.0, scale * 0.5)))
            painter.drawLine(0, round(line_y), round(width), round(line_y))
            painter.save()
            painter.translate(0, height - footer_height)
            _footer(footer, f"Page {page + 1} of {pages}", device, width).drawContents(painter)
            painter.restore()
    finally:
        painter.end()
    return pages


def _keep_together(document: QTextDocument, page_height: float) -> None:
    """Start a question, a passage with its source and notes, or a note on a new page rather than split
    it, when it fits on one page; a heading or a rule stays with what follows it. (Qt's rich text has no
    "page-break-inside: avoid".) A group starts at a block carrying an id from the HTML (see
    ``formats.to_html``)."""
    # Lay the whole document out first: changing block formats in a document laid out only in part left
    # Qt's layout (and page count) cut short, and pages went missing from the PDF.
    document.size()
    groups: list[list[QTextBlock]] = []
    keep_with_next = False
    free: set[int] = set()  # groups that may run over a page (FLOWING)
    block = document.begin()
    while block.isValid():
        anchors = [a for f in _fragments(block) for a in f.charFormat().anchorNames()]
        if groups and (keep_with_next or not anchors):
            groups[-1].append(block)  # a rule (the ruled lines under a question) stays with its group
        else:
            groups.append([block])
            if any(a in FLOWING for a in anchors):
                free.add(len(groups) - 1)
        keep_with_next = block.blockFormat().headingLevel() > 0
        block = block.next()
    layout = document.documentLayout()
    for number, group in enumerate(groups):
        # A group that may run over a page still starts with its heading, the table's header row and its
        # first row together: never a heading alone at the foot of a page.
        kept = _lead(group) if number in free else group
        top = layout.blockBoundingRect(kept[0]).top()
        bottom = max(layout.blockBoundingRect(block).bottom() for block in kept)
        # Positions are read again for each group: a break moves everything after it.
        if bottom - top <= page_height and top // page_height != (bottom - 1) // page_height:
            block_format = group[0].blockFormat()
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            QTextCursor(group[0]).setBlockFormat(block_format)
    document.markContentsDirty(0, document.characterCount())
    document.size()


def _lead(group: list[QTextBlock]) -> list[QTextBlock]:
    """The blocks of a flowing group that must share a page: up to the end of its table's second row (the
    header row and the first row under it), or all of it when it holds no table."""
    for n, block in enumerate(group):
        table = QTextCursor(block).currentTable()
        if table is not None:
            return group[: n + 2 * table.columns()]  # one block a cell: the cells of two rows
    return group


def _fragments(block: QTextBlock) -> Iterator[QTextFragment]:
    fragments = block.begin()
    while not fragments.atEnd():
        yield fragments.fragment()
        fragments += 1


def honour_point_sizes(document: QTextDocument) -> None:
    """Qt gives <h1>..<h6> a relative size ("FontSizeAdjustment") that overrides the stylesheet's point
    size, so a large-print heading came out smaller than the text under it. Where a point size is set, it
    now wins."""
    adjustment, points = QTextFormat.Property.FontSizeAdjustment, QTextFormat.Property.FontPointSize
    cursor = QTextCursor(document)
    block = document.begin()
    while block.isValid():
        for fragment in _fragments(block):
            char_format = fragment.charFormat()
            if char_format.hasProperty(adjustment) and char_format.hasProperty(points):
                char_format.clearProperty(adjustment)
                cursor.setPosition(fragment.position())
                cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(char_format)
        block = block.next()


def _footer(text: str, page_label: str, device: QPagedPaintDevice, width: float) -> QTextDocument:
    footer = QTextDocument()
    footer.documentLayout().setPaintDevice(device)
    footer.setDocumentMargin(0)
    footer.setTextWidth(width)
    # One row: the disclaimer line on the left, the page number on the right.
    footer.setHtml(
        f'<table width="100%" cellspacing="0" cellpadding="0" style="font-size: {FOOTER_POINTS}pt; '
        f'color: #222222;"><tr><td>{html.escape(text)}</td>'
        f'<td align="right"><b>{html.escape(page_label)}</b></td></tr></table>'
    )
    return footer
