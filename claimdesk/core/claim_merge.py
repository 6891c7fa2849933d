"""Merging two adjacent claims into one, and its undo."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, col, select

from claimdesk.core.claim_notes import note_change
from claimdesk.core.claim_spans import (
    SpanState,
    _folded,
    _place,
    _short,
    _state,
    _text,
    copy_evidence,
)
from claimdesk.core.claims import (
    DeletedClaim,
    claim_for_write,
    delete_claim_rows,
    record,
    restore_claim_rows,
)
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.errors import ValidationError
from claimdesk.store.models import Claim, Evidence


# merging -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Merge:
    kept: ClaimRecord
    removed: DeletedClaim
    before: SpanState
    copied: tuple[int, ...]  # evidence links copied onto the kept claim


def _adjacent(session: Session, a: Claim, b: Claim, text: str) -> None:
    if a.article_id != b.article_id:
        raise ValidationError("Only claims of the same article can be merged.")
    between = session.exec(
        select(Claim.id).where(
            Claim.article_id == a.article_id,
            col(Claim.id).not_in([a.id, b.id]),
            col(Claim.orphaned).is_(False),
            col(Claim.pos_start) >= a.pos_end,
            col(Claim.pos_end) <= b.pos_start,
        )
    ).first()
    if (
        between is not None
        or b.pos_start - a.pos_end > 400
        or "\n" in text[a.pos_end : b.pos_start]
    ):
        raise ValidationError(
            f"Claims {a.id} and {b.id} are not next to each other in the same paragraph; "
            "only adjacent claims can be merged. Nothing was changed."
        )
    if a.status != b.status:
        raise ValidationError(
            f"Claim {a.id} is {a.status.replace('_', ' ')} and claim {b.id} is "
            f"{b.status.replace('_', ' ')}; give them the same status before merging."
        )


@operation
def merge_claims(
    session: Session,
    claim_id: int,
    other_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
    other_version: int | None = None,
) -> Merge:
    """Merge two adjacent claims into the earlier one: its span runs over both, the
    other's evidence and tags move onto it, and the other claim is deleted."""
    if claim_id == other_id:
        raise ValidationError("A claim cannot be merged with itself.")
    one = claim_for_write(session, claim_id, expected_version)
    two = claim_for_write(session, other_id, other_version)
    if one.orphaned or two.orphaned:
        raise ValidationError("A claim whose quote could not be placed cannot be merged.")
    a, b = sorted((one, two), key=lambda r: (r.pos_start, r.id))
    text = _text(session, a)
    _adjacent(session, a, b, text)
    kept, gone = one, two  # the claim the analyst acts on is the one kept
    before = _state(kept)
    both_quotes = _folded(a.statement) == _folded(a.quote_exact) and _folded(
        b.statement
    ) == _folded(b.quote_exact)
    statement = None if both_quotes else f"{a.statement} {b.statement}"
    old_gone = gone.quote_exact
    gone_id = int(gone.id or 0)
    if both_quotes:
        kept.statement = kept.quote_exact  # so that it follows the merged quote
    _place(kept, text, min(a.pos_start, b.pos_start), max(a.pos_end, b.pos_end), statement)
    kept.tags = list(dict.fromkeys([*(kept.tags or []), *(gone.tags or [])]))
    copied = copy_evidence(session, gone_id, claim_id, actor)
    note_change(
        session,
        kept,
        f"Merged with claim {gone_id} (\u201c{_short(old_gone)}\u201d); the quote is now "
        f"\u201c{_short(kept.quote_exact)}\u201d.",
        actor,
    )
    session.add(kept)
    session.flush()
    removed = delete_claim_rows(session, gone_id)
    return Merge(record(session, kept), removed, before, tuple(copied))


@operation
def unmerge_claims(session: Session, merge: Merge, *, actor: str) -> ClaimRecord:
    """Undo of a merge: the other claim comes back with its own evidence and history."""
    row = claim_for_write(session, merge.kept.id, None)
    if merge.copied:
        session.execute(delete(Evidence).where(col(Evidence.id).in_(list(merge.copied))))
    text = _text(session, row)
    _place(row, text, merge.before.start, merge.before.end, merge.before.statement)
    row.tags = list(merge.before.tags)
    note_change(session, row, f"Merge undone: claim {merge.removed.claim_id} is back.", actor)
    session.add(row)
    session.flush()
    restore_claim_rows(session, merge.removed)
    return record(session, row)
