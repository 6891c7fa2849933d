"""File > Export from the window."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from claimdesk.ui.export_dialog import ExportDialog
from claimdesk.ui.main_window import MainWindow


def claim_with_script(window: MainWindow) -> int:
    text = window.reader.text()
    quote = "the world's largest arms importer"
    start = text.index(quote)
    rec = window.desk.create_claim(
        window.article_id or 0,
        start,
        start + len(quote),
        statement="<script>alert(1)</script> tops imports",
    )
    return rec.id


def test_preview_and_html_export(window: MainWindow, tmp_path: Path, qtbot: object) -> None:
    claim_with_script(window)
    dialog = ExportDialog(window.desk, "Desk", window.article_id, None, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.fmt() == "html"
    assert "<script>alert(1)</script>" in dialog.preview.toPlainText()
    out = tmp_path / "report.html"
    assert dialog._write("html", out, force=False) == []
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_pdf_export_from_the_window(window: MainWindow, tmp_path: Path, qtbot: object) -> None:
    claim_with_script(window)
    dialog = ExportDialog(window.desk, "Desk", window.article_id, None, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    out = tmp_path / "report.pdf"
    dialog._write("pdf", out, force=False)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "tops imports" in text


def test_empty_scope_is_explained(window: MainWindow, qtbot: object) -> None:
    dialog = ExportDialog(window.desk, "Desk", window.article_id, None, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert "No claim matches" in dialog.problems.text()


def test_filters_narrow_the_report(window: MainWindow, qtbot: object) -> None:
    text = window.reader.text()
    for quote, tag in (
        ("the world's largest arms importer", "arms"),
        ("create about 2,000 jobs", "jobs"),
    ):
        start = text.index(quote)
        window.desk.create_claim(window.article_id or 0, start, start + len(quote), tags=[tag])
    dialog = ExportDialog(window.desk, "Desk", window.article_id, None, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert len(dialog.report().claims) == 2
    dialog.tag.setText("jobs")
    assert [c.statement for c in dialog.report().claims] == ["create about 2,000 jobs"]
    dialog.tag.clear()
    dialog.outlet.setText("no such outlet")
    assert list(dialog.report().claims) == []
