"""Following a story as it changes, and the archive of the evidence it was checked against.

- ``claim.wording_before`` / ``claim.wording_version``: the words a claim was quoted with
  before a refresh (or a restore) placed it on different words, and the article version
  that did it; both NULL once the analyst reviewed the change.
- ``status_change.event``: NULL for a status change; ``wording`` when the wording changed,
  ``recheck`` for the analyst's review (history rows stay append-only).
- ``source.archived_at`` / ``source.archive_note``: when the newest snapshot was taken
  and what its capture said (kept on the source so lists need no join).
- ``source_snapshot``: every capture of a source (the bytes as served or as attached,
  media type, final address, time, SHA-256 and the readable text); rows are only added.

Columns are added with ALTER TABLE (no copy-and-drop), so the change-feed triggers of
0006 stay in place.

Revision ID: 0007_archive
Revises: 0007_editing
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0007_archive"
down_revision = "0007_editing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim", sa.Column("wording_before", sa.Text(), nullable=True))
    op.add_column("claim", sa.Column("wording_version", sa.Integer(), nullable=True))
    op.add_column("source", sa.Column("archived_at", UTCDateTime(), nullable=True))
    op.add_column("source", sa.Column("archive_note", sa.Text(), nullable=True))
    op.add_column("status_change", sa.Column("event", sa.String(length=16), nullable=True))
    op.create_table(
        "source_snapshot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "source_id",
            sa.Integer(),
            sa.ForeignKey("source.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("captured_at", UTCDateTime(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("media_type", sa.String(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("captured_by", sa.String(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_source_snapshot_source", "source_snapshot", ["source_id", "captured_at"])


def downgrade() -> None:
    op.drop_index("ix_source_snapshot_source", table_name="source_snapshot")
    op.drop_table("source_snapshot")
    with op.batch_alter_table("status_change") as batch:
        batch.drop_column("event")
    with op.batch_alter_table("source") as batch:
        batch.drop_column("archive_note")
        batch.drop_column("archived_at")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("wording_version")
        batch.drop_column("wording_before")
