"""``claimdesk check``: SQLite's checks and the desk's own rules, writing nothing."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_cli import ok, run
from test_health import beside, break_page_of, small_desk


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_desk_passes(db_path: Path) -> None:
    small_desk(db_path)
    ok(db_path, "claim", "status", "1", "verified", "--rationale", "SIPRI agrees.")
    assert ok(db_path, "check") == f"{db_path}: no problems found.\n"


def test_broken_rules_are_reported_one_line_each(db_path: Path) -> None:
    small_desk(db_path)
    ok(db_path, "claim", "add", "1", "--quote", "nearly half of its arms supplies")
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = OFF")
    con.executescript(
        """
        UPDATE claim SET facets = '[1, 2]', quote_exact = 'not the text', status = 'verified',
            rationale = '' WHERE id = 1;
        UPDATE claim SET status = 'Verified', tags = '[{"a": 1}]' WHERE id = 2;
        UPDATE evidence SET stance = 'agrees', source_id = 99 WHERE id = 1;
        INSERT INTO status_change (claim_id, from_status, to_status, actor, at, rationale)
            VALUES (1, 'false', 'verified', 'x', '2999-01-01 00:00:00.000000', '');
        """
    )
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(db_path)
    result = run(db_path, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "claimdesk: foreign_key_check: evidence row 1 points to a missing source row",
        "claimdesk: claim 1 (article 1): the text at 499-532 is not its quote",
        "claimdesk: claim 1 (article 1): A claim can be marked Verified only with a rationale"
        " explaining the verdict.",
        "claimdesk: claim 1 (article 1): facets is not an object",
        "claimdesk: claim 2 (article 1): its status \u201cVerified\u201d is not in the vocabulary",
        "claimdesk: claim 2 (article 1): tags is not a list of text",
        "claimdesk: status change 3 (claim 1): it starts from false but the change before it "
        "ended at unverified",
        "claimdesk: claim 2: its history ends at unverified but the claim is Verified",
        "claimdesk: evidence 1 (claim 1): its source 99 does not exist",
        "claimdesk: evidence 1 (claim 1): its stance \u201cagrees\u201d is not in the vocabulary",
        f"claimdesk: {db_path}: 10 problem(s) found.",
    ]
    assert digest(db_path) == before
    assert beside(db_path) == [db_path.name]


def test_a_damaged_desk_fails_the_check_without_a_traceback(db_path: Path) -> None:
    small_desk(db_path)
    break_page_of(db_path, "evidence")
    before = digest(db_path)
    result = run(db_path, "check")
    assert result.returncode == 1
    assert "malformed" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"claimdesk: {db_path}: 3 problem(s) found."
    assert digest(db_path) == before and beside(db_path) == [db_path.name]


def test_no_desk_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path / "none.sqlite3", "check")
    assert (result.returncode, result.stderr) == (
        1,
        f"claimdesk: There is no desk at {tmp_path / 'none.sqlite3'}.\n",
    )
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_team_desk_is_checked_too(pg_suite_desk: tuple[str, str], tmp_path: Path) -> None:
    from sqlalchemy import text

    from claimdesk.store.engine import Store

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
    from test_export_desk import populate

    url, empty = pg_suite_desk
    store = Store.open(url)
    try:
        with store.engine.begin() as con:
            con.exec_driver_sql(empty)
        with store.session() as session:
            populate(session)
        assert run(tmp_path / "unused", "--db", url, "check").returncode == 0
        with store.engine.begin() as con:
            con.execute(text("UPDATE claim SET facets = '[1]', status = 'Verified' WHERE id = 1"))
        result = run(tmp_path / "unused", "--db", url, "check")
    finally:
        store.close()
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "claimdesk: claim 1 (article 1): its status \u201cVerified\u201d is not in the vocabulary",
        "claimdesk: claim 1 (article 1): facets is not an object",
    ]
    assert "pw@" not in result.stderr
