"""Opening a team desk on a real PostgreSQL server, and each way it can fail."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from teamutil import admin_sql, pg_url

from claimdesk.core import articles, claims, search, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import DatabaseError, NewerDatabaseError
from claimdesk.store.engine import Store, head_revision
from claimdesk.store.postgres import scrub


def test_a_new_server_database_is_migrated_to_head(empty_db: str) -> None:
    store = Store.open(empty_db)
    try:
        assert store.dialect == "postgresql" and store.fresh
        assert store.revision() == head_revision()
        assert "right" not in store.target and "***" in store.target  # no password shown
    finally:
        store.close()
    again = Store.open(empty_db)
    assert not again.fresh
    again.close()


def test_wrong_password_is_named(known_role: tuple[str, str], empty_db: str) -> None:
    role, _password = known_role
    url = pg_url(empty_db.rsplit("/", 1)[1], username=role, password="not-the-password")
    with pytest.raises(DatabaseError, match="refused the user name or password") as info:
        Store.open(url)
    assert "not-the-password" not in str(info.value)


def test_unknown_database_is_named(server_url: str) -> None:
    with pytest.raises(DatabaseError, match=r"There is no database .no_such_desk_db."):
        Store.open(pg_url("no_such_desk_db"))


def test_tls_failure_is_named(server_url: str) -> None:
    [(ssl,)] = admin_sql("SHOW ssl")
    if ssl == "off":
        url = server_url + "?sslmode=require"  # the server cannot do TLS at all
    else:  # a TLS server: insist on a certificate signed by a CA that does not exist
        url = server_url + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt"
    with pytest.raises(DatabaseError, match=r"secure \(TLS\) connection") as info:
        Store.open(url)
    assert "claimdesk-test" not in str(info.value)


def test_unreachable_server_is_named(server_url: str) -> None:
    with pytest.raises(DatabaseError, match="cannot be reached"):
        Store.open(pg_url(host="127.0.0.1", port=1))


def test_newer_schema_is_refused_and_untouched(empty_db: str) -> None:
    Store.open(empty_db).close()
    database = empty_db.rsplit("/", 1)[1]
    admin_sql("UPDATE alembic_version SET version_num = '9999_future'", database=database)
    with pytest.raises(NewerDatabaseError, match="newer version of claimdesk"):
        Store.open(empty_db)
    assert admin_sql("SELECT version_num FROM alembic_version", database=database) == [
        ("9999_future",)
    ]


def test_another_programs_database_is_refused(empty_db: str) -> None:
    admin_sql("CREATE TABLE songs (id int)", database=empty_db.rsplit("/", 1)[1])
    with pytest.raises(DatabaseError, match="another program"):
        Store.open(empty_db)


def test_reconnects_after_the_server_drops_the_connection(empty_db: str) -> None:
    store = Store.open(empty_db)
    database = empty_db.rsplit("/", 1)[1]
    try:
        with store.session() as session:
            aid = articles.add_article(session, ArticleDraft(text="Rents rose 9% in 2025.")).id
            cid = claims.create_claim_by_quote(session, aid, "Rents rose 9%", actor="ana").id
        # The server ends every connection of the desk (a restart, a network cut).
        kill = (
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )
        admin_sql(kill)
        with store.session() as session:  # pool_pre_ping finds the dead one and reconnects
            assert verify.set_status(session, cid, "in_progress", actor="ana").version == 2
        # A connection cut in the middle of a transaction: a sentence, then recovery.
        with store.session() as session:
            session.execute(text("SELECT 1"))
            admin_sql(kill)
            with pytest.raises(DatabaseError, match=r"connection to the team server .* was lost"):
                claims.edit_claim(session, cid, statement="Rents rose by 9%")
        with store.session() as session:
            assert claims.edit_claim(session, cid, statement="Rents rose 9 percent").version == 3
    finally:
        store.close()


def test_search_and_matching_work_on_the_server(empty_db: str) -> None:
    from claimdesk.core.groups import find_matches
    from claimdesk.nlp.matching import ENGLISH

    store = Store.open(empty_db)
    try:
        with store.session() as session:
            a1 = articles.add_article(
                session, ArticleDraft(text="India buys nearly half of its arms from Russia.")
            ).id
            a2 = articles.add_article(
                session, ArticleDraft(text="Russia supplies almost half of India's weapons.")
            ).id
            c1 = claims.create_claim(session, a1, 0, 45, actor="ana").id
            c2 = claims.create_claim(session, a2, 0, 47, actor="ana").id
            [hit] = [h for h in search.search(session, "arms") if h.kind == "claim"]
            assert hit.id == c1 and "\u27e6arms\u27e7" in hit.snippet
            assert [m.claim_id for m in find_matches(session, c1, matcher=ENGLISH)] == [c2]
    finally:
        store.close()


def test_messages_never_show_a_password() -> None:
    message = "could not connect to postgresql://ana:hunter2@db.example:5432/desk"
    assert scrub(message) == "could not connect to postgresql://ana:***@db.example:5432/desk"
    assert scrub("postgresql+psycopg://u:p%40ss@h/db") == "postgresql+psycopg://u:***@h/db"
