"""The library of published fact-checks (migration 0007_checks): imported ClaimReview,
kept apart from the desk's own tables in ``models``.

Their own full-text index ``search_fts_published`` is made by the migration, like the
indexes of 0004.  Values are kept as the publisher wrote them (ratings and dates as text).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from claimdesk.store.models import NO_ID_REUSE
from claimdesk.store.types import UTCDateTime, utcnow


class CheckBatch(SQLModel, table=True):
    """One import into the library of published checks: a file, an address, a lookup."""

    __tablename__ = "check_batch"
    __table_args__ = (NO_ID_REUSE,)

    id: int | None = Field(default=None, primary_key=True)
    origin: str = Field(sa_type=Text)  # the path, the web address or the words looked up
    kind: str = Field(max_length=16)  # "file", "url" or "online"
    added: int = 0
    updated: int = 0
    problems: int = 0
    imported_by: str = ""
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PublishedCheck(SQLModel, table=True):
    """One published ClaimReview; unique by its review URL, owned by the batch that last
    wrote it."""

    __tablename__ = "published_check"
    __table_args__ = (
        Index("ix_published_check_url", "review_url", unique=True),
        Index("ix_published_check_batch", "batch_id"),
        NO_ID_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(
        sa_column=Column(Integer, ForeignKey("check_batch.id", ondelete="CASCADE"), nullable=False)
    )
    review_url: str = Field(sa_type=Text)
    claim_reviewed: str = Field(sa_type=Text)
    rating_value: str | None = Field(default=None, sa_type=Text)
    best_rating: str | None = Field(default=None, sa_type=Text)
    worst_rating: str | None = Field(default=None, sa_type=Text)
    rating_name: str | None = Field(default=None, sa_type=Text)  # alternateName
    claimant: str | None = Field(default=None, sa_type=Text)  # itemReviewed.author.name
    claimant_type: str | None = Field(default=None, sa_type=Text)  # Person, Organization
    claim_date: str | None = Field(default=None, sa_type=Text)  # itemReviewed.datePublished
    review_date: str | None = Field(default=None, sa_type=Text)  # datePublished
    organisation: str | None = Field(default=None, sa_type=Text)  # author.name
    organisation_url: str | None = Field(default=None, sa_type=Text)
    language: str | None = Field(default=None, sa_type=Text)  # inLanguage
    appearance_url: str | None = Field(default=None, sa_type=Text)
    appearance_title: str | None = Field(default=None, sa_type=Text)
    review_title: str | None = Field(default=None, sa_type=Text)  # headline or name
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
