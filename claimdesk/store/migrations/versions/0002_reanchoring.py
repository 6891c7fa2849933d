"""Re-anchoring: flag claims whose quote could not be placed, and list claims by status fast.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(
            sa.Column("orphaned", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_claim_status", "claim", ["status"])


def downgrade() -> None:
    op.drop_index("ix_claim_status", table_name="claim")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("orphaned")
