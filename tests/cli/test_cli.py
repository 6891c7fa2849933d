"""The command line over a real desk, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk.assets import SAMPLE_ARTICLE, resource


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in this process (the same code path as the console script)."""
    import io

    from claimdesk.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), *args], stdout=out, stderr=err)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_full_session(db_path: Path, tmp_path: Path) -> None:
    article = ok(db_path, "import", str(resource(*SAMPLE_ARTICLE))).strip()
    assert article == "1"
    assert "India and France agree" in ok(db_path, "articles")
    shown = json.loads(ok(db_path, "article", article, "--format", "json"))
    assert "the world's largest arms importer" in shown["text"]

    claim = ok(
        db_path,
        "--user",
        "ana",
        "claim",
        "add",
        article,
        "--quote",
        "the world's largest arms importer",
    ).strip()
    ok(db_path, "--user", "ana", "claim", "status", claim, "in-progress")
    source = ok(
        db_path,
        "source",
        "add",
        "https://sipri.example/trends",
        "--title",
        "Arms transfers",
        "--kind",
        "primary_data",
    ).strip()
    refused = run(db_path, "claim", "status", claim, "verified", "--rationale", "Data agree.")
    assert refused.returncode == 1
    assert refused.stderr.startswith("claimdesk: A claim can be marked Verified only with")
    assert "Traceback" not in refused.stderr
    ok(
        db_path,
        "evidence",
        "add",
        claim,
        source,
        "--stance",
        "supports",
        "--excerpt",
        "top importer",
    )
    ok(db_path, "--user", "ben", "claim", "status", claim, "verified", "--rationale", "Data agree.")

    listed = json.loads(ok(db_path, "claims", "--status", "verified", "--format", "json"))
    assert [c["id"] for c in listed] == [int(claim)]
    assert listed[0]["evidence_count"] == 1
    assert ok(db_path, "claims", "--status", "false").splitlines()[1:] == []
    history = json.loads(ok(db_path, "history", claim, "--format", "json"))
    assert [(h["to_status"], h["actor"]) for h in history] == [
        ("unverified", "ana"),
        ("in_progress", "ana"),
        ("verified", "ben"),
    ]
    assert "Arms transfers" in ok(db_path, "sources")


def test_match_finds_the_same_claim(db_path: Path) -> None:
    article = ok(db_path, "import", str(resource(*SAMPLE_ARTICLE))).strip()
    quote = "depends on Russia for nearly half of its arms supplies"
    claim = ok(db_path, "claim", "add", article, "--quote", quote).strip()
    said = "almost 50% of India's weapons come from Russia"
    found = json.loads(ok(db_path, "match", said, "--format", "json"))
    assert [m["claim_id"] for m in found["suggested"]] == [int(claim)]
    assert "same figures (~50%)" in found["suggested"][0]["reasons"]
    assert json.loads(ok(db_path, "match", claim, "--format", "json")) == {
        "confirmed": [],
        "suggested": [],
    }


def test_actor_defaults_to_settings_then_os_user(db_path: Path, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Rainfall fell by a third in 2023.", encoding="utf-8")
    ok(db_path, "import", str(text))
    claim = ok(db_path, "claim", "add", "1", "--quote", "fell by a third").strip()
    history = json.loads(ok(db_path, "history", claim, "--format", "json"))
    import getpass

    assert history[0]["actor"] == getpass.getuser()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("claim", "add", "1", "--quote", "not there"), "not in the article"),
        (("claim", "add", "1", "--quote", "the"), "times in the article"),
        (("claim", "status", "99", "in_progress"), "no claim 99"),
        (("claim", "status", "1", "maybe"), "Unknown status"),
        (("evidence", "add", "1", "5", "--stance", "supports"), "no source 5"),
        (("source", "add", "not-a-url"), "not a web address"),
        (("article", "42"), "no article 42"),
        (("import", "/nonexistent/file.txt"), "does not exist"),
    ],
)
def test_errors_are_one_clear_line_and_write_nothing(
    db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(db_path, "import", str(resource(*SAMPLE_ARTICLE)))
    ok(db_path, "claim", "add", "1", "--quote", "nearly half")
    before = db_snapshot(db_path)
    result = run(db_path, *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert db_snapshot(db_path) == before


def db_snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def test_duplicate_import_is_reported(db_path: Path) -> None:
    path = str(resource(*SAMPLE_ARTICLE))
    ok(db_path, "import", path)
    again = run(db_path, "import", path)
    assert again.returncode == 1 and "already in the desk as article 1" in again.stderr


def test_env_var_chooses_the_desk(tmp_path: Path) -> None:
    desk = tmp_path / "from-env.sqlite3"
    result = run_process("articles", env={"CLAIMDESK_DB": str(desk)})
    assert result.returncode == 0, result.stderr
    assert desk.exists()


def test_newer_database_message_from_the_console_script(db_path: Path) -> None:
    import sqlite3

    ok(db_path, "articles")
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    result = run_process("--db", str(db_path), "articles")
    assert result.returncode == 1
    assert "newer version of claimdesk" in result.stderr
    assert "Traceback" not in result.stderr


def test_version() -> None:
    from claimdesk import __version__

    result = run_process("--version")
    assert result.stdout.strip() == f"claimdesk {__version__}"


def test_the_window_path_knows_every_command() -> None:
    import argparse

    from claimdesk.cli.main import COMMANDS, build_parser, wants_window

    parser = build_parser()
    names = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    assert names == COMMANDS
    assert wants_window([]) and wants_window(["--db", "x.sqlite3", "--user", "ana"])
    assert not wants_window(["articles"]) and not wants_window(["--version"])
    assert wants_window([str(resource(*SAMPLE_ARTICLE))])
    assert not wants_window(["no-such-file.txt"])


@pytest.mark.parametrize(
    "args",
    [
        ("history", "999999999999999999999999"),
        ("article", "99999999999999999999"),
        ("claims", "--article", "99999999999999999999"),
        ("source", "add", "https://x.example", "--title", "bad\udcff"),
    ],
    ids=["huge-claim-id", "huge-article-id", "huge-filter-id", "not-utf8"],
)
def test_unusable_arguments_get_one_line(db_path: Path, args: tuple[str, ...]) -> None:
    result = run(db_path, *args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
