"""The report as CSV: one row per claim, or one row per evidence link.

Cells are neutralised so a statement such as ``=HYPERLINK(...)`` opens in a spreadsheet
as text, never as a formula.  The file starts with a UTF-8 byte order mark because Excel
otherwise reads UTF-8 as the local code page and mangles accents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from claimdesk.core.report import Report, ReportClaim
from claimdesk.io.export_common import iso, neutralise, write_atomic

CLAIM_COLUMNS = (
    "claim_id",
    "number",
    "article_id",
    "article_title",
    "article_url",
    "outlet",
    "quote",
    "statement",
    "claimant",
    "claim_date",
    "status",
    "verdict",
    "rationale",
    "tags",
    "kinds",
    "priority",
    "evidence_count",
    "supports",
    "contradicts",
    "context",
    "orphaned",
    "created_at",
    "updated_at",
    "verdict_at",
    "wording_before",
    "needs_recheck",
)
EVIDENCE_COLUMNS = (
    "source_title",
    "source_url",
    "publisher",
    "stance",
    "excerpt",
    "locator",
    "note",
    "accessed_at",
    "shared_from_claim",
    "archived_at",
    "archive_sha256",
)


def _claim_cells(report: Report, c: ReportClaim) -> list[object]:
    a = report.article(c.article_id)
    stances = [e.stance for e in c.evidence]
    return [
        c.id,
        c.number,
        c.article_id,
        a.title,
        a.url or "",
        a.outlet or "",
        c.quote,
        c.statement,
        c.claimant or "",
        c.claim_date or "",
        c.status,
        c.status_label,
        c.rationale,
        "; ".join(c.tags),
        "; ".join(c.kinds),
        c.priority,
        len(c.evidence),
        stances.count("supports"),
        stances.count("contradicts"),
        stances.count("context"),
        "yes" if c.orphaned else "no",
        iso(c.created_at),
        iso(c.updated_at),
        iso(c.verdict_at) or "",
        c.wording_before or "",
        "yes" if c.needs_recheck else "no",
    ]


def rows(report: Report, *, evidence_rows: bool = False) -> Iterable[Sequence[object]]:
    if not evidence_rows:
        yield CLAIM_COLUMNS
        for c in report.claims:
            yield _claim_cells(report, c)
        return
    yield CLAIM_COLUMNS + EVIDENCE_COLUMNS
    for c in report.claims:
        base = _claim_cells(report, c)
        if not c.evidence:  # keep claims without evidence visible in the sheet
            yield base + [""] * len(EVIDENCE_COLUMNS)
        for e in c.evidence:
            yield [
                *base,
                e.source_title,
                e.source_url or "",
                e.publisher or "",
                e.stance,
                e.excerpt,
                e.locator,
                e.note,
                iso(e.accessed_at) or "",
                e.shared_from or "",
                iso(e.archived_at) or "",
                e.archive_sha256 or "",
            ]


def render_csv(report: Report, *, evidence_rows: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows(report, evidence_rows=evidence_rows):
        writer.writerow([neutralise(v) for v in row])
    return buf.getvalue()


def export_csv(
    report: Report, path: Path, *, force: bool = False, evidence_rows: bool = False
) -> Path:
    return write_atomic(
        path, render_csv(report, evidence_rows=evidence_rows), force=force, encoding="utf-8-sig"
    )
