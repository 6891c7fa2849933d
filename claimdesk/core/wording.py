"""Changed wording: a claim placed on words that differ from its quote is flagged until
the analyst reviews it.

A refresh (``core.refresh``) or a restore (``core.claims.restore_claim``) that finds a
claim by a fuzzy match moves its quote onto the new words.  The words it had before are
kept in ``claim.wording_before`` with the version that changed them, and a history row
(``event = "wording"``) says what changed.  A claim with a verdict keeps its verdict,
marked *needs re-check*: nothing re-judges it but the analyst, whose review (keep the
verdict, or change it with a rationale) is another history row (``event = "recheck"``)
and clears the flag.  ``unreview`` is its undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from claimdesk.core.claims import claim_for_write, claim_row, record
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.core.verify import as_status
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.core.wording_flag import RECHECK, WORDING, is_verdict, note_new_words, quoted
from claimdesk.errors import ValidationError
from claimdesk.store.models import StatusChange
from claimdesk.store.types import utcnow

__all__ = ["RECHECK", "WORDING", "Reviewed", "note_new_words", "review_wording", "unreview"]


@dataclass(frozen=True)
class Reviewed:
    """What ``unreview`` needs to put a review back."""

    claim: ClaimRecord  # the claim after the review
    wording_before: str
    wording_version: int | None
    status: str  # before the review
    rationale: str


@operation
def review_wording(
    session: Session,
    claim_id: int,
    *,
    actor: str,
    status: str | None = None,
    rationale: str | None = None,
    expected_version: int | None = None,
) -> Reviewed:
    """The analyst reviewed a claim's changed wording: keep its status (``status`` None
    or unchanged) or change it (a verdict needs a rationale and evidence, as always).
    One transaction: the new status (shared by the claim's group), the history row and
    the cleared flag."""
    row = claim_for_write(session, claim_id, expected_version, lock=False)
    if row.wording_before is None:
        raise ValidationError(
            f"The wording of claim {claim_id} has not changed; nothing to review."
        )
    before = Reviewed(
        record(session, row), row.wording_before, row.wording_version, row.status, row.rationale
    )
    now = utcnow()
    new = as_status(status or row.status)
    changed = new.value != row.status or (rationale is not None and rationale != row.rationale)
    if changed:
        # the group rule and the verdict rules of set_group_status, in this transaction
        from claimdesk.core import groups

        set_status = groups.set_group_status.__wrapped__  # type: ignore[attr-defined]
        set_status(session, claim_id, new, actor=actor, rationale=rationale)
        row = claim_row(session, claim_id)
    label = STATUS_INFO[new].label
    kept = "kept" if new.value == before.status else f"changed to {label}"
    what = "verdict" if is_verdict(new.value) or is_verdict(before.status) else "status"
    session.add(
        StatusChange(
            claim_id=claim_id,
            from_status=before.status,
            to_status=new.value,
            actor=actor,
            at=now,
            rationale=(
                f"Re-checked after the wording changed ({quoted(before.wording_before)} "
                f"\u2192 {quoted(row.quote_exact)}): {what} {kept}."
            ),
            event=RECHECK,
        )
    )
    row.wording_before = row.wording_version = None
    row.updated_at = now
    session.add(row)
    session.flush()
    return Reviewed(
        record(session, row), before.wording_before, before.wording_version,
        before.status, before.rationale,
    )  # fmt: skip


@operation
def unreview(session: Session, done: Reviewed, *, actor: str) -> ClaimRecord:
    """Undo ``review_wording``: the flag comes back, and the status if the review changed
    it (history keeps both rows: it is never rewritten)."""
    row = claim_for_write(session, done.claim.id, None, lock=False)
    if row.status != done.status or row.rationale != done.rationale:
        from claimdesk.core import groups

        set_status = groups.set_group_status.__wrapped__  # type: ignore[attr-defined]
        set_status(session, row.id, done.status, actor=actor, rationale=done.rationale)
        row = claim_row(session, done.claim.id)
    row.wording_before, row.wording_version = done.wording_before, done.wording_version
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return record(session, row)
