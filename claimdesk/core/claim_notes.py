"""History rows for edits of a claim that leave its status as it was."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from claimdesk.store.models import Claim, StatusChange
from claimdesk.store.types import utcnow

HISTORY_FIELDS = {
    "statement": "Statement",
    "claimant": "Claimant",
    "claim_date": "Date",
    "tags": "Tags",
}


def shown(value: Any) -> str:
    text = ", ".join(value) if isinstance(value, list) else str(value or "")
    return text if len(text) <= 200 else text[:199] + "\u2026"


def note_change(session: Session, row: Claim, note: str, actor: str, at: Any = None) -> None:
    """A history row that records an edit (the status stays what it was)."""
    assert row.id is not None
    session.add(
        StatusChange(
            claim_id=row.id,
            from_status=row.status,
            to_status=row.status,
            actor=actor,
            at=at or utcnow(),
            rationale=note,
        )
    )
