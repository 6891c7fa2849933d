"""Undo commands: each holds the operation of an edit and of its inverse.

A controller runs ``command.forward()`` through the runner first, so a refused edit never
reaches the stack; on success it pushes the command, whose first ``redo`` (Qt calls it
on push) is skipped.  Every later redo runs ``forward()`` again: the same operation as
the first do.  Undo and redo go through the runner as well, off the UI thread.

Ctrl+Z undoes the last edit on the desk, whichever article it was in: the window first
opens that article and then says what was undone, so an edit is never taken back out of
sight (one history for the desk keeps "undo the last thing I did" true when an analyst
moves between articles; per-article histories would make Ctrl+Z mean different things
depending on what is open).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand, QUndoStack

from claimdesk.core import edits
from claimdesk.core.changes import ChangeSet
from claimdesk.core.records import ClaimRecord, EvidenceRecord, SourceRecord, Suggestion
from claimdesk.ui.runner import Done, Outcome, Runner

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimdesk.core.claims import DeletedClaim
    from claimdesk.core.edits import Edited
    from claimdesk.core.groups import LeftGroup
    from claimdesk.core.sources import SourceDraft

Op = Callable[["Session"], "Edited[Any]"]


def short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


class Surface(Protocol):
    """What an undo needs of the window: bring the edit's article into view, and say."""

    def show_article_of_edit(self, article_id: int | None) -> bool: ...

    def say(self, message: str) -> None: ...

    def say_error(self, message: str) -> None: ...


@dataclass
class History:
    """The undo stack with what its commands run through."""

    stack: QUndoStack
    runner: Runner
    surface: Surface
    actor: Callable[[], str]

    def push(self, command: EditCommand) -> None:
        self.stack.push(command)


class EditCommand(QUndoCommand):
    def __init__(self, history: History, text: str, article_id: int | None) -> None:
        super().__init__(text)
        self.history = history
        self.article_id = article_id
        self._first = True
        self._skip = False  # put back in place after a failed undo or redo: run nothing

    # what a subclass says ----------------------------------------------------------------
    def forward(self) -> Op:
        raise NotImplementedError

    def backward(self) -> Op:
        raise NotImplementedError

    def forward_done(self, value: Any) -> None:
        """Keep what ``backward`` will need from the result of ``forward``."""

    def backward_done(self, value: Any) -> None:
        """Keep what ``forward`` will need from the result of ``backward``."""

    # what Qt calls -------------------------------------------------------------------------
    def redo(self) -> None:
        if self._first or self._skip:
            self._first = self._skip = False
            return
        self._again(self.forward(), self.forward_done, "Redone", "redo")

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._again(self.backward(), self.backward_done, "Undone", "undo")

    def _again(self, op: Op, keep: Callable[[Any], None], done: str, verb: str) -> None:
        surface = self.history.surface
        moved = surface.show_article_of_edit(self.article_id)
        text = self.text()

        def finished(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                keep(outcome.value)
                where = " (the article it was made in is open now)" if moved else ""
                surface.say(f"{done}: {text}{where}")
            else:
                surface.say_error(f"Could not {verb} \u201c{text}\u201d: {outcome.message}")
                self._put_back(verb)

        self.history.runner.run(op, finished, what=f"{verb} {text.lower()}")

    def _put_back(self, verb: str) -> None:
        """After a failed undo (redo) the stack moved anyway: move it back without running
        anything, so Undo and Redo still name what is really on the desk, and show the
        article as it is now (a colleague's change may be why it failed)."""
        stack = self.history.stack
        if verb == "undo" and stack.command(stack.index()) is self:
            self._skip = True
            stack.redo()
        elif verb == "redo" and stack.index() > 0 and stack.command(stack.index() - 1) is self:
            self._skip = True
            stack.undo()
        if self.article_id is not None:
            self.history.runner.publish(ChangeSet.claim_list(self.article_id))


class CreateClaim(EditCommand):
    """Made by selecting words or by accepting a suggestion."""

    def __init__(self, history: History, rec: ClaimRecord, first: Op) -> None:
        super().__init__(
            history, f"Create claim \u201c{short(rec.statement)}\u201d", rec.article_id
        )
        self.claim_id = rec.id
        self.first = first
        self.deleted: DeletedClaim | None = None

    def forward(self) -> Op:
        if self.deleted is None:
            return self.first
        return partial(edits.restore_claim, deleted=self.deleted)

    def backward(self) -> Op:
        return partial(edits.delete_claim, claim_id=self.claim_id)

    def backward_done(self, value: Any) -> None:
        self.deleted = value


class DeleteClaim(EditCommand):
    def __init__(self, history: History, deleted: DeletedClaim) -> None:
        statement = str(deleted.claim["statement"])
        article_id = int(deleted.claim["article_id"])
        super().__init__(history, f"Delete claim \u201c{short(statement)}\u201d", article_id)
        self.deleted = deleted

    def forward(self) -> Op:
        return partial(edits.delete_claim, claim_id=self.deleted.claim_id)

    def forward_done(self, value: Any) -> None:
        self.deleted = value

    def backward(self) -> Op:
        return partial(edits.restore_claim, deleted=self.deleted)


class EditClaim(EditCommand):
    """A field edit or a status change; undo and redo check that the fields still hold
    what this command set, so a colleague's later change is never overwritten."""

    def __init__(
        self, history: History, before: ClaimRecord, after: ClaimRecord, names: list[str]
    ) -> None:
        if "status" in names:
            from claimdesk.ui.icons import status_label

            text = f"Mark claim {before.id} {status_label(after.status)}"
        else:
            text = f"Edit {', '.join(names)} of claim {before.id}"
        super().__init__(history, text, before.article_id)
        self.claim_id = before.id
        self.before = {n: getattr(before, n) for n in names}
        self.after = {n: getattr(after, n) for n in names}

    def forward(self) -> Op:
        return self._set(self.before, self.after)

    def backward(self) -> Op:
        return self._set(self.after, self.before)

    def _set(self, expect: dict[str, Any], values: dict[str, Any]) -> Op:
        return partial(
            edits.change_if_unchanged,
            claim_id=self.claim_id,
            expect=expect,
            values=values,
            actor=self.history.actor(),
        )


class LinkEvidence(EditCommand):
    """Linking a source that was already on the desk."""

    def __init__(self, history: History, rec: EvidenceRecord, article_id: int | None) -> None:
        super().__init__(
            history, f"Link \u201c{short(rec.source.title)}\u201d as evidence", article_id
        )
        self.rec = rec

    def forward(self) -> Op:
        return partial(edits.restore_evidence, rec=self.rec)

    def forward_done(self, value: Any) -> None:
        self.rec = value

    def backward(self) -> Op:
        return partial(edits.unlink_evidence, evidence_id=self.rec.id)


class LinkNewSource(EditCommand):
    """A source made in the Link evidence dialog and linked: undone and redone together."""

    def __init__(
        self, history: History, rec: EvidenceRecord, draft: SourceDraft, article_id: int | None
    ) -> None:
        super().__init__(
            history, f"Link \u201c{short(rec.source.title)}\u201d as evidence", article_id
        )
        self.rec = rec
        self.draft = draft

    def forward(self) -> Op:
        return partial(edits.relink_new_source, rec=self.rec, draft=self.draft)

    def forward_done(self, value: Any) -> None:
        self.rec = value

    def backward(self) -> Op:
        return partial(edits.unlink_new_source, rec=self.rec)


class UnlinkEvidence(EditCommand):
    def __init__(self, history: History, rec: EvidenceRecord, article_id: int | None) -> None:
        super().__init__(history, f"Unlink \u201c{short(rec.source.title)}\u201d", article_id)
        self.rec = rec

    def forward(self) -> Op:
        return partial(edits.unlink_evidence, evidence_id=self.rec.id)

    def backward(self) -> Op:
        return partial(edits.restore_evidence, rec=self.rec)

    def backward_done(self, value: Any) -> None:
        self.rec = value


class AddSource(EditCommand):
    def __init__(self, history: History, rec: SourceRecord, draft: SourceDraft) -> None:
        super().__init__(history, f"Add source \u201c{short(rec.title)}\u201d", None)
        self.rec = rec
        self.draft = draft

    def forward(self) -> Op:
        return partial(edits.add_source, draft=self.draft, source_id=self.rec.id)

    def backward(self) -> Op:
        return partial(edits.delete_source, source_id=self.rec.id)


class DismissSuggestion(EditCommand):
    def __init__(self, history: History, article_id: int, suggestion: Suggestion) -> None:
        super().__init__(
            history, f"Dismiss suggestion \u201c{short(suggestion.text)}\u201d", article_id
        )
        self.suggestion = suggestion
        self.for_article = article_id

    def forward(self) -> Op:
        return partial(
            edits.dismiss_suggestion,
            article_id=self.for_article,
            s=self.suggestion,
            actor=self.history.actor(),
        )

    def backward(self) -> Op:
        return partial(edits.undismiss_suggestion, article_id=self.for_article, s=self.suggestion)


class ConfirmMatch(EditCommand):
    """Undo puts back the groups, verdicts and "not the same" decisions exactly as they
    were (``core.group_undo``), not just one claim leaving the group."""

    def __init__(
        self, history: History, claim_id: int, other_id: int, snapshot: Any, article_id: int
    ) -> None:
        super().__init__(
            history, f"Group claims {claim_id} and {other_id} as the same claim", article_id
        )
        self.pair = (claim_id, other_id)
        self.snapshot = snapshot

    def forward(self) -> Op:
        return partial(
            edits.confirm_match,
            claim_id=self.pair[0],
            other_id=self.pair[1],
            actor=self.history.actor(),
        )

    def forward_done(self, value: Any) -> None:
        self.snapshot = value

    def backward(self) -> Op:
        return partial(edits.restore_groups, snap=self.snapshot, actor=self.history.actor())


class RejectMatch(EditCommand):
    def __init__(self, history: History, claim_id: int, other_id: int, article_id: int) -> None:
        super().__init__(history, f"Mark claims {claim_id} and {other_id} as different", article_id)
        self.pair = (claim_id, other_id)

    def forward(self) -> Op:
        return partial(
            edits.reject_match,
            claim_id=self.pair[0],
            other_id=self.pair[1],
            actor=self.history.actor(),
        )

    def backward(self) -> Op:
        return partial(edits.forget_rejection, claim_id=self.pair[0], other_id=self.pair[1])


class LeaveGroup(EditCommand):
    def __init__(self, history: History, left: LeftGroup, article_id: int) -> None:
        super().__init__(history, f"Take claim {left.claim_id} out of its group", article_id)
        self.left = left

    def forward(self) -> Op:
        return partial(edits.leave_group, claim_id=self.left.claim_id)

    def forward_done(self, value: Any) -> None:
        self.left = value

    def backward(self) -> Op:
        return partial(edits.rejoin_group, left=self.left, actor=self.history.actor())
