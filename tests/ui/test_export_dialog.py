"""File > Export from the window."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from uihelpers import ctl, service

from claimdesk.core.claims import create_claim
from claimdesk.ui.export_dialog import ExportDialog
from claimdesk.ui.main_window import MainWindow


def claim_with_script(window: MainWindow) -> int:
    text = window.reader.text()
    quote = "the world's largest arms importer"
    start = text.index(quote)
    rec = service(
        window,
        create_claim,
        ctl(window).article.article_id or 0,
        start,
        start + len(quote),
        statement="<script>alert(1)</script> tops imports",
        actor="t",
    )
    return rec.id


def test_preview_and_html_export(window: MainWindow, tmp_path: Path, qtbot: object) -> None:
    claim_with_script(window)
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.fmt() == "html"
    assert "<script>alert(1)</script>" in dialog.preview.toPlainText()
    out = tmp_path / "report.html"
    assert dialog._write("html", out, force=False) == []
    html = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_pdf_export_runs_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    claim_with_script(window)
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    out = tmp_path / "report.pdf"
    dialog.start_export("pdf", out)
    assert dialog.progress.isVisibleTo(dialog)  # the window is free while it writes
    qtbot.waitUntil(lambda: dialog.written == out, timeout=60_000)  # type: ignore[attr-defined]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "tops imports" in text


def test_empty_scope_is_explained(window: MainWindow, qtbot: object) -> None:
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert "No claim matches" in dialog.problems.text()


def test_filters_narrow_the_report(window: MainWindow, qtbot: object) -> None:
    text = window.reader.text()
    for quote, tag in (
        ("the world's largest arms importer", "arms"),
        ("create about 2,000 jobs", "jobs"),
    ):
        start = text.index(quote)
        service(
            window,
            create_claim,
            ctl(window).article.article_id or 0,
            start,
            start + len(quote),
            tags=[tag],
            actor="t",
        )
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert len(dialog.report().claims) == 2
    dialog.tag.setText("jobs")
    assert [c.statement for c in dialog.report().claims] == ["create about 2,000 jobs"]
    dialog.tag.clear()
    dialog.outlet.setText("no such outlet")
    assert list(dialog.report().claims) == []


def test_cancelling_a_pdf_export_writes_nothing(
    window: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    claim_with_script(window)
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    folder = tmp_path / "reports"
    folder.mkdir()
    dialog.start_export("pdf", folder / "report.pdf")
    qtbot.wait(300)  # type: ignore[attr-defined]
    dialog.cancel_export()
    assert "cancelled" in dialog.problems.text()
    assert not dialog.job.process.is_alive()
    assert list(folder.iterdir()) == []  # no report, no half-written temporary file
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_json_backup_from_the_window_runs_in_the_background(
    window: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    import json

    claim_with_script(window)
    dialog = ExportDialog(
        ctl(window).runner.store, "Desk", ctl(window).article.article_id, None, window
    )
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    out = tmp_path / "desk.json"
    dialog.start_export("json", out)
    assert dialog.progress.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: dialog.written == out, timeout=60_000)  # type: ignore[attr-defined]
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "claimdesk-backup" and len(data["claims"]) == 1
