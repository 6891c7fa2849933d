"""Search everything, saved searches, claim groups and rejected matches.

On SQLite the full-text index is four FTS5 tables over existing rows ("external
content": the text is not stored twice) kept in sync by triggers, so every writer —
services, undo, bulk SQL, another program — updates the index in the same transaction.
The index of an existing desk is built here in one statement per table.

On PostgreSQL the same four names are plain tables (id, tsv tsvector) with a GIN index,
filled by a trigger on each content table in the same transaction and emptied by the
foreign key's ON DELETE CASCADE.  Weights A/B/C stand in for FTS5's bm25 column weights.

Warning for later migrations (SQLite): a batch (copy-and-drop) rebuild of article, claim, source
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
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN {forget} {insert} END"
        )


def _upgrade_sqlite_index() -> None:
    for fts, (table, columns) in INDEXES.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='{TOKENIZE}')"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    create_sqlite_search_triggers()


# PostgreSQL: FTS table -> columns by weight, strongest first (the order of INDEXES'
# columns is kept in the SQL of claimdesk.core.search_pg for snippets).
# English stems without a stop-word list, like FTS5's porter tokenizer: "the" and
# "don't" stay searchable.
PG_CONFIG = "claimdesk"
PG_WEIGHTS: dict[str, tuple[tuple[str, str], ...]] = {
    "search_fts_article": (("title", "A"), ("text", "B")),
    "search_fts_claim": (("statement", "A"), ("quote_exact", "B"), ("rationale", "C")),
    "search_fts_source": (("title", "A"), ("publisher", "B"), ("notes", "B")),
    "search_fts_evidence": (("excerpt", "A"), ("note", "B")),
}


def _pg_vector(fts: str, row: str) -> str:
    return " || ".join(
        f"setweight(to_tsvector('{PG_CONFIG}', coalesce({row}.{col}, '')), '{w}')"
        for col, w in PG_WEIGHTS[fts]
    )


def _upgrade_postgresql_index() -> None:
    op.execute(
        "CREATE TEXT SEARCH DICTIONARY claimdesk_stem (TEMPLATE = snowball, Language = english)"
    )
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)")
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} "
        "ALTER MAPPING REPLACE english_stem WITH claimdesk_stem"
    )
    for fts, (table, columns) in INDEXES.items():
        op.execute(
            f"CREATE TABLE {fts} (id integer PRIMARY KEY REFERENCES {table}(id) "
            "ON DELETE CASCADE, tsv tsvector NOT NULL)"
        )
        op.execute(f"CREATE INDEX {fts}_tsv ON {fts} USING gin (tsv)")
        op.execute(
            f"CREATE FUNCTION {fts}_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO {fts} (id, tsv) VALUES (NEW.id, {_pg_vector(fts, 'NEW')}) "
            "ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv; RETURN NULL; END $$"
        )
        # Only edits of indexed columns touch the index: a status change does not.
        op.execute(
            f"CREATE TRIGGER {fts}_sync AFTER INSERT OR UPDATE OF {', '.join(columns)} "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {fts}_sync()"
        )
        vector = _pg_vector(fts, table)
        op.execute(f"INSERT INTO {fts} (id, tsv) SELECT id, {vector} FROM {table}")


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
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _upgrade_sqlite_index()
    elif dialect == "postgresql":
        _upgrade_postgresql_index()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts in INDEXES:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    if op.get_bind().dialect.name == "postgresql":
        for fts, (table, _columns) in INDEXES.items():
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_sync ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {fts}_sync()")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}")
        op.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS claimdesk_stem")
    op.drop_index("ix_match_rejection_high", table_name="match_rejection")
    op.drop_index("ix_match_rejection_pair", table_name="match_rejection")
    op.drop_table("match_rejection")
    op.drop_index("ix_claim_group_member_group_id", table_name="claim_group_member")
    op.drop_table("claim_group_member")
    op.drop_table("claim_group")
    op.drop_index("ix_saved_search_name", table_name="saved_search")
    op.drop_table("saved_search")
