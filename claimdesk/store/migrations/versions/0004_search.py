"""Search everything, saved searches, claim groups and rejected matches.

On SQLite the full-text index is four FTS5 tables over existing rows ("external
content": the text is not stored twice) kept in sync by triggers, so every writer —
services, undo, bulk SQL, another program — updates the index in the same transaction.
The index of an existing desk is built here in one statement per table.

Warning for later migrations: a batch (copy-and-drop) rebuild of article, claim, source
or evidence drops that table's triggers.  Such a migration must run
``create_sqlite_search_triggers`` again (copy it: migrations do not import each other).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from claimdesk.store.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# FTS table -> (content table, indexed columns).  The tokenizer folds case and accents and
# stems English (porter) so "imports" finds "imported"; punctuation splits tokens, so a
# quoted "U.S." or "9.4%" becomes the phrase "u s" / "9 4" on both sides.
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_fts_article": ("article", ("title", "text")),
    "search_fts_claim": ("claim", ("quote_exact", "statement", "rationale")),
    "search_fts_source": ("source", ("title", "publisher", "notes")),
    "search_fts_evidence": ("evidence", ("excerpt", "note")),
}
TOKENIZE = "porter unicode61 remove_diacritics 2"


def create_sqlite_search_triggers() -> None:
    for fts, (table, columns) in INDEXES.items():
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
        # External content: the index forgets a row only when told its exact old values.
        forget = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        op.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {forget} END")
        # Only edits of indexed columns touch the index: a status change does not.
        op.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} "
            f"BEGIN {forget} {insert} END"
        )


def _upgrade_sqlite_index() -> None:
    for fts, (table, columns) in INDEXES.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='{TOKENIZE}')"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    create_sqlite_search_triggers()


def upgrade() -> None:
    op.create_table(
        "saved_search",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_saved_search_name", "saved_search", ["name"], unique=True)
    op.create_table(
        "claim_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "claim_group_member",
        sa.Column("claim_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column(
            "group_id",
            sa.Integer(),
            sa.ForeignKey("claim_group.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("added_by", sa.String(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_claim_group_member_group_id", "claim_group_member", ["group_id"])
    op.create_table(
        "match_rejection",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_low", sa.Integer(), nullable=False),
        sa.Column("claim_high", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index(
        "ix_match_rejection_pair", "match_rejection", ["claim_low", "claim_high"], unique=True
    )
    op.create_index("ix_match_rejection_high", "match_rejection", ["claim_high"])
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite_index()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts in INDEXES:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    op.drop_index("ix_match_rejection_high", table_name="match_rejection")
    op.drop_index("ix_match_rejection_pair", table_name="match_rejection")
    op.drop_table("match_rejection")
    op.drop_index("ix_claim_group_member_group_id", table_name="claim_group_member")
    op.drop_table("claim_group_member")
    op.drop_table("claim_group")
    op.drop_index("ix_saved_search_name", table_name="saved_search")
    op.drop_table("saved_search")
