"""View › Versions: an article's versions, any one read-only with its claims, and the
word-level changes between two of them with the claims each change touched."""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core import refresh, versions
from claimdesk.core.worddiff import summary
from claimdesk.ui.runner import Runner
from claimdesk.ui.wording_box import pieces_html

CLAIM = "background-color:#fde68a"


class VersionsDialog(QDialog):
    def __init__(self, runner: Runner, article_id: int, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner, self.article_id = runner, article_id
        self.setWindowTitle(f"Versions \u2014 {title}")
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Version", "Fetched", "SHA-256", "Size"])
        self.table.setAccessibleName("Versions")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open read-only")
        self.open_button.setToolTip("Show the selected version with its claims, read-only")
        self.old = QComboBox()
        self.new = QComboBox()
        self.compare_button = QPushButton("&Compare")
        self.compare_button.setToolTip("Word-level changes from the first to the second version")
        for w in (self.open_button, QLabel("Compare"), self.old, QLabel("with"), self.new):
            row.addWidget(w)
        row.addWidget(self.compare_button)
        row.addStretch()
        layout.addLayout(row)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Version text")
        layout.addWidget(self.view, 3)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare)
        runner.read(partial(refresh.article_versions, article_id=article_id), self._listed,
                    self.heading.setText, what="list the versions")  # fmt: skip

    def _listed(self, rows: list[refresh.VersionInfo]) -> None:
        self.versions = rows
        self.table.setRowCount(len(rows))
        for r, v in enumerate(rows):
            when = v.retrieved_at or v.created_at
            cells = (
                str(v.version),
                f"{when:%Y-%m-%d %H:%M} UTC",
                v.text_sha256,
                f"{v.chars:,} characters" + (f", {v.raw_size:,} bytes" if v.raw_size else ""),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
            self.old.addItem(f"version {v.version}", v.version)
            self.new.addItem(f"version {v.version}", v.version)
        if rows:
            self.table.selectRow(len(rows) - 1)
            self.old.setCurrentIndex(max(0, len(rows) - 2))
            self.new.setCurrentIndex(len(rows) - 1)

    def open_selected(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        version = self.versions[r].version
        self.runner.read(
            partial(versions.version_view, article_id=self.article_id, version=version),
            self._show_version,
            self.heading.setText,
            what="read the version",
        )

    def _show_version(self, view: versions.VersionView) -> None:
        spans = sorted(
            (p.start, p.end, p.claim.id)
            for p in view.claims
            if p.start is not None and p.end is not None
        )
        out, at = [], 0
        for start, end, cid in spans:
            if start < at:
                continue
            out.append(html.escape(view.text[at:start]))
            out.append(
                f"<span style='{CLAIM}' title='claim {cid}'>{html.escape(view.text[start:end])}"
                f"</span><sup>[{cid}]</sup>"
            )
            at = end
        out.append(html.escape(view.text[at:]))
        missing = [p.claim.id for p in view.claims if p.start is None]
        note = f"; not in this version: claims {', '.join(map(str, missing))}" if missing else ""
        self.heading.setText(
            f"Version {view.version}, read-only: {len(spans)} claim(s) placed{note}"
        )
        self.view.setHtml("".join(out).replace("\n", "<br/>"))

    def compare(self) -> None:
        old, new = self.old.currentData(), self.new.currentData()
        if old is None or new is None:
            return
        self.runner.read(
            partial(versions.compare_versions, article_id=self.article_id, old=old, new=new),
            self._show_compare,
            self.heading.setText,
            what="compare the versions",
        )

    def _show_compare(self, cmp: versions.VersionCompare) -> None:
        touched = sorted({cid for t in cmp.touched for cid in t})
        claims = ", ".join(map(str, touched)) if touched else "none"
        self.heading.setText(
            f"Version {cmp.old} \u2192 {cmp.new}: {summary(list(cmp.pieces))}; "
            f"claims touched: {claims}"
        )
        body = pieces_html(cmp.pieces)
        self.view.setHtml(body)
        self.touched = touched
