"""No password leaves claimdesk: addresses and connection errors go through one redaction.

Passwords here hold what people really type unencoded: ``@``, ``:``, ``/`` and ``%``,
or sit in a ``?password=`` query parameter, which libpq accepts as well.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from claimdesk.cli.main import main
from claimdesk.redact import redact
from claimdesk.store.engine import Store
from claimdesk.store.postgres import parse_url

CLOSED = "127.0.0.1:1"  # nothing listens on port 1: the connection fails at once


@pytest.mark.parametrize(
    ("message", "secret", "kept"),
    [
        ("could not connect to postgresql://ana:hunter2@db.example/desk", "hunter2", "db.example"),
        ("postgresql://ana:S3cr@t-Pw@db.example:5432/desk failed", "t-Pw", "db.example:5432"),
        ("postgresql+psycopg://ana:a:b/c%d@db.example/desk", "a:b/c%d", "db.example"),
        ("postgresql://ana:p%40ss@db.example/desk", "p%40ss", "db.example"),
        ("postgresql://ana@db.example/desk?sslmode=require&password=Qu3ry&x=1", "Qu3ry", "x=1"),
        ("postgresql://ana@db.example/desk?password=Qu3ry", "Qu3ry", "db.example"),
        ("invalid dsn: host=db.example password='with space' dbname=desk", "with space", "dbname"),
        ("PGPASSWORD=Env5ecret psql", "Env5ecret", "psql"),
    ],
)
def test_redact_hides_every_password(message: str, secret: str, kept: str) -> None:
    shown = redact(message)
    assert secret not in shown and "***" in shown
    assert kept in shown


def test_a_known_password_is_hidden_wherever_it_appears() -> None:
    assert redact("FATAL: bad option Sw0rdfish here", ["Sw0rdfish"]) == "FATAL: bad option *** here"


def test_an_unencoded_at_stays_in_the_password() -> None:
    url = parse_url("postgresql://ana:S3cr@t-Pw@db.example:5433/desk?sslmode=require")
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "ana",
        "S3cr@t-Pw",
        "db.example",
        5433,
        "desk",
    )
    assert url.query["sslmode"] == "require"
    assert parse_url("postgresql://ana:p%40ss@h/d").password == "p@ss"


@pytest.mark.parametrize(
    ("url", "pieces"),
    [
        (f"postgresql://ana:S3cr@t-Pw@{CLOSED}/desk", ("S3cr", "t-Pw")),
        (f"postgresql://ana:Sl/a:sh%Pw@{CLOSED}/desk", ("Sl/a", "sh%Pw")),
        (f"postgresql://ana@{CLOSED}/desk?password=Qu3ryS3cret", ("Qu3ryS3cret",)),
    ],
)
def test_connection_errors_print_no_password(
    tmp_path: Path, url: str, pieces: tuple[str, ...]
) -> None:
    err = io.StringIO()
    code = main(
        ["--db", str(tmp_path / "d.sqlite3"), "migrate-to", url], stdout=io.StringIO(), stderr=err
    )
    assert code == 1
    [line] = err.getvalue().splitlines()
    assert "127.0.0.1:1/desk" in line, line  # the host is the host, not half a password
    for piece in pieces:
        assert piece not in line, line


def test_migrate_to_prints_no_query_password(tmp_path: Path, empty_db: str) -> None:
    url = make_url(empty_db)
    password = url.password
    assert password, "the test server's URL carries a password"
    target = url.set(password=None, query={"password": password}).render_as_string(
        hide_password=False
    )
    desk = tmp_path / "desk.sqlite3"
    Store.open(str(desk)).close()
    out = io.StringIO()
    assert main(["--db", str(desk), "migrate-to", target], stdout=out, stderr=io.StringIO()) == 0
    text = out.getvalue()
    assert f"password={password}" not in text and "password=***" in text
    out = io.StringIO()
    args = ["--db", str(desk), "migrate-to", target, "--merge", "--format", "json"]
    assert main(args, stdout=out, stderr=io.StringIO()) == 0
    report = json.loads(out.getvalue())
    assert f"password={password}" not in json.dumps(report) and "password=***" in report["target"]


def test_the_log_file_never_holds_a_password(tmp_path: Path) -> None:
    import logging

    from claimdesk.logs import log_file, setup_logging

    setup_logging()
    url = f"postgresql://ana:S3cr@t-Pw@{CLOSED}/desk"
    assert main(["--db", str(tmp_path / "d.sqlite3"), "migrate-to", url], stderr=io.StringIO())
    try:
        raise RuntimeError(f"could not connect to postgresql://ana:Tr4ceback@{CLOSED}/desk")
    except RuntimeError:
        logging.getLogger("claimdesk.test").exception("connection failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file().read_text(encoding="utf-8")
    assert "refused" in text and "connection failed" in text  # both were logged
    for secret in ("S3cr", "t-Pw", "Tr4ceback"):
        assert secret not in text, secret
