"""Article versions and refresh checks; every existing text becomes version 1.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("raw_bytes", sa.LargeBinary()),
        sa.Column("raw_media_type", sa.String()),
        sa.Column("retrieved_at", UTCDateTime()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_article_version_article_version",
        "article_version",
        ["article_id", "version"],
        unique=True,
    )
    op.create_table(
        "article_check",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_article_check_article_id", "article_check", ["article_id"])
    # The text every claim was anchored into so far is the first version of its article;
    # copied in SQL so that a desk of thousands of articles upgrades in one statement.
    op.execute(
        "INSERT INTO article_version (article_id, version, text, text_sha256, raw_bytes, "
        "raw_media_type, retrieved_at, created_at) "
        "SELECT id, 1, text, text_sha256, raw_bytes, raw_media_type, retrieved_at, created_at "
        "FROM article ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index("ix_article_check_article_id", table_name="article_check")
    op.drop_table("article_check")
    op.drop_index("ix_article_version_article_version", table_name="article_version")
    op.drop_table("article_version")
