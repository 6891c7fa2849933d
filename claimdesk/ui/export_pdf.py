"""The report as an A4 PDF, rendered by Qt from the same HTML as the HTML export.

Qt is only imported here (claimdesk.ui), and the command line loads this module only when
asked for a PDF.  Works without a display under ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from claimdesk.core.report import Report
from claimdesk.io.export_common import ExportFailed, atomic_path, check_pdf
from claimdesk.io.export_html import page, render_parts

RESOLUTION = 300  # layout units per inch; text stays vector, this only sets the grid
MARGINS_MM = QMarginsF(16, 16, 16, 14)
FOOTER_MM = 8.0
BASE_FONT_PT = 10
# Qt walks every line of a paragraph for each page it draws of it; longer texts are cut
# into paragraphs of at most this many characters so that layout stays linear.
MAX_BLOCK_CHARS = 3000


def ensure_app() -> QGuiApplication:
    """Qt's text layout needs an application object; make one when running headless."""
    app = QGuiApplication.instance()
    if app is None:
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # A QApplication, not a bare QGuiApplication: whoever comes next in the same
        # process (the window, a dialog) can then create widgets instead of aborting.
        app = QApplication([])
        # Shut Qt down while Python still runs: left to interpreter finalisation, the
        # application object is torn down after objects it owns and the process aborts.
        atexit.register(app.shutdown)
    return app  # type: ignore[return-value]


def make_document(html: str, width: float) -> QTextDocument:
    doc = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSizeF(BASE_FONT_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setTextWidth(width)
    return doc


def _footer(report: Report) -> str:
    who = f"{report.organisation} \u00b7 " if report.organisation else ""
    return f"{who}{report.title} \u00b7 {report.generated_at:%Y-%m-%d}"


def write_pdf(parts: list[str], path: Path, report: Report) -> int:
    """Render the HTML ``parts`` (each starting a page) to ``path``; returns the page count."""
    ensure_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(report.title)
    writer.setCreator("claimdesk")
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer_px = FOOTER_MM / 25.4 * RESOLUTION
    body_h = paint.height() - footer_px

    # Lay every part out first: "Page n of N" needs N before the first page is drawn.
    docs: list[QTextDocument] = []
    for part in parts:
        doc = make_document("", paint.width())
        # Lay the text out for the PDF's own resolution so point sizes come out right.
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(page(report, part))
        doc.setPageSize(QSizeF(paint.width(), body_h))
        docs.append(doc)
    pages = sum(max(1, d.pageCount()) for d in docs)

    painter = QPainter()
    if not painter.begin(writer):
        raise ExportFailed(f"Cannot write the PDF {path}.")
    small = QFont("DejaVu Sans")
    small.setPointSizeF(7.5)
    footer = _footer(report)
    number = 0
    try:
        for doc in docs:
            for i in range(max(1, doc.pageCount())):
                if number:
                    writer.newPage()
                number += 1
                painter.save()
                painter.translate(0, -i * body_h)
                doc.drawContents(painter, QRectF(0, i * body_h, paint.width(), body_h))
                painter.restore()
                _draw_footer(
                    painter,
                    paint.width(),
                    body_h,
                    footer_px,
                    small,
                    footer,
                    f"Page {number} of {pages}",
                )
    finally:
        painter.end()
        # The documents hold the writer as their paint device: free them first, or
        # Python may collect them after the writer and Qt touches a dead object.
        docs.clear()
        del writer
    return pages


def _draw_footer(
    painter: QPainter, width: float, top: float, height: float, font: QFont, left: str, right: str
) -> None:
    # Page numbers are drawn by hand: QTextDocument has no running footer.
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.darkGray)
    line_y = int(top + height * 0.2)
    painter.drawLine(0, line_y, int(width), line_y)
    box = QRectF(0, top + height * 0.3, width, height * 0.7)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)


def export_pdf(
    report: Report, path: Path, *, force: bool = False, with_article_text: bool = False
) -> int:
    parts = render_parts(report, with_article_text=with_article_text, block_chars=MAX_BLOCK_CHARS)
    pages = 0

    def complete(tmp: Path) -> None:
        # Qt reports no write errors: read the file back before it replaces anything.
        check_pdf(tmp, pages, target=Path(path))

    with atomic_path(Path(path), force=force, check=complete) as tmp:
        pages = write_pdf(parts, tmp, report)
    return pages


def render_png(html: str, path: Path, width_px: int = 900, max_height_px: int = 1400) -> Path:
    """A screenshot of the HTML as Qt lays it out (for documentation)."""
    ensure_app()
    doc = make_document(html, width_px - 40)
    height = min(int(doc.size().height()) + 40, max_height_px)
    image = QImage(width_px, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(20, 20)
    doc.drawContents(painter, QRectF(0, 0, width_px - 40, height - 40))
    painter.end()
    image.save(str(path))
    return path
