"""The desk's tables.

Each table is a SQLModel class; services turn rows into the plain records of
``claimdesk.core.records`` before anything leaves the core.  Timestamps are UTC.
Every schema change comes with an Alembic migration in ``store/migrations/versions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
)
from sqlalchemy.orm import deferred
from sqlmodel import Field, SQLModel

from claimdesk.store.types import UTCDateTime, utcnow

# Deleted rows come back under their old ids (undo, restore), so SQLite must never hand
# a freed id to a new row: AUTOINCREMENT guarantees that.  PostgreSQL sequences never do.
NO_ID_REUSE = {"sqlite_autoincrement": True}
# Columns added after 0003 whose None is left out of INSERT (FetchedValue: "the server
# knows"), and not fetched back (eager_defaults off), so rows can still be written
# while a desk is at an older revision, as tests of upgrades do.
LATER_COLUMN: dict[str, Any] = {"server_default": FetchedValue()}
LAZY_DEFAULTS = {"eager_defaults": False}

# The claim's optimistic lock.  As the mapper's ``version_id_col`` every ORM UPDATE of a
# claim is ``... WHERE id = :id AND version = :loaded`` and sets ``version = loaded + 1``,
# so no write path can forget the check: a stale write matches no row and raises
# ``StaleDataError`` (``core.ops`` turns it into a ConflictError).  Services never bump
# it by hand.  The ORM always INSERTs version 1; ``store.versioning.set_version`` gives a
# restored or imported claim the number it had.
CLAIM_VERSION = Column("version", Integer, nullable=False)


# Added by 0007 and deferred: loaded only when read, so code that loads an article on a
# desk still at an older revision (tests of upgrades, the upgrade itself) never names it.
ARTICLE_PLACE = Column("place", Text, nullable=True, server_default=FetchedValue())


class Article(SQLModel, table=True):
    __tablename__ = "article"
    __mapper_args__ = {**LAZY_DEFAULTS, "properties": {"place": deferred(ARTICLE_PLACE)}}
    __table_args__ = (
        Index("ix_article_text_sha256", "text_sha256"),
        Index("ix_article_url", "url"),
        NO_ID_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(default="", sa_type=Text)
    url: str | None = Field(default=None, sa_type=Text)
    outlet: str | None = Field(default=None, sa_type=Text)
    author: str | None = Field(default=None, sa_type=Text)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    retrieved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    language: str | None = None
    text: str = Field(sa_type=Text)
    text_sha256: str = Field(max_length=64)
    raw_bytes: bytes | None = Field(default=None, sa_type=LargeBinary)
    raw_media_type: str | None = None
    origin: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # the dateline's place ("PARIS"), read from the text or typed (migration 0007)
    place: str | None = Field(default=None, sa_column=ARTICLE_PLACE)


class ArticleEdit(SQLModel, table=True):
    """Append-only: one row per edit of an article's details, ``changes`` holding
    ``{field: [old, new]}`` (dates as ISO text) (migration 0007)."""

    __tablename__ = "article_edit"
    __table_args__ = (Index("ix_article_edit_article", "article_id"), NO_ID_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    actor: str = ""
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    __mapper_args__ = {**LAZY_DEFAULTS, "version_id_col": CLAIM_VERSION}
    __table_args__ = (
        Index("ix_claim_article_start", "article_id", "pos_start"),
        Index("ix_claim_status", "status"),
        Index("ix_claim_assigned_to", "assigned_to"),
        NO_ID_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    quote_exact: str = Field(sa_type=Text)
    quote_prefix: str = Field(default="", sa_type=Text)
    quote_suffix: str = Field(default="", sa_type=Text)
    pos_start: int
    pos_end: int
    orphaned: bool = False
    statement: str = Field(sa_type=Text)
    claimant: str | None = Field(default=None, sa_type=Text)
    claim_date: str | None = None
    status: str = Field(default="unverified", max_length=32)
    rationale: str = Field(default="", sa_type=Text)
    priority: int = 0
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    kinds: list[str] = Field(default_factory=list, sa_type=JSON)
    facets: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=CLAIM_VERSION)
    assigned_to: str | None = Field(default=None, sa_column_kwargs=LATER_COLUMN)  # 0006
    # The words the claim was quoted with before a refresh or restore placed it on other
    # words, and the article version that did it (0007); None once reviewed.
    wording_before: str | None = Field(default=None, sa_type=Text, sa_column_kwargs=LATER_COLUMN)
    wording_version: int | None = Field(default=None, sa_column_kwargs=LATER_COLUMN)
    saved_by: str | None = Field(default=None, sa_column_kwargs=LATER_COLUMN)  # 0007_team


class Source(SQLModel, table=True):
    __tablename__ = "source"
    __table_args__ = (Index("ix_source_url", "url"), NO_ID_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    url: str | None = Field(default=None, sa_type=Text)
    title: str = Field(default="", sa_type=Text)
    publisher: str | None = Field(default=None, sa_type=Text)
    author: str | None = Field(default=None, sa_type=Text)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    accessed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    kind: str = Field(default="other", max_length=32)
    snapshot: bytes | None = Field(default=None, sa_type=LargeBinary)
    snapshot_sha256: str | None = Field(default=None, max_length=64)
    snapshot_media_type: str | None = None
    notes: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # the newest snapshot in source_snapshot (0007): when, and what its capture said
    archived_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime, sa_column_kwargs=LATER_COLUMN
    )
    archive_note: str | None = Field(default=None, sa_type=Text, sa_column_kwargs=LATER_COLUMN)


class SourceSnapshot(SQLModel, table=True):
    """One capture of a source, as served or as attached (0007); rows are only added.

    ``content`` is the bytes exactly as received (None only in a backup restored with
    ``--no-snapshots``: the hash is then all that is known); ``text`` is the readable text.
    """

    __tablename__ = "source_snapshot"
    __table_args__ = (
        Index("ix_source_snapshot_source", "source_id", "captured_at"),
        NO_ID_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="CASCADE"), nullable=False)
    )
    captured_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    requested_url: str | None = Field(default=None, sa_type=Text)
    final_url: str | None = Field(default=None, sa_type=Text)
    file_name: str | None = Field(default=None, sa_type=Text)
    media_type: str | None = None
    size: int = Field(sa_type=BigInteger)
    sha256: str = Field(max_length=64)
    content: bytes | None = Field(default=None, sa_type=LargeBinary)
    text: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    captured_by: str = ""


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"
    __table_args__ = (NO_ID_REUSE,)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    source_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("source.id", ondelete="RESTRICT"), nullable=False, index=True
        )
    )
    stance: str = Field(max_length=16)
    excerpt: str = Field(default="", sa_type=Text)
    locator: str = Field(default="", sa_type=Text)
    note: str = Field(default="", sa_type=Text)
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StatusChange(SQLModel, table=True):
    """Append-only: rows are inserted, never updated."""

    __tablename__ = "status_change"
    __mapper_args__ = LAZY_DEFAULTS
    __table_args__ = (NO_ID_REUSE,)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str = Field(max_length=32)
    actor: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    rationale: str = Field(default="", sa_type=Text)
    # Filled from the open desk when left empty (store.engine): the server user the
    # change was made as, and the name the team knows that person by (migration 0006).
    actor_user: str | None = Field(default=None, sa_column_kwargs=LATER_COLUMN)
    actor_name: str | None = Field(default=None, sa_column_kwargs=LATER_COLUMN)
    # None for a status change; "wording" (the quoted words changed) or "recheck" (the
    # analyst reviewed that change) for the other rows of a claim's history (0007).
    event: str | None = Field(default=None, max_length=16, sa_column_kwargs=LATER_COLUMN)


class ArticleVersion(SQLModel, table=True):
    """Every text an article has had; rows are inserted, never rewritten.

    Version 1 is the text as first imported; a refresh that finds new text adds the next
    number while ``Article.text`` always holds the newest (what claims anchor into).
    """

    __tablename__ = "article_version"
    __table_args__ = (
        Index("ix_article_version_article_version", "article_id", "version", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    version: int
    text: str = Field(sa_type=Text)
    text_sha256: str = Field(max_length=64)
    raw_bytes: bytes | None = Field(default=None, sa_type=LargeBinary)
    raw_media_type: str | None = None
    retrieved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ArticleCheck(SQLModel, table=True):
    """Append-only: each refresh of an article, whether or not its text had changed."""

    __tablename__ = "article_check"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    version: int  # the article's current version once the check was done
    changed: bool = False
    actor: str = ""
    checked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DismissedSuggestion(SQLModel, table=True):
    """A suggestion the analyst dismissed for one article, so it stays hidden."""

    __tablename__ = "dismissed_suggestion"
    __table_args__ = (Index("ix_dismissed_suggestion_article", "article_id"), NO_ID_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    pos_start: int
    pos_end: int
    quote: str = Field(sa_type=Text)
    dismissed_by: str = ""
    dismissed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- Search, claim matching and claim groups (migration 0004) -------------------------
#
# The full-text index itself is not here: on SQLite it is a set of FTS5 virtual tables
# (and their shadow tables) named ``search_fts_*``, created with their sync triggers by
# migration 0004.  They are invisible to this metadata on purpose, so schema comparison
# must skip them: see ``is_search_index``.

SEARCH_INDEX_PREFIX = "search_fts_"


def is_search_index(name: str | None) -> bool:
    """True for the full-text index tables that the database maintains itself."""
    return bool(name) and str(name).startswith(SEARCH_INDEX_PREFIX)


class SavedSearch(SQLModel, table=True):
    """A search the analyst named, for the library sidebar."""

    __tablename__ = "saved_search"
    __table_args__ = (Index("ix_saved_search_name", "name", unique=True), NO_ID_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=Text)
    query: str = Field(sa_type=Text)
    filters: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimGroup(SQLModel, table=True):
    """Claims an analyst confirmed to be the same claim; they share one verdict."""

    __tablename__ = "claim_group"
    __table_args__ = (NO_ID_REUSE,)

    id: int | None = Field(default=None, primary_key=True)
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimGroupMember(SQLModel, table=True):
    """One claim's place in a group (a claim is in at most one group).

    ``claim_id`` deliberately has no foreign key: ``delete_claim`` followed by
    ``restore_claim`` (undo) brings a claim back under its old id, and the membership must
    come back with it.  Queries join on ``claim``, so a deleted claim simply drops out.
    """

    __tablename__ = "claim_group_member"
    __table_args__ = (Index("ix_claim_group_member_group_id", "group_id"),)

    claim_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    group_id: int = Field(
        sa_column=Column(Integer, ForeignKey("claim_group.id", ondelete="CASCADE"), nullable=False)
    )
    added_by: str = ""
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MatchRejection(SQLModel, table=True):
    """An analyst's "not the same claim": the pair is never suggested again.

    Stored once per pair with the smaller id first.  No foreign keys, for the same reason
    as ``ClaimGroupMember``: the decision must survive a delete that is undone.
    """

    __tablename__ = "match_rejection"
    __table_args__ = (
        Index("ix_match_rejection_pair", "claim_low", "claim_high", unique=True),
        Index("ix_match_rejection_high", "claim_high"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_low: int
    claim_high: int
    actor: str = ""
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DeskChange(SQLModel, table=True):
    """The newest change of each claim or article, for windows that poll (migration 0006).

    Written only by database triggers; ``seq`` grows in commit order (see
    ``claimdesk.core.team.changes_since``).
    """

    __tablename__ = "desk_change"
    __table_args__ = (
        Index("ix_desk_change_row", "kind", "row_id", unique=True),
        Index("ix_desk_change_seq", "seq"),
        NO_ID_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    row_id: int
    seq: int = Field(sa_type=BigInteger)
