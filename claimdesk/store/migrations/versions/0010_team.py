"""Team desks: who saved each version of a claim.

``claim.saved_by`` names the analyst (their display name or ``--user``) whose save made
the claim's current version, so the conflict dialog can say who saved the newer version
and when (``updated_at``).  Additive: older rows keep NULL ("someone").

Revision ID: 0007_team
Revises: 0007_archive
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_team"
down_revision = "0007_archive"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a nullable column in place (no batch rebuild, so the 0006 change-feed
    # triggers on claim stay)
    op.add_column("claim", sa.Column("saved_by", sa.String(), nullable=True))


def downgrade() -> None:
    # a plain DROP COLUMN on both (SQLite 3.35+): a batch rebuild would drop the triggers
    op.execute("ALTER TABLE claim DROP COLUMN saved_by")
