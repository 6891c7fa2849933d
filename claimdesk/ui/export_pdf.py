"""The report as an A4 PDF, rendered by Qt from the same HTML as the HTML export.

Qt is only imported here (claimdesk.ui), and the command line loads this module only when
asked for a PDF.  Works without a display under ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

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
from claimdesk.io.export_common import ExportFailed, atomic_path
from claimdesk.io.export_html import render_html

RESOLUTION = 300  # layout units per inch; text stays vector, this only sets the grid
MARGINS_MM = QMarginsF(16, 16, 16, 14)
FOOTER_MM = 8.0
BASE_FONT_PT = 10


def ensure_app() -> QGuiApplication:
    """Qt's text layout needs an application object; make one when running headless."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
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


def _footer(report: Report, page: int, pages: int) -> str:
    who = f"{report.organisation} \u00b7 " if report.organisation else ""
    return f"{who}{report.title} \u00b7 {report.generated_at:%Y-%m-%d}"


def write_pdf(html: str, path: Path, report: Report) -> int:
    """Render ``html`` to ``path``; returns the number of pages."""
    ensure_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(report.title)
    writer.setCreator("claimdesk")
    paint = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer_px = FOOTER_MM / 25.4 * RESOLUTION
    body_h = paint.height() - footer_px

    painter = QPainter()
    if not painter.begin(writer):
        raise ExportFailed(f"Cannot write the PDF {path}.")
    try:
        doc = make_document("", paint.width())
        # Lay the text out for the PDF's own resolution so point sizes come out right.
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(html)
        doc.setPageSize(QSizeF(paint.width(), body_h))
        pages = max(1, doc.pageCount())
        small = QFont("DejaVu Sans")
        small.setPointSizeF(7.5)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * body_h)
            doc.drawContents(painter, QRectF(0, page * body_h, paint.width(), body_h))
            painter.restore()
            # Page numbers are drawn by hand: QTextDocument has no running footer.
            painter.setFont(small)
            painter.setPen(Qt.GlobalColor.darkGray)
            foot = QRectF(0, body_h + footer_px * 0.3, paint.width(), footer_px * 0.7)
            painter.drawLine(0, int(body_h + footer_px * 0.2), int(paint.width()),
                             int(body_h + footer_px * 0.2))
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             _footer(report, page, pages))
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             f"Page {page + 1} of {pages}")
    finally:
        painter.end()
    return pages


def export_pdf(report: Report, path: Path, *, force: bool = False,
               with_article_text: bool = False) -> int:
    html = render_html(report, with_article_text=with_article_text)
    with atomic_path(Path(path), force=force) as tmp:
        return write_pdf(html, tmp, report)


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
