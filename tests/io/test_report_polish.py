"""Reports on a real desk: changed wording, the group's evidence and the archive in
every readable format; the history option with undo round trips collapsed; Markdown
spacing; plural counts; no word broken across lines in a PDF table."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from claimdesk.core import archive, articles, claims, groups, refresh, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.report import build_report
from claimdesk.core.sources import SourceDraft
from claimdesk.io.export_csv import render_csv
from claimdesk.io.export_html import render_html
from claimdesk.io.export_markdown import render_markdown

TEXT = "Trade\n\nOfficials say exports rose by 20 percent last year in the review."
QUOTE = "exports rose by 20 percent last year"


@pytest.fixture
def desk(session: Session) -> dict[str, int]:
    a = articles.add_article(session, ArticleDraft(text=TEXT)).id
    c1 = claims.create_claim_by_quote(session, a, QUOTE, actor="ana").id
    src = sources.add_source(session, SourceDraft(url="https://stats.example/t", title="Stats"))
    body = b"%PDF-1.4 the bulletin"
    archive.add_snapshot(
        session,
        src.id,
        archive.Capture(body, "application/pdf", datetime(2026, 12, 2, 14, 3, tzinfo=UTC)),
        actor="ana",
    )
    sources.link_evidence(session, c1, src.id, "contradicts", actor="ana")
    verify.set_status(session, c1, "false", actor="ana", rationale="Stats disagree.")
    verify.set_status(session, c1, "unverified", actor="ana")  # an undo ...
    verify.set_status(session, c1, "false", actor="ana", rationale="Stats disagree.")  # redo
    b = articles.add_article(session, ArticleDraft(text="Other\n\nIt said " + QUOTE + ".")).id
    c2 = claims.create_claim_by_quote(session, b, QUOTE, actor="ana").id
    groups.confirm_match(session, c2, c1, actor="ana")
    new = TEXT.replace("rose by 20", "rose by 25")
    refresh.refresh_article(session, a, ArticleDraft(text=new), actor="ed")
    return {"first": c1, "second": c2, "sha": int(hashlib.sha256(body).hexdigest(), 16)}


def test_every_report_shows_wording_shared_evidence_and_the_archive(
    session: Session, desk: dict[str, int]
) -> None:
    report = build_report(session, with_history=True)
    sha = f"{desk['sha']:064x}"[:12]
    page = render_html(report)
    assert "Needs re-check" in page and "rose by 20 percent" in page and "rose by 25" in page
    assert f"sha256 {sha}" in page and "archived 2026-12-02 14:03 UTC" in page
    assert f"shared from claim {desk['first']}" in page
    assert "No evidence linked" not in page  # no verdict beside "No evidence linked"
    assert "2 claims in 2 articles" in page
    md = render_markdown(report)
    assert "**Needs re-check:**" in md and f"sha256 {sha}" in md
    assert f"shared from claim {desk['first']}" in md and "2 claims in 2 articles" in md
    csv = render_csv(report)
    assert "needs_recheck" in csv.splitlines()[0]


def test_markdown_keeps_the_spaces_around_the_bolded_quote(
    session: Session, desk: dict[str, int]
) -> None:
    md = render_markdown(build_report(session))
    assert "say **exports rose by 25 percent last year** in" in md


def test_history_option_and_round_trips(session: Session, desk: dict[str, int]) -> None:
    internal = build_report(session, with_history=True)
    c1 = next(c for c in internal.claims if c.id == desk["first"])
    moves = [(h.from_status, h.to_status) for h in c1.history if h.from_status != h.to_status]
    assert moves == [(None, "unverified"), ("unverified", "false")]  # the undo pair is gone
    assert "History" in render_html(internal)
    public = build_report(session, with_history=False)
    assert all(c.history == () for c in public.claims)
    assert "<h3>History</h3>" not in render_html(public)
    assert "<summary>History</summary>" not in render_markdown(public)
    from claimdesk.core.report import Scope

    one = build_report(session, Scope(claim_ids=(desk["first"],)))
    assert "1 claim in 1 article" in render_html(one)


def test_pdf_tables_break_no_word(session: Session, desk: dict[str, int], tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtGui", reason="PySide6 is needed to render PDFs")
    from pypdf import PdfReader

    from claimdesk.ui.export_pdf import export_pdf

    out = tmp_path / "r.pdf"
    export_pdf(build_report(session), out)
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Contradicts" in text
    assert "Contradic\n" not in text
