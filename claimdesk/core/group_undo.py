"""Undoing "Same claim": put both claims' groups, statuses and decisions back exactly.

Confirming a match can merge two groups, delete the emptied one, share a verdict with
claims that had none and forget an earlier "not the same".  Its undo is therefore not
"leave the group" but a snapshot of everything the confirmation may touch, taken before
it, and restored in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from claimdesk.core.claims import claim_row
from claimdesk.core.groups import _side, group_of, members
from claimdesk.core.ops import operation
from claimdesk.core.verify import apply_status
from claimdesk.core.vocab import Status
from claimdesk.store.models import ClaimGroup, ClaimGroupMember, MatchRejection
from claimdesk.store.types import utcnow


@dataclass(frozen=True)
class GroupSnapshot:
    claims: tuple[int, ...]
    members: tuple[tuple[int, int, str, datetime], ...]  # claim, group, added by, at
    groups: tuple[tuple[int, str, datetime], ...]  # group id, created by, at
    statuses: tuple[tuple[int, str, str], ...]  # claim, status, rationale
    rejection: tuple[int, int, str, datetime] | None


def snapshot_pair(session: Session, claim_id: int, other_id: int) -> GroupSnapshot:
    ids = tuple(sorted({*_side(session, claim_id), *_side(session, other_id)}))
    member_rows = [session.get(ClaimGroupMember, cid) for cid in ids]
    kept = [m for m in member_rows if m is not None]
    group_ids = {m.group_id for m in kept}
    groups = [g for g in (session.get(ClaimGroup, gid) for gid in group_ids) if g is not None]
    low, high = sorted((claim_id, other_id))
    rejection = session.exec(
        select(MatchRejection).where(
            col(MatchRejection.claim_low) == low, col(MatchRejection.claim_high) == high
        )
    ).first()
    return GroupSnapshot(
        claims=ids,
        members=tuple((m.claim_id, m.group_id, m.added_by, m.added_at) for m in kept),
        groups=tuple((int(g.id or 0), g.created_by, g.created_at) for g in groups),
        statuses=tuple(
            (cid, row.status, row.rationale) for cid in ids for row in [claim_row(session, cid)]
        ),
        rejection=(low, high, rejection.actor, rejection.at) if rejection else None,
    )


@operation
def restore_snapshot(session: Session, snap: GroupSnapshot, *, actor: str) -> None:
    """Put the claims of ``snap`` back in the groups, statuses and decisions it records;
    status changes are appended to each claim's history as usual."""
    touched = {g for cid in snap.claims if (g := group_of(session, cid)) is not None}
    session.execute(delete(ClaimGroupMember).where(col(ClaimGroupMember.claim_id).in_(snap.claims)))
    for gid, by, at in snap.groups:
        if session.get(ClaimGroup, gid) is None:
            session.add(ClaimGroup(id=gid, created_by=by, created_at=at))
    session.flush()
    for cid, gid, by, at in snap.members:
        session.add(ClaimGroupMember(claim_id=cid, group_id=gid, added_by=by, added_at=at))
    session.flush()
    for gid in touched - {g for _c, g, _b, _a in snap.members}:
        if not members(session, gid):  # the group the confirmation created
            session.execute(delete(ClaimGroup).where(col(ClaimGroup.id) == gid))
    now = utcnow()
    for cid, status, rationale in snap.statuses:
        apply_status(session, claim_row(session, cid), Status(status), rationale, actor, now)
    if snap.rejection is not None:
        low, high, by, at = snap.rejection
        exists = session.exec(
            select(MatchRejection).where(
                col(MatchRejection.claim_low) == low, col(MatchRejection.claim_high) == high
            )
        ).first()
        if exists is None:
            session.add(MatchRejection(claim_low=low, claim_high=high, actor=by, at=at))
    session.flush()
