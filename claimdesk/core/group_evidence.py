"""The evidence a claim's group shares with it.

Claims confirmed as the same claim share one verdict, so whatever one of them cites
backs the others too: wherever a verdict is shown, the group's evidence is shown beside
it, marked as shared from the claim it is linked to.  Evidence stays linked to one claim;
nothing is copied.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, col, select

from claimdesk.core.convert import evidence_record
from claimdesk.core.records import EvidenceRecord
from claimdesk.store.models import Evidence, Source

# (claim, the other member the evidence is linked to, evidence id), for existing claims
_SHARED = (
    "SELECT m1.claim_id, m2.claim_id, e.id FROM claim_group_member m1 "
    "JOIN claim_group_member m2 ON m2.group_id = m1.group_id AND m2.claim_id <> m1.claim_id "
    "JOIN claim c ON c.id = m2.claim_id "
    "JOIN evidence e ON e.claim_id = m2.claim_id "
    "WHERE m1.claim_id IN ({ids})"
)


def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


_HAS_GROUPS: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _has_groups(session: Session) -> bool:
    """False on a desk still below migration 0004 (written to by upgrade tests); once
    the table is there it stays, so only that answer is remembered."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if _HAS_GROUPS.get(engine):
        return True
    found = bool(inspect(session.connection()).has_table("claim_group_member"))
    if found:
        _HAS_GROUPS[engine] = True
    return found


def shared_links(session: Session, claim_ids: Sequence[int]) -> dict[int, list[tuple[int, int]]]:
    """claim id -> [(the member it is shared from, evidence id)], oldest link first."""
    out: dict[int, list[tuple[int, int]]] = {}
    if not claim_ids or not _has_groups(session):
        return out
    for chunk in _chunks(sorted(set(claim_ids))):
        names = ", ".join(f":c{i}" for i in range(len(chunk)))
        params = {f"c{i}": cid for i, cid in enumerate(chunk)}
        for claim_id, origin, evidence_id in session.execute(
            text(_SHARED.format(ids=names) + " ORDER BY e.id"), params
        ):
            out.setdefault(int(claim_id), []).append((int(origin), int(evidence_id)))
    return out


def shared_counts(session: Session, claim_ids: Sequence[int]) -> dict[int, int]:
    return {cid: len(links) for cid, links in shared_links(session, claim_ids).items()}


def shared_evidence(session: Session, claim_id: int) -> list[EvidenceRecord]:
    """The evidence of the other claims of ``claim_id``'s group, each with ``shared_from``."""
    links = shared_links(session, [claim_id]).get(claim_id, [])
    if not links:
        return []
    origin = {evidence_id: member for member, evidence_id in links}
    stmt = (
        select(Evidence, Source)
        .join(Source, col(Source.id) == col(Evidence.source_id))
        .where(col(Evidence.id).in_(list(origin)))
        .order_by(col(Evidence.created_at), col(Evidence.id))
    )
    out = []
    for e, s in session.exec(stmt):
        rec = evidence_record(e, s)
        out.append(_shared(rec, origin[rec.id]))
    return out


def _shared(rec: EvidenceRecord, origin: int) -> EvidenceRecord:
    from dataclasses import replace

    return replace(rec, shared_from=origin)
