"""What a refresh found: the publisher's changes as a diff, and the claims they touched."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.refresh import RefreshResult

KIND_TEXT = {
    "moved": "moved (same words, new place)",
    "changed": "its quote was edited by the publisher",
    "orphaned": "its quote is gone from the article",
}


def diff_html(lines: tuple[str, ...]) -> str:
    rows = []
    for line in lines:
        text = html.escape(line)
        if line.startswith("+++") or line.startswith("---"):
            style = "color:#6b7785"
        elif line.startswith("+"):
            style = "background:#dff5e3;color:#14532d"
        elif line.startswith("-"):
            style = "background:#fde2e1;color:#7f1d1d;text-decoration:line-through"
        elif line.startswith("@@"):
            style = "color:#37618f;font-weight:600"
        else:
            style = "color:#555"
        rows.append(f"<div style='{style}'>{text or '&nbsp;'}</div>")
    return "<div style='font-family:monospace;white-space:pre-wrap'>" + "".join(rows) + "</div>"


class RefreshDialog(QDialog):
    claimChosen = None  # set by the window: a callable(claim_id)

    def __init__(self, title: str, result: RefreshResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Changes to \u201c{title}\u201d")
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        touched = [m for m in result.claims if m.kind in KIND_TEXT]
        flagged = [m for m in touched if m.kind in ("changed", "orphaned")]
        summary = (
            f"The publisher changed the text: version {result.previous_version} \u2192 "
            f"{result.version}. {len(flagged)} claim(s) need a look."
        )
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        split = QSplitter(Qt.Orientation.Vertical)
        self.claims = QListWidget()
        self.claims.setAccessibleName("Claims affected by the change")
        for move in touched:
            item = QListWidgetItem(
                f"Claim {move.claim_id}: {KIND_TEXT[move.kind]} \u2014 "
                f"\u201c{move.old_quote[:80]}\u201d"
            )
            item.setData(Qt.ItemDataRole.UserRole, move.claim_id)
            self.claims.addItem(item)
        if not touched:
            self.claims.addItem("No claim was affected.")
        split.addWidget(self.claims)
        self.diff = QTextBrowser()
        self.diff.setAccessibleName("What the publisher changed")
        self.diff.setHtml(diff_html(result.diff))
        split.addWidget(self.diff)
        split.setSizes([160, 460])
        layout.addWidget(split)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
