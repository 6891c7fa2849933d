"""The rows of a report about each claim: its evidence (its own, then its group's, with
the archive's time and hash) and its history (undo round trips collapsed).

Split from ``core.report`` to keep it small; ``core.report`` re-exports the row types.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, col, select

from claimdesk.core.vocab import STANCE_LABELS
from claimdesk.store.models import Evidence, Source, StatusChange

_STANCE_LABELS = {s.value: label for s, label in STANCE_LABELS.items()}


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    source_id: int
    source_title: str
    source_url: str | None
    publisher: str | None
    source_kind: str
    stance: str
    stance_label: str
    excerpt: str
    locator: str
    note: str
    accessed_at: datetime | None
    shared_from: int | None = None  # linked to this claim of its group, whose verdict it shares
    archived_at: datetime | None = None  # the source's newest snapshot in the archive
    archive_sha256: str | None = None
    archive_note: str = ""


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    actor: str
    from_status: str | None
    to_status: str
    rationale: str


def evidence_rows(session: Session, claim_ids: list[int]) -> dict[int, list[EvidenceRow]]:
    """Each claim's own evidence, then its group's (``shared_from`` set)."""
    from claimdesk.core.group_evidence import shared_links

    shared = shared_links(session, claim_ids)
    origins = {cid: sorted({origin for origin, _ in links}) for cid, links in shared.items()}
    everyone = set(claim_ids) | {o for found in origins.values() for o in found}
    rows = _evidence_rows(session, sorted(everyone))
    out: dict[int, list[EvidenceRow]] = {}
    for cid in claim_ids:
        out[cid] = list(rows.get(cid, []))
        for origin in origins.get(cid, []):
            out[cid] += [replace(e, shared_from=origin) for e in rows.get(origin, [])]
    return out


def _evidence_rows(session: Session, claim_ids: list[int]) -> dict[int, list[EvidenceRow]]:
    out: dict[int, list[EvidenceRow]] = {}
    for chunk in chunks(claim_ids):
        stmt = (
            select(Evidence, Source)
            .join(Source, col(Source.id) == col(Evidence.source_id))
            .where(col(Evidence.claim_id).in_(chunk))
            .order_by(col(Evidence.created_at), col(Evidence.id))
        )
        for e, s in session.exec(stmt):
            assert e.id is not None and s.id is not None
            out.setdefault(e.claim_id, []).append(
                EvidenceRow(
                    id=e.id,
                    source_id=s.id,
                    source_title=s.title,
                    source_url=s.url,
                    publisher=s.publisher,
                    source_kind=s.kind,
                    stance=e.stance,
                    stance_label=_STANCE_LABELS.get(e.stance, e.stance),
                    excerpt=e.excerpt,
                    locator=e.locator,
                    note=e.note,
                    accessed_at=s.accessed_at,
                    archived_at=s.archived_at,
                    archive_sha256=s.snapshot_sha256 if s.archived_at else None,
                    archive_note=s.archive_note or "",
                )
            )
    return out


def history_rows(session: Session, claim_ids: list[int]) -> dict[int, list[HistoryRow]]:
    out: dict[int, list[HistoryRow]] = {}
    for chunk in chunks(claim_ids):
        stmt = (
            select(StatusChange)
            .where(col(StatusChange.claim_id).in_(chunk))
            .order_by(col(StatusChange.at), col(StatusChange.id))
        )
        for h in session.exec(stmt):
            out.setdefault(h.claim_id, []).append(
                HistoryRow(
                    at=h.at,
                    actor=h.actor,
                    from_status=h.from_status,
                    to_status=h.to_status,
                    rationale=h.rationale,
                )
            )
    return out


def chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    # SQLite caps bound parameters; 500 keeps every IN list well under the limit.
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def collapse_round_trips(history: list[HistoryRow]) -> list[HistoryRow]:
    """History without changes that were taken straight back (an undo): "Verified ->
    Unverified -> Verified" reads as the one "-> Verified" it amounts to."""
    out: list[HistoryRow] = []
    for h in history:
        if out and _undoes(out[-1], h):
            out.pop()
            continue
        out.append(h)
    return out


def _undoes(last: HistoryRow, h: HistoryRow) -> bool:
    return (
        last.from_status is not None
        and h.from_status != h.to_status
        and last.from_status == h.to_status
        and last.to_status == h.from_status
    )
