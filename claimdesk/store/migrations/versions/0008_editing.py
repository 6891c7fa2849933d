"""Editing an article: where it was filed from, and a history of its edits.

Revision ID: 0007_editing
Revises: 0007_checks
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0007_editing"
down_revision = "0007_checks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("place", sa.Text(), nullable=True))
    op.create_table(
        "article_edit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_article_edit_article", "article_edit", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_article_edit_article", table_name="article_edit")
    op.drop_table("article_edit")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("place")
