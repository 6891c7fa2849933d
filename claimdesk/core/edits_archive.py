"""The window's edits for changed wording and the evidence archive (see ``core.edits``).

Same shape as ``core.edits``: ``(session, ...) -> Edited(value, changes)``, one
transaction each, run off the UI thread by the window's runner.
"""

from __future__ import annotations

from sqlmodel import Session

from claimdesk.core import archive, wording
from claimdesk.core.archive import Capture, SnapshotInfo
from claimdesk.core.changes import ChangeSet
from claimdesk.core.edits import Edited
from claimdesk.core.records import ClaimRecord


def _group_records(session: Session, claim_id: int) -> list[ClaimRecord]:
    from claimdesk.core import claims, groups

    group_id = groups.group_of(session, claim_id)
    ids = groups.members(session, group_id) if group_id is not None else [claim_id]
    return [claims.get_claim(session, cid) for cid in ids]


def review_wording(
    session: Session,
    claim_id: int,
    *,
    actor: str,
    status: str | None = None,
    rationale: str | None = None,
    expected_version: int | None = None,
) -> Edited[wording.Reviewed]:
    done = wording.review_wording(
        session,
        claim_id,
        actor=actor,
        status=status,
        rationale=rationale,
        expected_version=expected_version,
    )
    return Edited(done, ChangeSet.of_claims(_group_records(session, claim_id)))


def unreview_wording(
    session: Session, done: wording.Reviewed, *, actor: str
) -> Edited[ClaimRecord]:
    rec = wording.unreview(session, done, actor=actor)
    return Edited(rec, ChangeSet.of_claims(_group_records(session, rec.id)))


def _source_changes(session: Session, source_id: int) -> ChangeSet:
    cited = archive.claims_citing(session, source_id)
    return ChangeSet(sources=True, evidence=frozenset(cited), claims=frozenset(cited))


def add_snapshot(
    session: Session,
    source_id: int,
    capture: Capture,
    *,
    actor: str,
    snapshot_id: int | None = None,
    max_bytes: int = archive.MAX_SNAPSHOT_BYTES,
) -> Edited[SnapshotInfo]:
    info = archive.add_snapshot(
        session, source_id, capture, actor=actor, snapshot_id=snapshot_id, max_bytes=max_bytes
    )
    return Edited(info, _source_changes(session, source_id))


def remove_snapshot(session: Session, snapshot_id: int) -> Edited[SnapshotInfo]:
    info = archive.remove_snapshot(session, snapshot_id)
    return Edited(info, _source_changes(session, info.source_id))
