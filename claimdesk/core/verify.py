"""The verification workflow: status changes with their append-only history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimdesk.core.claims import claim_for_write, claim_row, record
from claimdesk.core.convert import history_record
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord, HistoryRecord
from claimdesk.core.vocab import STATUS_INFO, Status, parse_status
from claimdesk.errors import ValidationError
from claimdesk.store.models import Claim, Evidence, StatusChange
from claimdesk.store.types import utcnow


def verdict_problem(status: Status, rationale: str, evidence_count: int) -> str | None:
    """Why a claim may not take ``status`` yet, or None when it may."""
    info = STATUS_INFO[status]
    if not info.is_verdict:
        return None
    missing = []
    if not rationale.strip():
        missing.append("a rationale explaining the verdict")
    if info.needs_evidence and evidence_count == 0:
        missing.append("at least one linked source as evidence")
    if not missing:
        return None
    return f"A claim can be marked {info.label} only with " + " and ".join(missing) + "."


def as_status(status: Status | str) -> Status:
    try:
        return status if isinstance(status, Status) else parse_status(status)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def apply_status(
    session: Session, row: Claim, status: Status, rationale: str, actor: str, now: datetime
) -> None:
    """Give a loaded claim its new status and rationale and append the history row
    (nothing happens when both are unchanged).  The caller's transaction commits it; the
    mapping moves the version on and checks the one ``row`` was loaded at."""
    if row.status == status.value and row.rationale == rationale:
        return
    assert row.id is not None
    session.add(
        StatusChange(
            claim_id=row.id,
            from_status=row.status,
            to_status=status.value,
            actor=actor,
            at=now,
            rationale=rationale,
        )
    )
    row.status, row.rationale = status.value, rationale
    row.updated_at = now
    session.add(row)


@operation
def set_status(
    session: Session,
    claim_id: int,
    status: Status | str,
    *,
    actor: str,
    rationale: str | None = None,
    expected_version: int | None = None,
) -> ClaimRecord:
    """Move a claim to ``status`` and append the history row, in one transaction.

    ``rationale`` replaces the claim's rationale when given.  Verdicts are refused, with
    the reason, until the claim has a rationale and (for most verdicts) evidence.
    """
    new = as_status(status)
    row = claim_for_write(session, claim_id, expected_version)
    new_rationale = row.rationale if rationale is None else rationale.strip()
    n_evidence = session.exec(
        select(func.count()).select_from(Evidence).where(Evidence.claim_id == claim_id)
    ).one()
    problem = verdict_problem(new, new_rationale, int(n_evidence))
    if problem:
        raise ValidationError(problem)
    apply_status(session, row, new, new_rationale, actor, utcnow())
    session.flush()
    return record(session, row)


def history(session: Session, claim_id: int) -> list[HistoryRecord]:
    claim_row(session, claim_id)
    rows = session.exec(
        select(StatusChange)
        .where(StatusChange.claim_id == claim_id)
        .order_by(col(StatusChange.at), col(StatusChange.id))
    )
    return [history_record(r) for r in rows]
