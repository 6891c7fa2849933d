"""Undo commands: each edit is one core service, and its undo is the inverse service.

The window performs an edit first (so a refused edit never reaches the stack) and then
pushes the command with the result; the stack's first ``redo`` is therefore skipped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand

from claimdesk.core.claims import DeletedClaim
from claimdesk.core.groups import LeftGroup
from claimdesk.core.records import ClaimRecord, EvidenceRecord, SourceRecord, Suggestion
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ClaimdeskError, ConflictError
from claimdesk.ui.desk import Desk
from claimdesk.ui.icons import status_label


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


class _DoneFirst(QUndoCommand):
    desk: Desk

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guard(self.do)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, fn: Any) -> None:
        # Qt calls undo/redo from C++; an exception would only be printed.  Report it in
        # the window instead (for example when a team-mate changed the claim meanwhile).
        try:
            fn()
        except ClaimdeskError as exc:
            self.desk.error.emit(f"Could not {self.text().lower()}: {exc}")

    def do(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class CreateClaim(_DoneFirst):
    def __init__(self, desk: Desk, rec: ClaimRecord) -> None:
        super().__init__(f"Create claim \u201c{_short(rec.statement)}\u201d")
        self.desk = desk
        self.claim_id = rec.id
        self.deleted: DeletedClaim | None = None

    def revert(self) -> None:
        self.deleted = self.desk.delete_claim(self.claim_id)

    def do(self) -> None:
        assert self.deleted is not None
        self.desk.restore_claim(self.deleted)


class DeleteClaim(_DoneFirst):
    def __init__(self, desk: Desk, deleted: DeletedClaim) -> None:
        super().__init__(f"Delete claim \u201c{_short(str(deleted.claim['statement']))}\u201d")
        self.desk = desk
        self.deleted = deleted

    def revert(self) -> None:
        self.desk.restore_claim(self.deleted)

    def do(self) -> None:
        self.deleted = self.desk.delete_claim(self.deleted.claim_id)


def _unchanged_since(desk: Desk, claim_id: int, expected: dict[str, Any]) -> int:
    """The claim's version, if its fields still hold what this command last set.

    Undo and redo must not overwrite a colleague's change on a team desk.  The check is on
    the fields the command touches (not on the version, which the analyst's own later
    edits also move); the version then makes the save itself race-free.
    """
    current = desk.claim(claim_id)
    if any(getattr(current, name) != value for name, value in expected.items()):
        raise ConflictError(
            f"claim {claim_id} was changed by someone else since; it was left as they saved it",
            current_version=current.version,
        )
    return current.version


class EditClaim(_DoneFirst):
    def __init__(
        self,
        desk: Desk,
        before: ClaimRecord,
        changes: dict[str, Any],
        after: ClaimRecord | None = None,
    ) -> None:
        names = ", ".join(changes)
        super().__init__(f"Edit {names} of claim {before.id}")
        self.desk = desk
        self.claim_id = before.id
        self.before = {name: getattr(before, name) for name in changes}
        source = after if after is not None else None
        self.after = {
            name: getattr(source, name) if source is not None else value
            for name, value in changes.items()
        }

    def revert(self) -> None:
        version = _unchanged_since(self.desk, self.claim_id, self.after)
        self.desk.edit_claim(self.claim_id, expected_version=version, **self.before)

    def do(self) -> None:
        version = _unchanged_since(self.desk, self.claim_id, self.before)
        self.desk.edit_claim(self.claim_id, expected_version=version, **self.after)


class SetStatus(_DoneFirst):
    """In a claim group the undo puts the whole group back to the claim's old status."""

    def __init__(self, desk: Desk, before: ClaimRecord, after: ClaimRecord) -> None:
        super().__init__(f"Mark claim {before.id} {status_label(after.status)}")
        self.desk = desk
        self.claim_id = before.id
        self.before = {"status": before.status, "rationale": before.rationale}
        self.after = {"status": after.status, "rationale": after.rationale}

    def revert(self) -> None:
        version = _unchanged_since(self.desk, self.claim_id, self.after)
        self.desk.set_status(
            self.claim_id, self.before["status"], self.before["rationale"], expected_version=version
        )

    def do(self) -> None:
        version = _unchanged_since(self.desk, self.claim_id, self.before)
        self.desk.set_status(
            self.claim_id, self.after["status"], self.after["rationale"], expected_version=version
        )


class LinkEvidence(_DoneFirst):
    def __init__(self, desk: Desk, rec: EvidenceRecord) -> None:
        super().__init__(f"Link \u201c{_short(rec.source.title)}\u201d as evidence")
        self.desk = desk
        self.rec = rec

    def revert(self) -> None:
        self.rec = self.desk.unlink_evidence(self.rec.id)

    def do(self) -> None:
        self.rec = self.desk.restore_evidence(self.rec)


class UnlinkEvidence(_DoneFirst):
    def __init__(self, desk: Desk, rec: EvidenceRecord) -> None:
        super().__init__(f"Unlink \u201c{_short(rec.source.title)}\u201d")
        self.desk = desk
        self.rec = rec

    def revert(self) -> None:
        self.rec = self.desk.restore_evidence(self.rec)

    def do(self) -> None:
        self.rec = self.desk.unlink_evidence(self.rec.id)


class AddSource(_DoneFirst):
    def __init__(self, desk: Desk, rec: SourceRecord, draft: SourceDraft) -> None:
        super().__init__(f"Add source \u201c{_short(rec.title)}\u201d")
        self.desk = desk
        self.rec = rec
        self.draft = draft

    def revert(self) -> None:
        self.desk.delete_source(self.rec.id)

    def do(self) -> None:
        self.rec = self.desk.add_source(self.draft, source_id=self.rec.id)


class DismissSuggestion(_DoneFirst):
    def __init__(self, desk: Desk, article_id: int, suggestion: Suggestion) -> None:
        super().__init__(f"Dismiss suggestion \u201c{_short(suggestion.text)}\u201d")
        self.desk = desk
        self.article_id = article_id
        self.suggestion = suggestion

    def revert(self) -> None:
        self.desk.undismiss_suggestion(self.article_id, self.suggestion)

    def do(self) -> None:
        self.desk.dismiss_suggestion(self.article_id, self.suggestion)


class ConfirmMatch(_DoneFirst):
    """Undo puts back the groups, verdicts and "not the same" decision exactly as they
    were before (``core.group_undo``), not just one claim leaving the group."""

    def __init__(self, desk: Desk, claim_id: int, other_id: int, snapshot: Any) -> None:
        super().__init__(f"Group claims {claim_id} and {other_id} as the same claim")
        self.desk = desk
        self.claim_id = claim_id
        self.other_id = other_id
        self.snapshot = snapshot

    def revert(self) -> None:
        self.desk.restore_group_snapshot(self.snapshot)

    def do(self) -> None:
        self.desk.confirm_match(self.claim_id, self.other_id)


class RejectMatch(_DoneFirst):
    def __init__(self, desk: Desk, claim_id: int, other_id: int) -> None:
        super().__init__(f"Mark claims {claim_id} and {other_id} as different")
        self.desk = desk
        self.claim_id = claim_id
        self.other_id = other_id

    def revert(self) -> None:
        self.desk.forget_rejection(self.claim_id, self.other_id)

    def do(self) -> None:
        self.desk.reject_match(self.claim_id, self.other_id)


class LeaveGroup(_DoneFirst):
    def __init__(self, desk: Desk, left: LeftGroup) -> None:
        super().__init__(f"Take claim {left.claim_id} out of its group")
        self.desk = desk
        self.left = left

    def revert(self) -> None:
        self.desk.rejoin_group(self.left)

    def do(self) -> None:
        self.left = self.desk.leave_group(self.left.claim_id)
