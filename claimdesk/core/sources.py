"""Sources and the evidence links that tie them to claims."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimdesk.core.claims import claim_row
from claimdesk.core.convert import evidence_record, source_record
from claimdesk.core.ops import operation
from claimdesk.core.records import EvidenceRecord, SourceRecord
from claimdesk.core.urls import check_url
from claimdesk.core.verify import verdict_problem
from claimdesk.core.vocab import SourceKind, Stance, Status, parse_enum
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import Evidence, Source
from claimdesk.store.types import utcnow


@dataclass(frozen=True)
class SourceDraft:
    url: str | None = None
    title: str = ""
    publisher: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    accessed_at: datetime | None = None
    kind: str = SourceKind.OTHER.value
    snapshot: bytes | None = None
    snapshot_media_type: str | None = None
    notes: str = ""


@operation
def add_source(
    session: Session, draft: SourceDraft, *, source_id: int | None = None
) -> SourceRecord:
    """Add a source; ``source_id`` puts a removed source back under its old id (redo)."""
    if source_id is not None and session.get(Source, source_id) is not None:
        raise ValidationError(f"Source {source_id} already exists.")
    url = check_url(draft.url)
    title = draft.title.strip()
    if not title and not url:
        raise ValidationError("A source needs a title or a web address.")
    try:
        kind = parse_enum(SourceKind, draft.kind, "source kind")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    row = Source(
        id=source_id,
        url=url,
        title=title or url or "",
        publisher=(draft.publisher or "").strip() or None,
        author=(draft.author or "").strip() or None,
        published_at=draft.published_at,
        accessed_at=draft.accessed_at or utcnow(),
        kind=kind.value,
        snapshot=draft.snapshot,
        snapshot_sha256=hashlib.sha256(draft.snapshot).hexdigest() if draft.snapshot else None,
        snapshot_media_type=draft.snapshot_media_type if draft.snapshot else None,
        notes=draft.notes,
    )
    session.add(row)
    session.flush()
    return source_record(row)


def _source(session: Session, source_id: int) -> Source:
    row = session.get(Source, source_id)
    if row is None:
        raise NotFoundError(f"There is no source {source_id}.")
    return row


def get_source(session: Session, source_id: int) -> SourceRecord:
    return source_record(_source(session, source_id))


@operation
def delete_source(session: Session, source_id: int) -> SourceRecord:
    """Remove a source that no claim cites (undo of adding it)."""
    row = _source(session, source_id)
    used = session.exec(
        select(func.count()).select_from(Evidence).where(Evidence.source_id == source_id)
    ).one()
    if used:
        raise ValidationError(
            f"Source {source_id} is cited as evidence by {used} claim(s); unlink it first."
        )
    rec = source_record(row)
    session.delete(row)
    session.flush()
    return rec


def list_sources(session: Session) -> list[tuple[SourceRecord, list[int]]]:
    """Every source, newest first, with the ids of the claims it is evidence for."""
    rows = session.exec(select(Source).order_by(col(Source.created_at).desc(), col(Source.id)))
    backing: dict[int, list[int]] = {}
    for source_id, claim_id in session.exec(
        select(Evidence.source_id, Evidence.claim_id).order_by(col(Evidence.claim_id))
    ):
        backing.setdefault(source_id, [])
        if claim_id not in backing[source_id]:
            backing[source_id].append(claim_id)
    return [(source_record(r), backing.get(r.id or 0, [])) for r in rows]


@operation
def link_evidence(
    session: Session,
    claim_id: int,
    source_id: int,
    stance: Stance | str,
    *,
    actor: str,
    excerpt: str = "",
    locator: str = "",
    note: str = "",
) -> EvidenceRecord:
    claim_row(session, claim_id)
    source = _source(session, source_id)
    try:
        stance = parse_enum(Stance, str(stance), "stance")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    row = Evidence(
        claim_id=claim_id,
        source_id=source_id,
        stance=stance.value,
        excerpt=excerpt.strip(),
        locator=locator.strip(),
        note=note.strip(),
        created_by=actor,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return evidence_record(row, source)


@operation
def unlink_evidence(session: Session, evidence_id: int) -> EvidenceRecord:
    """Remove an evidence link; a verdict that would lose its last evidence is kept."""
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFoundError(f"There is no evidence link {evidence_id}.")
    claim = claim_row(session, row.claim_id)
    remaining = (
        session.exec(
            select(func.count()).select_from(Evidence).where(Evidence.claim_id == row.claim_id)
        ).one()
        - 1
    )
    problem = verdict_problem(Status(claim.status), claim.rationale, int(remaining))
    if problem:
        raise ValidationError(
            f"Claim {claim.id} is marked {claim.status} and this is its last evidence. "
            "Change its status before unlinking."
        )
    rec = evidence_record(row, _source(session, row.source_id))
    session.delete(row)
    session.flush()
    return rec


@operation
def restore_evidence(session: Session, rec: EvidenceRecord) -> EvidenceRecord:
    """Put back an unlinked evidence link with its original id (undo of unlinking)."""
    if session.get(Evidence, rec.id) is not None:
        raise ValidationError(f"Evidence link {rec.id} already exists.")
    claim_row(session, rec.claim_id)
    source = _source(session, rec.source.id)
    row = Evidence(
        id=rec.id,
        claim_id=rec.claim_id,
        source_id=rec.source.id,
        stance=rec.stance,
        excerpt=rec.excerpt,
        locator=rec.locator,
        note=rec.note,
        created_by=rec.created_by,
        created_at=rec.created_at,
    )
    session.add(row)
    session.flush()
    return evidence_record(row, source)


def list_evidence(session: Session, claim_id: int) -> list[EvidenceRecord]:
    claim_row(session, claim_id)
    rows = session.exec(
        select(Evidence, Source)
        .join(Source, col(Source.id) == col(Evidence.source_id))
        .where(Evidence.claim_id == claim_id)
        .order_by(col(Evidence.created_at), col(Evidence.id))
    )
    return [evidence_record(e, s) for e, s in rows]
