"""Changed wording in the window: the old and new words as a word-level diff, and the
dialog in which the analyst reviews a claim whose verdict needs re-checking."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.records import ClaimRecord
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.core.worddiff import Piece, word_diff

INSERT = "background-color:#d1fae5;color:#065f46;text-decoration:underline"
DELETE = "background-color:#fee2e2;color:#991b1b;text-decoration:line-through"


def pieces_html(pieces: list[Piece] | tuple[Piece, ...]) -> str:
    out = []
    for p in pieces:
        text = html.escape(p.text).replace("\n", "<br/>")
        if p.kind == "same":
            out.append(text)
        else:
            style = INSERT if p.kind == "insert" else DELETE
            out.append(f"<span style='{style}'>{text}</span>")
    return "".join(out)


def diff_html(before: str, after: str) -> str:
    return pieces_html(word_diff(before, after))


def wording_text(claim: ClaimRecord) -> str:
    """The inspector's note on a claim whose words changed ("" when they did not)."""
    if claim.wording_before is None or claim.orphaned:
        return ""
    head = "Needs re-check" if claim.needs_recheck else "Wording changed"
    where = f" in version {claim.wording_version}" if claim.wording_version else ""
    return (
        f"<b style='color:#92400e'>\u26a0 {head}</b>: the article's words changed{where}. "
        f"{diff_html(claim.wording_before, claim.anchor.exact)}"
        "<br/><span style='color:#6b7785'>Claim \u203a Review changed wording "
        "(Ctrl+Shift+K) to keep or change the verdict.</span>"
    )


class ReviewDialog(QDialog):
    """Keep the claim's status, or change it with a rationale."""

    def __init__(self, claim: ClaimRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review changed wording")
        layout = QVBoxLayout(self)
        diff = QLabel(diff_html(claim.wording_before or "", claim.anchor.exact))
        diff.setWordWrap(True)
        label = STATUS_INFO[next(s for s in STATUS_INFO if s.value == claim.status)].label
        layout.addWidget(QLabel(f"<b>The quote now reads</b> (the claim is {label}):"))
        layout.addWidget(diff)
        self.keep = QRadioButton(f"&Keep {label}: the change does not alter the verdict")
        self.change = QRadioButton("C&hange the status to")
        group = QButtonGroup(self)
        group.addButton(self.keep)
        group.addButton(self.change)
        self.keep.setChecked(True)
        self.status = QComboBox()
        for status, info in STATUS_INFO.items():
            self.status.addItem(info.label, status.value)
        self.status.setCurrentIndex(self.status.findData(claim.status))
        self.rationale = QPlainTextEdit(claim.rationale)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setToolTip("Why the claim has its new status; required for verdicts")
        self.status.activated.connect(lambda _i: self.change.setChecked(True))
        for w in (self.keep, self.change, self.status, QLabel("Rationale"), self.rationale):
            layout.addWidget(w)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str | None, str | None]:
        """(new status, rationale), or (None, None) to keep the status as it is."""
        if self.keep.isChecked():
            return None, None
        return str(self.status.currentData()), self.rationale.toPlainText().strip()
