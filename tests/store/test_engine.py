"""Opening desks: new, current, older, newer, damaged and foreign files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from claimdesk.errors import DatabaseError, NewerDatabaseError
from claimdesk.store.engine import HEAD_REVISION, Store, head_revision


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_desk_is_created_at_head_with_wal_and_foreign_keys(db_path: Path) -> None:
    store = Store.open(str(db_path))
    try:
        assert store.fresh
        assert store.revision() == head_revision()
        with store.engine.connect() as con:
            assert con.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert con.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.close()
    again = Store.open(str(db_path))
    assert not again.fresh
    again.close()


def test_desk_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "a" / "b" / "desk.sqlite3"))
    assert store.revision() == head_revision()
    store.close()


def test_models_match_the_migrations(store: Store) -> None:
    """Autogenerate finds nothing to do: every schema change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import claimdesk.store.models  # noqa: F401
    from claimdesk.store.migrations.filters import include_object

    with store.engine.connect() as con:
        context = MigrationContext.configure(con, opts={"include_object": include_object})
        diffs = compare_metadata(context, SQLModel.metadata)
    assert diffs == []


def test_newer_desk_is_refused_and_left_untouched(db_path: Path) -> None:
    Store.open(str(db_path)).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    con.commit()
    con.close()
    before = digest(db_path)
    with pytest.raises(NewerDatabaseError, match="newer version of claimdesk"):
        Store.open(str(db_path))
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "content",
    [b"this is a text file, not a database\n", b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["not-sqlite", "corrupt-sqlite"],
)
def test_foreign_or_corrupt_file_is_refused_and_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        Store.open(str(db_path))
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="another program"):
        Store.open(str(db_path))
    assert digest(db_path) == before


def test_folder_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        Store.open(str(tmp_path))


def test_head_revision_constant_is_the_newest_migration() -> None:
    assert head_revision() == HEAD_REVISION
