"""The conflict dialog: the fields both analysts changed, each as it was (base), as the
colleague saved it (theirs) and as typed (yours), to keep theirs, keep one's own or merge
the text.  It names who saved the newer version and when (``ui.saving`` decides when it
is shown: only for a field changed on both sides, and what is saved)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.icons import icon, status_label
from claimdesk.ui.runner import OFFLINE_EDIT

__all__ = ["KEEP_MINE", "KEEP_THEIRS", "MERGED", "OFFLINE_EDIT", "ConflictDialog"]

TEXT_FIELDS = ("statement", "rationale")
LABELS = {
    "statement": "Statement",
    "rationale": "Rationale",
    "status": "Status",
    "claimant": "Claimant",
    "claim_date": "Claim date",
    "tags": "Tags",
    "priority": "Priority",
    "assigned_to": "Assigned to",
}
KEEP_THEIRS, KEEP_MINE, MERGED = "theirs", "mine", "merged"


def _shown(name: str, value: object) -> str:
    if name == "status":
        return status_label(str(value))
    if name == "tags":
        return ", ".join(value) if value else "(none)"  # type: ignore[arg-type]
    if name == "priority":
        return ("none", "low", "medium", "high")[int(value or 0)]  # type: ignore[call-overload]
    return str(value) if value not in (None, "") else "(empty)"


class ConflictDialog(QDialog):
    """Both versions of a claim side by side; the analyst's own text can be edited."""

    def __init__(
        self,
        claim_id: int,
        theirs: dict[str, Any],
        mine: dict[str, Any],
        who: str = "",
        parent: QWidget | None = None,
        *,
        base: dict[str, Any] | None = None,
        shown: Sequence[str] | None = None,
        when: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Someone else changed this claim")
        self.setWindowIcon(icon("claimdesk"))
        self.setMinimumWidth(680)
        self.mine = dict(mine)
        self.choice = ""
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        by = f"<b>{html.escape(who)}</b>" if who else "Another analyst"
        at = f" at {when.astimezone().strftime('%H:%M on %Y-%m-%d')}" if when else ""
        names = [n for n in (shown if shown is not None else mine) if n in mine]
        self.shown_fields = names
        fields = ", ".join(LABELS.get(n, n).lower() for n in names)
        intro = QLabel(
            f"<span style='font-size:12pt; font-weight:600'>Claim {claim_id} changed while "
            f"you were editing it</span><br>{by} saved a newer version{at}, changing "
            f"the {html.escape(fields)} too. Nothing of yours has been saved yet. Keep their "
            "version, keep yours, or edit yours to merge both."
        )
        self.intro = intro
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.has_base = base is not None
        heads = [(2, f"Theirs ({who or 'saved now'})"), (3, "Yours (not saved)")]
        if base is not None:
            heads.insert(0, (1, "Before (what you started from)"))
        for col, title in heads:
            head = QLabel(f"<b>{html.escape(title)}</b>")
            grid.addWidget(head, 0, col)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.theirs: dict[str, QPlainTextEdit] = {}
        self.bases: dict[str, str] = {}
        for row, name in enumerate(names, start=1):
            label = QLabel(LABELS.get(name, name))
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            label.setStyleSheet("color: #4a5563; padding-top: 4px;")
            grid.addWidget(label, row, 0)
            if base is not None:
                self.bases[name] = _shown(name, base.get(name))
                before = QLabel(html.escape(self.bases[name]))
                before.setWordWrap(True)
                before.setAccessibleName(f"Before: {label.text().lower()}")
                before.setStyleSheet("padding-top: 4px; color: #6b7785;")
                before.setAlignment(Qt.AlignmentFlag.AlignTop)
                grid.addWidget(before, row, 1)
            if name in TEXT_FIELDS:
                their_box = QPlainTextEdit(str(theirs.get(name) or ""))
                their_box.setReadOnly(True)
                their_box.setAccessibleName(f"Their {label.text().lower()}")
                their_box.setStyleSheet("background: #f3f4f6;")
                mine_box = QPlainTextEdit(str(mine[name] or ""))
                mine_box.setAccessibleName(f"Your {label.text().lower()}")
                mine_box.setToolTip("Edit to merge both versions, then press Save merged")
                mine_box.setTabChangesFocus(True)
                for box in (their_box, mine_box):
                    box.setMinimumHeight(64)
                    box.setMaximumHeight(110)
                    box.setFrameShape(QFrame.Shape.StyledPanel)
                mine_box.textChanged.connect(self._edited)
                self.edits[name] = mine_box
                self.theirs[name] = their_box
                grid.addWidget(their_box, row, 2)
                grid.addWidget(mine_box, row, 3)
            else:
                for col, value in ((2, theirs.get(name)), (3, mine[name])):
                    cell = QLabel(html.escape(_shown(name, value)))
                    cell.setWordWrap(True)
                    cell.setStyleSheet("padding-top: 4px;")
                    grid.addWidget(cell, row, col)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(1, 1 if base is not None else 0)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.theirs_button = QPushButton("Keep theirs")
        self.theirs_button.setToolTip("Discard your change and show their version")
        self.mine_button = QPushButton("Keep mine")
        self.mine_button.setToolTip("Save your version over theirs")
        self.merge_button = QPushButton("Save merged")
        self.merge_button.setToolTip("Save your text as you edited it here")
        self.merge_button.setEnabled(False)
        self.merge_button.setVisible(bool(self.edits))
        self.who = who
        cancel = QPushButton("Decide later")
        cancel.setToolTip("Save nothing now; your text stays in the inspector")
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        for button in (self.theirs_button, self.merge_button, self.mine_button):
            buttons.addWidget(button)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self.theirs_button.clicked.connect(lambda: self._done(KEEP_THEIRS))
        self.mine_button.clicked.connect(lambda: self._done(KEEP_MINE))
        self.merge_button.clicked.connect(lambda: self._done(MERGED))
        cancel.clicked.connect(self.reject)
        self.mine_button.setDefault(True)

    def _edited(self) -> None:
        merged = self.values(MERGED)
        self.merge_button.setEnabled(merged != self.mine)

    def _done(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def values(self, choice: str | None = None) -> dict[str, Any]:
        """What to save: the analyst's own values, or as edited here."""
        if (choice or self.choice) != MERGED:
            return dict(self.mine)
        out = dict(self.mine)
        for name, box in self.edits.items():
            out[name] = box.toPlainText().strip()
        return out
