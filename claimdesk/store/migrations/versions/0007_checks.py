"""Published fact-checks: a library of other organisations' ClaimReviews, in batches.

``check_batch`` is one import (a file, a web address, an online lookup);
``published_check`` holds one ClaimReview each, unique by its review URL, and belongs to
the batch that last wrote it.  Removing a batch removes its checks (ON DELETE CASCADE).

The claims they review are matched like the desk's own claims, so they get a full-text
index of their own, ``search_fts_published`` (the ``search_fts_`` prefix keeps it out of
schema comparison, like the indexes of 0004): an FTS5 external-content table kept by
triggers on SQLite, a tsvector table kept by a trigger on PostgreSQL.

Revision ID: 0007_checks
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0007_checks"
down_revision = "0006"
branch_labels = None
depends_on = None

FTS = "search_fts_published"
TEXT_COLUMNS = (
    "claim_reviewed",
    "rating_value",
    "best_rating",
    "worst_rating",
    "rating_name",
    "claimant",
    "claimant_type",
    "claim_date",
    "review_date",
    "organisation",
    "organisation_url",
    "language",
    "appearance_url",
    "appearance_title",
    "review_title",
)


def upgrade() -> None:
    op.create_table(
        "check_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "published_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "batch_id",
            sa.Integer(),
            sa.ForeignKey("check_batch.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("review_url", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=name != "claim_reviewed") for name in TEXT_COLUMNS),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_published_check_url", "published_check", ["review_url"], unique=True)
    op.create_index("ix_published_check_batch", "published_check", ["batch_id"])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_index()
    else:
        _sqlite_index()


def _sqlite_index() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {FTS} USING fts5(claim_reviewed, content='published_check', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    insert = f"INSERT INTO {FTS}(rowid, claim_reviewed) VALUES (new.id, new.claim_reviewed);"
    forget = (
        f"INSERT INTO {FTS}({FTS}, rowid, claim_reviewed) "
        "VALUES ('delete', old.id, old.claim_reviewed);"
    )
    op.execute(f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON published_check BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON published_check BEGIN {forget} END")
    op.execute(
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF claim_reviewed ON published_check "
        f"BEGIN {forget} {insert} END"
    )


def _postgresql_index() -> None:
    op.execute(
        f"CREATE TABLE {FTS} (id integer PRIMARY KEY REFERENCES published_check(id) "
        "ON DELETE CASCADE, tsv tsvector NOT NULL)"
    )
    op.execute(f"CREATE INDEX {FTS}_tsv ON {FTS} USING gin (tsv)")
    op.execute(
        f"CREATE FUNCTION {FTS}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {FTS} (id, tsv) VALUES (NEW.id, to_tsvector('claimdesk', "
        "coalesce(NEW.claim_reviewed, ''))) ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv; "
        "RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {FTS}_sync AFTER INSERT OR UPDATE OF claim_reviewed "
        f"ON published_check FOR EACH ROW EXECUTE FUNCTION {FTS}_sync()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
        op.execute(f"DROP FUNCTION IF EXISTS {FTS}_sync() CASCADE")
    else:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    op.drop_index("ix_published_check_batch", table_name="published_check")
    op.drop_index("ix_published_check_url", table_name="published_check")
    op.drop_table("published_check")
    op.drop_table("check_batch")
