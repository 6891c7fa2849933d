"""File > Export: choose a format and a scope, preview, then write the file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core import backup
from claimdesk.core.report import Report, Scope, build_report
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.errors import ClaimdeskError
from claimdesk.io.export import EXTENSIONS, FORMAT_LABELS, FORMATS, ExportOptions, write_report
from claimdesk.io.export_common import write_atomic

if TYPE_CHECKING:
    from claimdesk.store.engine import Store

PREVIEW_CLAIMS = 30  # enough to judge the look; the file always holds everything


class ExportDialog(QDialog):
    def __init__(
        self,
        store: Store,
        organisation: str,
        article_id: int | None,
        claim_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(900, 640)
        self.store = store
        self.organisation = organisation
        self.article_id = article_id
        self.claim_id = claim_id
        self.written: Path | None = None

        layout = QHBoxLayout(self)
        side = QVBoxLayout()
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for fmt in FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        form.addRow("&Format", self.format)
        self.scope = QComboBox()
        self.scope.setAccessibleName("Scope")
        if article_id is not None:
            self.scope.addItem("Claims of the open article", "article")
        if claim_id is not None:
            self.scope.addItem("The selected claim", "claim")
        self.scope.addItem("The whole desk", "desk")
        for status, info in STATUS_INFO.items():
            self.scope.addItem(f"All claims marked {info.label}", f"status:{status.value}")
        form.addRow("&Claims", self.scope)
        self.tag = QLineEdit()
        self.tag.setPlaceholderText("any")
        self.tag.setAccessibleName("Only claims with this tag")
        form.addRow("&Tag", self.tag)
        self.claimant = QLineEdit()
        self.claimant.setPlaceholderText("any")
        self.claimant.setAccessibleName("Only claims by this claimant")
        form.addRow("Clai&mant", self.claimant)
        self.outlet = QLineEdit()
        self.outlet.setPlaceholderText("any")
        self.outlet.setAccessibleName("Only articles from this outlet")
        form.addRow("&Outlet", self.outlet)
        self.since = _date_edit("Published on or after")
        self.until = _date_edit("Published on or before")
        form.addRow("Published &from", self.since)
        form.addRow("Published t&o", self.until)
        self.with_text = QCheckBox("Include the article text with claims highlighted")
        self.evidence_rows = QCheckBox("One row per evidence link")
        self.with_history = QCheckBox("Include each claim's &history (internal reports)")
        self.with_history.setToolTip(
            "Leave it off for reports to publish; status changes taken straight back are "
            "left out either way"
        )
        self.review_url = QLineEdit()
        self.review_url.setPlaceholderText("https://your-site/fact-check/\u2026")
        self.review_url.setToolTip("Where the fact check is published (required by ClaimReview)")
        form.addRow(self.with_text)
        form.addRow(self.evidence_rows)
        form.addRow(self.with_history)
        form.addRow("Review &address", self.review_url)
        side.addLayout(form)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e;")
        side.addWidget(self.problems)
        side.addStretch()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        side.addWidget(self.progress)
        self.cancel_job = QPushButton("Cancel export")
        self.cancel_job.hide()
        self.cancel_job.clicked.connect(self.cancel_export)
        side.addWidget(self.cancel_job)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons = buttons
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export\u2026")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        side.addWidget(buttons)
        box = QWidget()
        box.setLayout(side)
        box.setMaximumWidth(360)
        layout.addWidget(box)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        layout.addWidget(self.preview, 1)

        for w in (self.format, self.scope):
            w.currentIndexChanged.connect(self.update_preview)
        for edit in (self.tag, self.claimant, self.outlet):
            edit.editingFinished.connect(self.update_preview)
        for day in (self.since, self.until):
            day.dateChanged.connect(lambda _d: self.update_preview())
        self.with_text.toggled.connect(self.update_preview)
        self.evidence_rows.toggled.connect(self.update_preview)
        self.with_history.toggled.connect(self.update_preview)
        self.update_preview()

    def fmt(self) -> str:
        return str(self.format.currentData())

    def scope_value(self) -> Scope:
        choice = str(self.scope.currentData())
        narrow = Scope(
            tag=self.tag.text().strip() or None,
            claimant=self.claimant.text().strip() or None,
            outlet=self.outlet.text().strip() or None,
            date_from=_date(self.since),
            date_to=_date(self.until),
        )
        if choice == "article":
            return replace(narrow, article_id=self.article_id)
        if choice == "claim" and self.claim_id is not None:
            return Scope(claim_ids=(self.claim_id,))
        if choice.startswith("status:"):
            return replace(narrow, statuses=(choice.split(":", 1)[1],))
        return narrow

    def options(self, force: bool) -> ExportOptions:
        return ExportOptions(
            force=force,
            with_article_text=self.with_text.isChecked(),
            evidence_rows=self.evidence_rows.isChecked(),
            review_url=self.review_url.text().strip() or None,
        )

    def report(self) -> Report:
        scope = self.scope_value()
        with self.store.session() as session:
            return build_report(
                session,
                scope,
                organisation=self.organisation,
                with_history=self.with_history.isChecked(),
            )

    def update_preview(self) -> None:
        fmt = self.fmt()
        self.with_text.setEnabled(fmt in ("html", "pdf"))
        self.evidence_rows.setEnabled(fmt == "csv")
        self.review_url.setEnabled(fmt == "claimreview")
        self.scope.setEnabled(fmt != "json")
        self.problems.clear()
        if fmt == "json":
            self.preview.setPlainText(
                "The JSON export holds the whole desk at full fidelity: "
                "articles with their snapshots, claims, sources, "
                "evidence and history. Import it with File \u203a "
                "Import JSON or `claimdesk import-json`."
            )
            return
        try:
            report = self.report()
        except ClaimdeskError as exc:
            self.problems.setText(str(exc))
            return
        small = _first(report, PREVIEW_CLAIMS)
        if fmt in ("html", "pdf"):
            from claimdesk.io.export_html import render_html

            self.preview.setHtml(render_html(small, with_article_text=self.with_text.isChecked()))
        elif fmt == "md":
            from claimdesk.io.export_markdown import render_markdown

            self.preview.setMarkdown(render_markdown(small))
        elif fmt == "csv":
            from claimdesk.io.export_csv import render_csv

            self.preview.setPlainText(
                render_csv(small, evidence_rows=self.evidence_rows.isChecked())
            )
        else:
            self.preview.setPlainText(
                f"{len(report.claims)} claim(s) will be written as {FORMAT_LABELS[fmt]}."
            )
        if not report.claims:
            self.problems.setText("No claim matches this choice; the report would be empty.")

    def export(self) -> None:
        fmt = self.fmt()
        suffix = EXTENSIONS[fmt]
        path, _ = QFileDialog.getSaveFileName(
            self, "Export to", f"claim-report{suffix}", f"{FORMAT_LABELS[fmt]} (*{suffix})"
        )
        if path:
            # the file dialog has already asked before replacing an existing file
            self.start_export(fmt, Path(path))

    def start_export(self, fmt: str, out: Path) -> None:
        if fmt in ("pdf", "json") and self.store.dialect == "sqlite":
            self._start_pdf_job(out, fmt)
            return
        try:
            warnings = self._write(fmt, out, force=True)
        except ClaimdeskError as exc:
            self.problems.setText(str(exc))
            return
        except OSError as exc:
            self.problems.setText(f"Could not write {out}: {exc.strerror}.")
            return
        self._done(out, warnings)

    def _done(self, out: Path, warnings: list[str]) -> None:
        self.written = out
        if warnings:
            self.problems.setText("Written, with warnings:\n" + "\n".join(warnings[:10]))
            return
        self.accept()

    def _start_pdf_job(self, out: Path, fmt: str = "pdf") -> None:
        from claimdesk.ui.pdf_job import PdfJob

        self.job = PdfJob(
            self.store.target,
            self.scope_value(),
            self.organisation,
            out,
            self.with_text.isChecked(),
            fmt,
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.progress.show()
        self.cancel_job.show()
        self.problems.setText("Writing the file\u2026")
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._check_job)
        self._poll.start()

    def _check_job(self) -> None:
        done, error = self.job.finished()
        if not done:
            return
        self._poll.stop()
        self._job_ended()
        if error:
            self.problems.setText(f"The file could not be written: {error}")
            return
        self._done(self.job.out, [])

    def cancel_export(self) -> None:
        if getattr(self, "job", None) is not None and self._poll.isActive():
            self._poll.stop()
            self.job.cancel()
            self._job_ended()
            self.problems.setText("Export cancelled; nothing was written.")

    def _job_ended(self) -> None:
        self.progress.hide()
        self.cancel_job.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)

    def reject(self) -> None:
        self.cancel_export()
        super().reject()

    def _write(self, fmt: str, out: Path, *, force: bool) -> list[str]:
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            if fmt == "json":
                with self.store.session() as session:
                    text = backup.dumps(backup.dump_desk(session))
                write_atomic(out, text, force=force)
                return []
            report = self.report()
            if fmt == "pdf":
                from claimdesk.ui.export_pdf import export_pdf

                export_pdf(report, out, force=force, with_article_text=self.with_text.isChecked())
                return []
            return write_report(fmt, report, out, self.options(force))
        finally:
            self.unsetCursor()


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setSpecialValueText("any")
    edit.setDate(edit.minimumDate())
    edit.setAccessibleName(name)
    return edit


def _date(edit: QDateEdit) -> date | None:
    d = edit.date()
    return None if d == edit.minimumDate() else date(d.year(), d.month(), d.day())


def _first(report: Report, n: int) -> Report:
    from dataclasses import replace

    claims: Any = report.claims[:n]
    return replace(report, claims=claims)
