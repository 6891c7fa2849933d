"""The one way a claim's fields, status or assignment are saved, on any desk.

The save carries the version the analyst saw.  When a colleague saved a newer one, the
runner answers ``Conflict`` and the save is merged field by field against the version
the analyst started from (kept here for every claim the inspector showed): fields the
colleague did not touch are saved again over their version without a question; only a
field both changed opens the conflict dialog (keep theirs, keep mine, merge, decide
later), which names who saved the newer version and when.  Nothing the analyst typed is
dropped unless they choose "Keep theirs": a refused or conflicting save leaves the text
in the inspector as an unsaved draft, a refused verdict keeps the rationale just typed,
and a save made while the team server is offline is kept and sent again, through the
same merge, when the server is back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from claimdesk.core import details, edits, team
from claimdesk.core.details import ClaimDetails
from claimdesk.core.records import ClaimRecord
from claimdesk.ui.commands import EditClaim, History, Op
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Conflict, Done, Failed, Outcome, Refused, Runner
from claimdesk.ui.team_conflict import KEEP_THEIRS, MERGED, ConflictDialog

Key = tuple[int, tuple[str, ...]]
Values = dict[str, object]
OFFLINE_KEPT = (
    "The team server can't be reached, so this change is not saved yet. It stays here "
    "and is saved by itself when the server is back."
)
_VERSIONS_KEPT = 12  # versions of one claim remembered as possible bases


@dataclass
class _Pending:
    """A save the offline server refused, to send again when it is back."""

    claim_id: int
    changes: dict[str, Any]
    expected: int | None
    before: ClaimRecord | None
    done_message: str


def field_values(shown: ClaimDetails) -> Values:
    out: Values = {n: getattr(shown.claim, n) for n in team.MERGED_FIELDS if n != "assigned_to"}
    out["assigned_to"] = shown.assignee
    return out


def _theirs(session: Any, claim_id: int, actor: str) -> tuple[ClaimDetails, str | None]:
    return (
        details.claim_details(session, claim_id=claim_id, actor=actor),
        team.saved_by(session, claim_id),
    )


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
        self._in_flight: set[Key] = set()
        self.saved: Callable[[ClaimRecord], None] | None = None  # for the status message
        # claim id -> version -> its field values: the bases of three-way merges
        self._seen: dict[int, dict[int, Values]] = {}
        self.offline: dict[Key, _Pending] = {}
        article.claimShown.connect(self._remember)

    # what the analyst saw ------------------------------------------------------------------
    def _remember(self, shown: ClaimDetails | None) -> None:
        if shown is not None:
            self._note(shown.claim.id, shown.claim.version, field_values(shown))

    def _note(self, claim_id: int, version: int, values: Values) -> None:
        versions = self._seen.setdefault(claim_id, {})
        versions[version] = values
        for old in sorted(versions)[:-_VERSIONS_KEPT]:
            del versions[old]

    def base(self, claim_id: int, version: int | None) -> Values | None:
        return None if version is None else self._seen.get(claim_id, {}).get(version)

    def pending(self, claim_id: int, name: str) -> tuple[bool, object]:
        """(True, value) when a save of ``name`` waits for the server to come back."""
        for key, item in self.offline.items():
            if key[0] == claim_id and name in item.changes:
                return True, item.changes[name]
        return False, None

    # saving ----------------------------------------------------------------------------------
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
            self._finished(claim_id, changes, before, expected, outcome, done_message, key)

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
        expected: int | None,
        outcome: Outcome,
        done_message: str,
        key: Key,
    ) -> None:
        inspector = self.article.inspector
        if isinstance(outcome, Done):
            rec: ClaimRecord = outcome.value
            self.offline.pop(key, None)
            base = self.base(claim_id, expected)
            if base is not None and rec.id == claim_id:
                self._note(claim_id, rec.version, {**base, **changes})
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
                self.offline.pop(key, None)
                self.messages.error(f"Claim {claim_id} was deleted by someone else meanwhile.")

            def resolve(found: tuple[ClaimDetails, str | None]) -> None:
                try:
                    self._resolve(claim_id, changes, found, expected, done_message, key)
                finally:
                    self._in_flight.discard(key)
                    self.offline.pop(key, None)

            self.runner.read(
                partial(_theirs, claim_id=claim_id, actor=self.history.actor()),
                resolve,
                gone,
                what="read their version of the claim",
            )
            return
        inspector.keep_draft(claim_id, changes)
        if isinstance(outcome, Failed) and outcome.offline:
            # kept, with the version it was made against, and sent again by resend_offline;
            # the inspector is not reloaded, so the box keeps what the analyst chose
            waiting = self.offline.get(key)
            base_version = waiting.expected if waiting is not None else expected
            self.offline[key] = _Pending(claim_id, changes, base_version, before, done_message)
            self.messages.error(OFFLINE_KEPT)
            inspector.show_message(OFFLINE_KEPT)
            return
        self.offline.pop(key, None)
        message = outcome.message if isinstance(outcome, Failed | Refused) else ""
        if "status" in changes or "assigned_to" in changes:
            # put the status or assignee box back (a refused verdict's rationale stays
            # in its field as a draft), then say why once the inspector shows it again
            self.article.select_claim(claim_id)
            self.runner.after(lambda: self.messages.error(message))
        else:
            self.messages.error(message)

    def resend_offline(self) -> int:
        """Send again what the offline server refused (the server is back); how many."""
        waiting = list(self.offline.values())  # each leaves the list when its save is done
        for item in waiting:
            self.save(
                item.claim_id,
                item.changes,
                before=item.before,
                expected=item.expected,
                done_message=f"Saved what you changed while offline (claim {item.claim_id})",
            )
        return len(waiting)

    # conflicts ---------------------------------------------------------------------------
    def _resolve(
        self,
        claim_id: int,
        changes: dict[str, Any],
        found: tuple[ClaimDetails, str | None],
        expected: int | None,
        done_message: str,
        key: Key,
    ) -> None:
        theirs, saved_by = found
        their_values = field_values(theirs)
        base = self.base(claim_id, expected)
        self._note(claim_id, theirs.claim.version, their_values)
        who = saved_by or (theirs.history[-1].who if theirs.history else "")
        inspector = self.article.inspector
        clash = team.clashing_fields(base, their_values, changes)
        if not clash:
            different = [
                n
                for n in changes
                if team.comparable(n, changes[n]) != team.comparable(n, their_values.get(n))
            ]
            if not different:  # they saved just what I meant to save
                inspector.drop_drafts(claim_id, changes)
                self.article.select_claim(claim_id)
                self.messages.info(f"{who or 'Someone'} had already saved the same change")
                return
            self._in_flight.discard(key)
            merged = f"{done_message} (merged with {who}\u2019s change)" if who else done_message
            self.save(
                claim_id,
                changes,
                before=theirs.claim,
                expected=theirs.claim.version,
                done_message=merged,
            )
            return
        dialog = ConflictDialog(
            claim_id,
            their_values,
            changes,
            who,
            self.parent,
            base=base,
            shown=clash,
            when=theirs.claim.updated_at,
        )
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
