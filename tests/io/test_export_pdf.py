"""PDF report rendered through Qt offscreen, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session
from test_export_desk import Desk, populate

from claimdesk.core.report import Report, build_report
from claimdesk.io.export_common import ExportFailed

pytest.importorskip("PySide6.QtGui", reason="PySide6 is needed to render PDFs")
from claimdesk.ui.export_pdf import export_pdf


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


@pytest.fixture
def report(session: Session, desk: Desk) -> Report:
    return build_report(session, organisation="Harbour Fact Desk")


def text_of(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [page.extract_text() or "" for page in reader.pages]


def test_pdf_has_the_report_and_page_numbers(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    pages = export_pdf(report, out, with_article_text=True)
    assert out.read_bytes().startswith(b"%PDF")
    texts = text_of(out)
    assert len(texts) == pages >= 2
    joined = " ".join(" ".join(t.split()) for t in texts)
    assert "Fact-check report" in joined and "Harbour Fact Desk" in joined
    assert "India is the world's largest arms importer" in joined
    assert "<script>alert('x')</script>" in joined  # shown as text, never run
    assert "Trends in international arms transfers" in joined
    for n, page in enumerate(texts, start=1):
        assert f"Page {n} of {pages}" in " ".join(page.split())
    from pypdf import PdfReader

    box = PdfReader(str(out)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )  # A4


def test_pdf_needs_force_to_replace(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"keep me")
    with pytest.raises(ExportFailed, match="--force"):
        export_pdf(report, out)
    assert out.read_bytes() == b"keep me"
    export_pdf(report, out, force=True)
    assert out.read_bytes().startswith(b"%PDF")
