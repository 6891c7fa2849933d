"""Hostile text on the command line: terminal escape sequences are shown, not obeyed; a
statement over the limit is refused, not cut; a broken server address is one line."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import ok, run

from claimdesk.assets import SAMPLE_ARTICLE, resource
from claimdesk.cli.output import printable

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202eevil"


def test_escape_sequences_in_statements_and_names_are_shown_escaped(db_path: Path) -> None:
    ok(db_path, "import", str(resource(*SAMPLE_ARTICLE)))
    quote = "the world's largest arms importer"
    claim = ok(
        db_path, "--user", f"ana{ESCAPES}", "claim", "add", "1", "--quote", quote,
        "--statement", f"Largest {ESCAPES}",
    ).strip()  # fmt: skip
    for args, expected in (
        (("claims",), "Largest \\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eevil"),
        (("history", claim), "ana\\x1b]0;owned"),  # the name, cut to its column
    ):
        shown = ok(db_path, *args)
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        assert "\u202e" not in shown
        assert expected in shown
    listed = ok(db_path, "claims", "--format", "json")
    assert "\x9b" not in listed and "\u202e" not in listed
    assert json.loads(listed)[0]["statement"] == f"Largest {ESCAPES}"  # the same text to a program


def test_printable_keeps_ordinary_text() -> None:
    assert printable("Ça coûte 12 € — “quoted”") == "Ça coûte 12 € — “quoted”"
    assert printable("a\tb\nc", keep_layout=True) == "a\tb\nc"
    assert printable("a\tb") == "a\\x09b"


def test_a_statement_over_the_limit_is_refused_not_cut(db_path: Path) -> None:
    ok(db_path, "import", str(resource(*SAMPLE_ARTICLE)))
    result = run(
        db_path, "claim", "add", "1", "--quote", "the world's largest arms importer",
        "--statement", "x" * 100_000,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "claimdesk: A statement is at most 5,000 characters; this one has 100,000. "
        "Shorten it; nothing was changed.\n"
    )
    assert json.loads(ok(db_path, "claims", "--format", "json")) == []


def test_a_port_that_is_not_a_number_is_one_line(db_path: Path) -> None:
    result = run(db_path, "--db", "postgresql://ana:s3cret@db.example:abc/desk", "claims")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "the port must be a number" in result.stderr
    assert "s3cret" not in result.stderr
