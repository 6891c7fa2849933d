"""PDF layout stays linear in the length of a text: doubling a rationale roughly doubles
the time (Qt drew every line of one long paragraph for each page: 1 MB took 9.5 s and
10 MB over ten minutes)."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session
from test_export_desk import populate

from claimdesk.core import verify
from claimdesk.core.report import Report, build_report

pytest.importorskip("PySide6.QtGui", reason="PySide6 is needed to render PDFs")
from claimdesk.ui.export_pdf import export_pdf


def rationale(chars: int) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(f"w{len(words)}")
        size += len(words[-1]) + 1
    return " ".join(words)


def timed_export(report: Report, claim_id: int, text: str, out: Path) -> tuple[float, int]:
    """Export ``report`` with ``text`` as the rationale of one claim (and in its history)."""
    claims = [
        replace(c, rationale=text, history=c.history[-1:]) if c.id == claim_id else c
        for c in report.claims
    ]
    report = replace(report, claims=tuple(claims))
    # CPU time of this process (Qt lays out here): a busy machine's waits do not count
    started = time.process_time()
    pages = export_pdf(report, out, force=True)
    return time.process_time() - started, pages


@pytest.mark.slow
def test_doubling_a_rationale_roughly_doubles_the_time(session: Session, tmp_path: Path) -> None:
    desk = populate(session)
    verify.set_status(session, desk.jobs, "in_progress", actor="ana", rationale="r")
    report = build_report(session)
    out = tmp_path / "r.pdf"
    timed_export(report, desk.jobs, rationale(20_000), out)  # Qt's start-up, fonts
    one, pages_one = timed_export(report, desk.jobs, rationale(1_000_000), out)
    text = rationale(2_000_000)
    two, pages_two = timed_export(report, desk.jobs, text, out)
    assert 1.8 < pages_two / pages_one < 2.2
    assert two / one < 3.0, f"1 MB: {one:.1f} s, 2 MB: {two:.1f} s (quadratic gives 4x)"

    from pypdf import PdfReader

    reader = PdfReader(str(out))
    last_word = text.rsplit(" ", 1)[1]
    assert any(last_word in (p.extract_text() or "") for p in reader.pages[-40:])
