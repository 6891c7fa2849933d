"""The one way a claim's fields, status or assignment are saved, on any desk.

The save carries the version the analyst saw.  When a colleague saved a newer one, the
runner answers ``Conflict`` and the conflict dialog resolves it (keep theirs, keep mine,
merge, decide later); keeping mine saves again against their version, through the same
runner.  Nothing the analyst typed is dropped unless they choose "Keep theirs": a refused,
conflicting or offline save leaves the text in the inspector as an unsaved draft, and a
refused verdict keeps the rationale just typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from claimdesk.core import details, edits
from claimdesk.core.details import ClaimDetails
from claimdesk.core.records import ClaimRecord
from claimdesk.ui.commands import EditClaim, History, Op
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Conflict, Done, Failed, Outcome, Refused, Runner
from claimdesk.ui.team_conflict import KEEP_THEIRS, MERGED, ConflictDialog


class ClaimSaver:
    def __init__(
        self,
        runner: Runner,
        history: History,
        article: ArticleController,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        self.runner = runner
        self.history = history
        self.article = article
        self.messages = messages
        self.parent = parent
        self._in_flight: set[tuple[int, tuple[str, ...]]] = set()
        self.saved: Callable[[ClaimRecord], None] | None = None  # for the status message

    def save(
        self,
        claim_id: int,
        changes: dict[str, Any],
        *,
        before: ClaimRecord | None = None,
        expected: int | None = None,
        done_message: str = "Claim saved",
    ) -> None:
        key = (claim_id, tuple(sorted(changes)))
        if key in self._in_flight:
            # the conflict dialog took the focus and the inspector's field, leaving, asked
            # to save the same text again: the first save already holds it
            return
        before = before or self.article.shown_claim(claim_id)
        inspector = self.article.inspector
        if expected is None:
            expected = inspector.base_version(claim_id, changes)
        if expected is None and before is not None:
            expected = before.version
        op = self._op(claim_id, changes, expected)
        self._in_flight.add(key)

        def finished(outcome: Outcome) -> None:
            # a conflict stays in flight until its dialog is answered: the dialog takes the
            # focus, and the field it takes it from asks to save the same text again
            if not isinstance(outcome, Conflict):
                self._in_flight.discard(key)
            self._finished(claim_id, changes, before, outcome, done_message, key)

        self.runner.run(op, finished, what="save the claim")

    def _op(self, claim_id: int, changes: dict[str, Any], expected: int | None) -> Op:
        actor = self.history.actor()
        if "status" in changes:
            return partial(
                edits.set_status,
                claim_id=claim_id,
                status=str(changes["status"]),
                rationale=changes.get("rationale"),
                actor=actor,
                expected_version=expected,
            )
        if "assigned_to" in changes:
            return partial(
                edits.assign,
                claim_id=claim_id,
                analyst=str(changes["assigned_to"] or ""),
                actor=actor,
                expected_version=expected,
            )
        return partial(
            edits.edit_claim,
            claim_id=claim_id,
            changes=changes,
            expected_version=expected,
            actor=actor,
        )

    def _finished(
        self,
        claim_id: int,
        changes: dict[str, Any],
        before: ClaimRecord | None,
        outcome: Outcome,
        done_message: str,
        key: tuple[int, tuple[str, ...]],
    ) -> None:
        inspector = self.article.inspector
        if isinstance(outcome, Done):
            rec: ClaimRecord = outcome.value
            inspector.drop_drafts(claim_id, changes)
            self.messages.info(done_message)
            names = [n for n in changes if n != "assigned_to"]
            changed = before is not None and any(
                getattr(before, n) != getattr(rec, n) for n in names
            )
            if before is not None and changed:
                self.history.push(EditClaim(self.history, before, rec, names))
            return
        if isinstance(outcome, Conflict):

            def gone(_message: str) -> None:
                self._in_flight.discard(key)
                self.messages.error(f"Claim {claim_id} was deleted by someone else meanwhile.")

            def resolve(theirs: ClaimDetails) -> None:
                try:
                    self._resolve(claim_id, changes, theirs, key)
                finally:
                    self._in_flight.discard(key)

            self.runner.read(
                partial(details.claim_details, claim_id=claim_id, actor=self.history.actor()),
                resolve,
                gone,
            )
            return
        inspector.keep_draft(claim_id, changes)
        message = outcome.message if isinstance(outcome, Failed | Refused) else ""
        if "status" in changes or "assigned_to" in changes:
            # put the status or assignee box back (a refused verdict's rationale stays
            # in its field as a draft), then say why once the inspector shows it again
            self.article.select_claim(claim_id)
            self.runner.after(lambda: self.messages.error(message))
        else:
            self.messages.error(message)

    def _resolve(
        self,
        claim_id: int,
        changes: dict[str, Any],
        theirs: ClaimDetails,
        key: tuple[int, tuple[str, ...]],
    ) -> None:
        shown: dict[str, Any] = {}
        for name in changes:
            shown[name] = theirs.assignee if name == "assigned_to" else getattr(theirs.claim, name)
        who = theirs.history[-1].who if theirs.history else ""
        dialog = ConflictDialog(claim_id, shown, changes, str(who), self.parent)
        inspector = self.article.inspector
        if dialog.exec() != QDialog.DialogCode.Accepted:
            inspector.keep_draft(claim_id, dialog.values(MERGED))
            self.article.select_claim(claim_id)
            self.messages.error("Not saved: your text is kept in the inspector.")
            return
        if dialog.choice == KEEP_THEIRS:
            inspector.drop_drafts(claim_id, changes)
            self.article.select_claim(claim_id)
            self.messages.info("Kept their version of the claim", 5000)
            return
        self._in_flight.discard(key)
        self.save(claim_id, dialog.values(), before=theirs.claim, expected=theirs.claim.version)
