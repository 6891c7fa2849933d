"""Moving a local desk to a team server: every table copied, counted and checksummed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from claimdesk.cli.main import main
from claimdesk.core import articles, claims, groups, migrate_to, refresh, search, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.store.engine import Store


def _fill(desk: Path) -> dict[str, int]:
    store = Store.open(str(desk))
    with store.session() as s:
        a1 = articles.add_article(
            s,
            ArticleDraft(
                text="India buys nearly half of its arms from Russia.", url="https://u.example/1"
            ),
        ).id
        a2 = articles.add_article(s, ArticleDraft(text="Russia supplies half of India's arms."))
        c1 = claims.create_claim(s, a1, 0, 46, actor="ana", tags=["defence"]).id
        c2 = claims.create_claim(s, a2.id, 0, 36, actor="ana").id
        src = sources.add_source(
            s, sources.SourceDraft(title="SIPRI", snapshot=b"\x00\x01pdf", url="https://x.test")
        ).id
        sources.link_evidence(s, c1, src, "supports", actor="ana", excerpt="45%")
        verify.set_status(s, c1, "verified", actor="ana", rationale="SIPRI tables agree.")
        groups.confirm_match(s, c1, c2, actor="ana")
        refresh.refresh_article(s, a1, ArticleDraft(text="India buys half its arms."), actor="ana")
        gone = claims.create_claim(s, a2.id, 0, 6, actor="ana").id
        claims.delete_claim(s, gone)  # a gap in the ids must survive the move
    store.close()
    return {"c1": c1, "c2": c2}


def test_migrate_to_copies_and_verifies_every_table(tmp_path: Path, empty_db: str) -> None:
    desk = tmp_path / "desk.sqlite3"
    ids = _fill(desk)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(desk), "migrate-to", empty_db], stdout=out, stderr=err) == 0, err
    report = out.getvalue()
    assert "claimdesk-test" not in report  # the password is never printed
    for table in ("article ", "article_version", "claim ", "evidence", "status_change",
                  "source ", "claim_group_member"):  # fmt: skip
        assert table in report
    assert "MISMATCH" not in report and report.count(" ok") >= 12
    team = Store.open(empty_db)
    try:
        with team.session() as s:
            assert claims.get_claim(s, ids["c1"]).status == "verified"
            assert groups.group_of(s, ids["c1"]) == groups.group_of(s, ids["c2"]) is not None
            assert {h.kind for h in search.search(s, "russia")} >= {"claim", "article"}
            new = articles.add_article(s, ArticleDraft(text="A new one.")).id  # sequences moved
            assert new > ids["c2"]
            snap = sources.get_source(s, 1)
            assert snap.snapshot_sha256 is not None
    finally:
        team.close()
    # A second move into the same (now full) desk is refused unless merged.
    err = io.StringIO()
    assert main(["--db", str(desk), "migrate-to", empty_db], stdout=io.StringIO(), stderr=err)
    assert "already holds" in err.getvalue() and "--merge" in err.getvalue()
    out = io.StringIO()
    assert main(["--db", str(desk), "migrate-to", empty_db, "--merge"], stdout=out) == 0
    assert "Merged: 0 articles added (2 already in the desk)" in out.getvalue()


def test_checksums_see_a_changed_row(tmp_path: Path, empty_db: str) -> None:
    desk = tmp_path / "desk.sqlite3"
    _fill(desk)
    local, team = Store.open(str(desk)), Store.open(empty_db)
    try:
        report = migrate_to.migrate_to(local, team)
        assert report.ok
        with team.engine.begin() as con:
            con.exec_driver_sql("UPDATE claim SET statement = statement || '.' WHERE id = 1")
        with local.engine.connect() as a, team.engine.connect() as b:
            table = migrate_to._table(migrate_to.Claim)
            assert migrate_to.table_digest(a, table) != migrate_to.table_digest(b, table)
    finally:
        local.close()
        team.close()


def test_the_same_database_is_refused(tmp_path: Path) -> None:
    local = Store.open(str(tmp_path / "d.sqlite3"))
    try:
        with pytest.raises(Exception, match="same database"):
            migrate_to.migrate_to(local, local)
    finally:
        local.close()
