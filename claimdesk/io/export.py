"""One entry point for every report format, shared by the command line and the window.

PDF is the exception: it is rendered by Qt, so it lives in ``claimdesk.ui.export_pdf``
and callers that want it import that module themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.report import Report

FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview", "webannotation")
FORMAT_LABELS = {
    "html": "HTML report (one self-contained file)",
    "pdf": "PDF report",
    "md": "Markdown, for editorial tools",
    "csv": "CSV, for spreadsheets",
    "json": "JSON, the whole desk (backup)",
    "claimreview": "ClaimReview JSON-LD (schema.org)",
    "webannotation": "W3C Web Annotation JSON-LD",
}
EXTENSIONS = {
    "html": ".html",
    "pdf": ".pdf",
    "md": ".md",
    "csv": ".csv",
    "json": ".json",
    "claimreview": ".jsonld",
    "webannotation": ".jsonld",
}


@dataclass(frozen=True)
class ExportOptions:
    force: bool = False
    with_article_text: bool = False
    evidence_rows: bool = False
    review_url: str | None = None


def write_report(fmt: str, report: Report, out: Path, options: ExportOptions) -> list[str]:
    """Write ``report`` as ``fmt`` (any format but pdf and json); return warnings."""
    if fmt == "html":
        from claimdesk.io.export_html import export_html

        export_html(report, out, force=options.force, with_article_text=options.with_article_text)
    elif fmt == "md":
        from claimdesk.io.export_markdown import export_markdown

        export_markdown(report, out, force=options.force)
    elif fmt == "csv":
        from claimdesk.io.export_csv import export_csv

        export_csv(report, out, force=options.force, evidence_rows=options.evidence_rows)
    elif fmt == "claimreview":
        from claimdesk.io.export_claimreview import export_claimreview

        return [
            str(p)
            for p in export_claimreview(
                report, out, force=options.force, review_url=options.review_url
            )
        ]
    elif fmt == "webannotation":
        from claimdesk.io.export_webannotation import export_webannotation

        export_webannotation(report, out, force=options.force)
    else:
        raise ValueError(f"write_report does not write {fmt}")
    return []
