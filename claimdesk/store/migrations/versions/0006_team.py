"""Team desks: who a claim is assigned to, who made each change, and a change feed.

``desk_change`` holds one row per changed claim or article with a sequence number
``seq`` that only grows in commit order, so an open window asks "what changed since
seq N?" every second or two.  Triggers fill it, so every writer counts.  On SQLite
``seq`` is max+1 (one writer at a time); on PostgreSQL it is the writing transaction's
id, which ``claimdesk.core.team.changes_since`` reads against the current snapshot.

Warning for later migrations (SQLite): a batch (copy-and-drop) rebuild of claim,
article, evidence or status_change drops its ``desk_change_*`` triggers; run
``create_change_triggers`` again (copy it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# table -> (kind of change, the column naming the changed row)
WATCHED: dict[str, tuple[str, str]] = {
    "claim": ("claim", "id"),
    "evidence": ("claim", "claim_id"),
    "status_change": ("claim", "claim_id"),
    "article": ("article", "id"),
}


def create_change_triggers(dialect: str) -> None:
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION desk_change_note() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "DECLARE rid integer; BEGIN "
            "IF TG_OP = 'DELETE' THEN rid := (to_jsonb(OLD) ->> TG_ARGV[1])::integer; "
            "ELSE rid := (to_jsonb(NEW) ->> TG_ARGV[1])::integer; END IF; "
            "INSERT INTO desk_change (kind, row_id, seq) "
            "VALUES (TG_ARGV[0], rid, pg_current_xact_id()::text::bigint) "
            # A transaction with a smaller id may commit last: never move seq back, or a
            # poller past that id would miss the change.
            "ON CONFLICT (kind, row_id) DO UPDATE "
            "SET seq = greatest(desk_change.seq, EXCLUDED.seq); "
            "RETURN NULL; END $$"
        )
        for table, (kind, column) in WATCHED.items():
            op.execute(
                f"CREATE TRIGGER desk_change_{table} AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH ROW EXECUTE FUNCTION desk_change_note('{kind}', '{column}')"
            )
        return
    for table, (kind, column) in WATCHED.items():
        for when, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            op.execute(
                f"CREATE TRIGGER desk_change_{table}_{when.lower()} AFTER {when} ON {table} "
                "BEGIN INSERT OR REPLACE INTO desk_change (kind, row_id, seq) VALUES "
                f"('{kind}', {row}.{column}, "
                "(SELECT coalesce(max(seq), 0) + 1 FROM desk_change)); END"
            )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("assigned_to", sa.String(), nullable=True))
    op.create_index("ix_claim_assigned_to", "claim", ["assigned_to"])
    with op.batch_alter_table("status_change") as batch:
        batch.add_column(sa.Column("actor_user", sa.String(), nullable=True))
        batch.add_column(sa.Column("actor_name", sa.String(), nullable=True))
    op.create_table(
        "desk_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_desk_change_row", "desk_change", ["kind", "row_id"], unique=True)
    op.create_index("ix_desk_change_seq", "desk_change", ["seq"])
    create_change_triggers(dialect)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in WATCHED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS desk_change_{table} ON {table}")
        else:
            for when in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS desk_change_{table}_{when}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS desk_change_note()")
    op.drop_index("ix_desk_change_seq", table_name="desk_change")
    op.drop_index("ix_desk_change_row", table_name="desk_change")
    op.drop_table("desk_change")
    with op.batch_alter_table("status_change") as batch:
        batch.drop_column("actor_name")
        batch.drop_column("actor_user")
    op.drop_index("ix_claim_assigned_to", table_name="claim")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("assigned_to")
