"""Rows to records: nothing outside core sees an ORM object."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel

from claimdesk.core.records import (
    Anchor,
    ArticleInfo,
    ClaimRecord,
    EvidenceRecord,
    HistoryRecord,
    SourceRecord,
)
from claimdesk.store.models import Article, Claim, Evidence, Source, StatusChange


def article_info(row: Article, claim_counts: dict[str, int] | None = None) -> ArticleInfo:
    assert row.id is not None
    return ArticleInfo(
        id=row.id,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        author=row.author,
        published_at=row.published_at,
        retrieved_at=row.retrieved_at,
        language=row.language,
        text_sha256=row.text_sha256,
        created_at=row.created_at,
        updated_at=row.updated_at,
        claim_counts=dict(claim_counts or {}),
        # not loaded: a row written while the desk was older than 0007 (tests of upgrades)
        place=vars(row).get("place") if isinstance(row, Article) else getattr(row, "place", None),
    )


def claim_record(row: Claim, evidence_count: int = 0, shared: int = 0) -> ClaimRecord:
    assert row.id is not None
    return ClaimRecord(
        id=row.id,
        article_id=row.article_id,
        anchor=Anchor(
            exact=row.quote_exact,
            prefix=row.quote_prefix,
            suffix=row.quote_suffix,
            start=row.pos_start,
            end=row.pos_end,
        ),
        orphaned=row.orphaned,
        statement=row.statement,
        claimant=row.claimant,
        claim_date=row.claim_date,
        status=row.status,
        rationale=row.rationale,
        priority=row.priority,
        tags=tuple(row.tags or ()),
        kinds=tuple(row.kinds or ()),
        facets=dict(row.facets or {}),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        evidence_count=evidence_count,
        wording_before=_later(row, "wording_before"),
        wording_version=_later(row, "wording_version"),
        shared_evidence=shared,
    )


def _later(row: object, name: str) -> Any:
    """A column added by a later migration, without loading it: on an ORM row written
    while the desk is at an older revision (upgrade tests) it is not there to load."""
    if isinstance(row, SQLModel):
        return row.__dict__.get(name)
    return getattr(row, name, None)


def source_record(row: Source) -> SourceRecord:
    assert row.id is not None
    return SourceRecord(
        id=row.id,
        url=row.url,
        title=row.title,
        publisher=row.publisher,
        author=row.author,
        published_at=row.published_at,
        accessed_at=row.accessed_at,
        kind=row.kind,
        snapshot_sha256=row.snapshot_sha256,
        snapshot_media_type=row.snapshot_media_type,
        notes=row.notes,
        created_at=row.created_at,
        archived_at=_later(row, "archived_at"),
        archive_note=_later(row, "archive_note") or "",
    )


def evidence_record(row: Evidence, source: Source) -> EvidenceRecord:
    assert row.id is not None
    return EvidenceRecord(
        id=row.id,
        claim_id=row.claim_id,
        source=source_record(source),
        stance=row.stance,
        excerpt=row.excerpt,
        locator=row.locator,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
    )


def history_record(row: StatusChange) -> HistoryRecord:
    assert row.id is not None
    return HistoryRecord(
        id=row.id,
        claim_id=row.claim_id,
        from_status=row.from_status,
        to_status=row.to_status,
        actor=row.actor,
        at=row.at,
        rationale=row.rationale,
    )
