"""Remember the suggestions an analyst dismissed, per article.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dismissed_suggestion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("pos_start", sa.Integer(), nullable=False),
        sa.Column("pos_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("dismissed_by", sa.String(), nullable=False),
        sa.Column("dismissed_at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_dismissed_suggestion_article", "dismissed_suggestion", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_dismissed_suggestion_article", table_name="dismissed_suggestion")
    op.drop_table("dismissed_suggestion")
