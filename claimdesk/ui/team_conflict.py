"""No lost updates: every edit carries the version the analyst saw, and a conflict shows
both versions so the analyst keeps theirs, keeps their own or merges the text.

Nothing the analyst typed is dropped unless they choose "Keep theirs": a refused or
cancelled save leaves the text in the inspector as an unsaved draft.
"""

from __future__ import annotations

import html
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

from claimdesk.core.records import ClaimRecord
from claimdesk.errors import ClaimdeskError, ConflictError, DatabaseError, NotFoundError
from claimdesk.ui.icons import icon, status_label

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
OFFLINE_EDIT = (
    "The team server can't be reached, so this change was not saved. What you typed stays "
    "here; save it again when the server is back."
)


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
        intro = QLabel(
            f"<span style='font-size:12pt; font-weight:600'>Claim {claim_id} changed while "
            f"you were editing it</span><br>{by} saved a newer version. Nothing of yours "
            "has been saved yet. Keep their version, keep yours, or edit yours to merge both."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        for col, title in ((1, "Theirs (saved now)"), (2, "Yours (not saved)")):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, col)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.theirs: dict[str, QPlainTextEdit] = {}
        for row, name in enumerate(mine, start=1):
            label = QLabel(LABELS.get(name, name))
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            label.setStyleSheet("color: #4a5563; padding-top: 4px;")
            grid.addWidget(label, row, 0)
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
                grid.addWidget(their_box, row, 1)
                grid.addWidget(mine_box, row, 2)
            else:
                for col, value in ((1, theirs.get(name)), (2, mine[name])):
                    cell = QLabel(html.escape(_shown(name, value)))
                    cell.setWordWrap(True)
                    cell.setStyleSheet("padding-top: 4px;")
                    grid.addWidget(cell, row, col)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
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


def _theirs(desk: Any, claim: ClaimRecord, names: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:  # type: ignore[attr-defined]
        out[name] = desk.assignee(claim.id) if name == "assigned_to" else getattr(claim, name)
    return out


def _last_who(desk: Any, claim_id: int) -> str:
    try:
        entries = desk.history(claim_id)
    except ClaimdeskError:
        return ""
    return str(entries[-1].who) if entries else ""


def _apply(desk: Any, claim_id: int, changes: dict[str, Any], expected: int) -> ClaimRecord:
    if "status" in changes:
        return desk.set_status(  # type: ignore[no-any-return]
            claim_id, changes["status"], changes.get("rationale"), expected_version=expected
        )
    if "assigned_to" in changes:
        return desk.assign(claim_id, changes["assigned_to"], expected_version=expected)  # type: ignore[no-any-return]
    return desk.edit_claim(claim_id, expected_version=expected, **changes)  # type: ignore[no-any-return]


def _offline(window: Any, claim_id: int, changes: dict[str, Any], message: str) -> None:
    window.inspector.keep_draft(claim_id, changes)
    window.show_error(message)
    link = getattr(window, "team_link", None)
    if link is not None:
        link.poll_now()


def _push_undo(window: Any, before: ClaimRecord, rec: ClaimRecord, changes: dict[str, Any]) -> None:
    from claimdesk.ui import commands

    if "status" in changes:
        if (rec.status, rec.rationale) != (before.status, before.rationale):
            window.undo_stack.push(commands.SetStatus(window.desk, before, rec))
    elif "assigned_to" not in changes:
        window.undo_stack.push(commands.EditClaim(window.desk, before, changes, rec))


def save_with_conflicts(
    window: Any, claim_id: int, changes: dict[str, Any], expected: int | None = None
) -> ClaimRecord | None:
    """Save ``changes`` against the version the analyst saw; on a conflict, ask."""
    w = window
    if getattr(w, "_saving_claim", False):
        # the conflict dialog took the focus and the inspector's field, leaving, asked to
        # save the same text again: the dialog already holds it
        return None
    w._saving_claim = True
    try:
        return _save(w, claim_id, changes, expected)
    finally:
        w._saving_claim = False


def _save(
    w: Any, claim_id: int, changes: dict[str, Any], expected: int | None
) -> ClaimRecord | None:
    from sqlalchemy.exc import DBAPIError

    link = getattr(w, "team_link", None)
    if link is not None and link.offline:
        _offline(w, claim_id, changes, OFFLINE_EDIT)
        return None
    try:
        before = w.desk.claim(claim_id)
    except DBAPIError:
        _offline(w, claim_id, changes, OFFLINE_EDIT)
        return None
    except ClaimdeskError as exc:
        w.show_error(str(exc))
        return None
    if expected is None:
        expected = w.inspector.base_version(claim_id, changes)
    if expected is None:
        row = w.claims.model.row_of(claim_id)
        expected = w.claims.model.claim_at(row).version if row >= 0 else before.version
    while True:
        try:
            rec = _apply(w.desk, claim_id, changes, expected)
            break
        except ConflictError:
            try:
                theirs = w.desk.claim(claim_id)
            except NotFoundError:
                w.show_error(f"Claim {claim_id} was deleted by someone else meanwhile.")
                return None
            dialog = ConflictDialog(
                claim_id, _theirs(w.desk, theirs, changes), changes, _last_who(w.desk, claim_id), w
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                w.inspector.keep_draft(claim_id, dialog.values(MERGED))
                w._claim_changed(claim_id)
                w.show_error("Not saved: your text is kept in the inspector.")
                return None
            if dialog.choice == KEEP_THEIRS:
                w.inspector.drop_drafts(claim_id, changes)
                w._claim_changed(claim_id)
                w.statusBar().showMessage("Kept their version of the claim", 5000)
                return None
            changes, expected, before = dialog.values(), theirs.version, theirs
        except DBAPIError:
            _offline(w, claim_id, changes, OFFLINE_EDIT)
            return None
        except ClaimdeskError as exc:
            if isinstance(exc, DatabaseError):
                _offline(w, claim_id, changes, str(exc))
            if "status" in changes or "assigned_to" in changes:
                w._claim_changed(claim_id)  # put the status or assignee box back
            w.show_error(str(exc))
            return None
    w.inspector.drop_drafts(claim_id, changes)
    w._claim_changed(claim_id)
    w.inspector.show_message("")
    w.statusBar().showMessage("Claim saved", 4000)
    _push_undo(w, before, rec, changes)
    return rec
