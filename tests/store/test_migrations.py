"""An older desk with data in it upgrades to head and keeps every row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from claimdesk.core import claims, verify
from claimdesk.store.engine import Store, head_revision

ROWS = {"article": 3, "claim": 6, "source": 2, "evidence": 4, "status_change": 9}


def fill_revision_0001(path: Path) -> None:
    """Write rows with plain SQL, as the first revision of claimdesk would have."""
    con = sqlite3.connect(path)
    now = "2025-01-02 03:04:05.000000"
    for a in range(1, 4):
        text = f"Article {a} says the river rose by {a} metres in 2024."
        con.execute(
            "INSERT INTO article (id, title, text, text_sha256, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (a, f"Article {a}", text, "0" * 64, now, now),
        )
        for c in range(2):
            cid = (a - 1) * 2 + c + 1
            con.execute(
                "INSERT INTO claim (id, article_id, quote_exact, quote_prefix, quote_suffix, "
                "pos_start, pos_end, statement, status, rationale, priority, tags, kinds, facets,"
                " created_by, created_at, updated_at, version) VALUES "
                "(?, ?, 'river rose', 'Article 1 says the ', ' by', 18, 28, ?, 'unverified', '',"
                " 0, '[\"floods\"]', '[]', '{}', 'ana', ?, ?, 1)",
                (cid, a, f"Statement {cid}", now, now),
            )
    for s in (1, 2):
        con.execute(
            "INSERT INTO source (id, url, title, kind, notes, created_at) "
            "VALUES (?, ?, ?, 'primary_data', '', ?)",
            (s, f"https://example.org/{s}", f"Gauge data {s}", now),
        )
    for e, (cid, sid) in enumerate([(1, 1), (1, 2), (2, 1), (3, 2)], start=1):
        con.execute(
            "INSERT INTO evidence (id, claim_id, source_id, stance, excerpt, locator, note, "
            "created_by, created_at) VALUES (?, ?, ?, 'supports', 'x', 'p. 2', '', 'ana', ?)",
            (e, cid, sid, now),
        )
    for h in range(1, 10):
        con.execute(
            "INSERT INTO status_change (id, claim_id, from_status, to_status, actor, at, "
            "rationale) VALUES (?, ?, NULL, 'unverified', 'ana', ?, '')",
            (h, (h % 6) + 1, now),
        )
    con.commit()
    con.close()


def count_rows(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ROWS}
    finally:
        con.close()


def test_empty_database_migrates_to_head(db_path: Path) -> None:
    store = Store.open(str(db_path))
    assert store.revision() == head_revision()
    assert count_rows(db_path) == dict.fromkeys(ROWS, 0)
    store.close()


def test_previous_revision_with_data_keeps_every_row(db_path: Path) -> None:
    old = Store.open(str(db_path), migrate=False)
    old.upgrade("0001")
    old.close()
    fill_revision_0001(db_path)
    assert count_rows(db_path) == ROWS

    store = Store.open(str(db_path))
    try:
        assert store.revision() == head_revision()
        assert count_rows(db_path) == ROWS
        assert db_path.with_name(db_path.name + ".before-0001.bak").exists()
        with store.session() as session:
            claim = claims.get_claim(session, 1)
            assert claim.statement == "Statement 1"
            assert claim.tags == ("floods",)
            assert claim.orphaned is False
            assert claim.evidence_count == 2
            assert claim.created_at.tzinfo is not None
            # the upgraded desk is fully usable
            verify.set_status(session, 1, "in_progress", actor="ben")
        assert count_rows(db_path)["status_change"] == ROWS["status_change"] + 1
    finally:
        store.close()
