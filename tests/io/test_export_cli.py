"""The ``export`` and ``import-json`` commands, through their handlers and a parser."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from test_export_desk import populate

from claimdesk.cli import cmd_export
from claimdesk.cli.context import CliContext
from claimdesk.config import Settings
from claimdesk.errors import ClaimdeskError
from claimdesk.store.engine import Store


def run(db: Path, *argv: str, organisation: str = "Desk") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    cmd_export.register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    ctx = CliContext(stdout=out, stderr=err, settings=Settings(organisation=organisation))
    ctx.store = Store.open(str(db))
    try:
        code = args.handler(args, ctx)
    finally:
        ctx.store.close()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    store = Store.open(str(path))
    with store.session() as s:
        populate(s)
    store.close()
    return path


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "webannotation"])
def test_formats_write_files(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    code, stdout, _ = run(
        db,
        "export",
        "--format",
        fmt,
        "--out",
        str(out),
        "--status",
        "false",
        "--status",
        "Verified",
    )
    assert code == 0 and stdout.strip() == str(out)
    assert "arms importer" in out.read_text(encoding="utf-8-sig")
    assert "Rafale" not in out.read_text(encoding="utf-8-sig")


def test_existing_file_needs_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("mine")
    with pytest.raises(ClaimdeskError, match="already exists; use --force"):
        run(db, "export", "--format", "md", "--out", str(out))
    assert out.read_text() == "mine"
    assert (
        run(db, "export", "--format", "md", "--out", str(out), "--force", "--claims", "1,4")[0] == 0
    )
    assert out.read_text().count("### ") == 2


def test_claimreview_needs_review_url(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cr.json"
    with pytest.raises(ClaimdeskError, match="url is missing"):
        run(db, "export", "--format", "claimreview", "--out", str(out))
    code, _, err = run(
        db,
        "export",
        "--format",
        "claimreview",
        "--out",
        str(out),
        "--review-url",
        "https://desk.example/check",
    )
    assert code == 0 and "warning: claim 1: warning: recommended" in err
    assert len(json.loads(out.read_text())) == 4


def test_json_round_trip_through_the_commands(db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(db, "export", "--format", "json", "--out", str(first))[0] == 0
    fresh = tmp_path / "fresh.sqlite3"
    code, stdout, _ = run(fresh, "import-json", str(first))
    assert code == 0 and "6 claims added" in stdout
    run(fresh, "export", "--format", "json", "--out", str(second))
    a, b = (json.loads(p.read_text()) for p in (first, second))
    assert {k: v for k, v in a.items() if k != "generated_at"} == {
        k: v for k, v in b.items() if k != "generated_at"
    }
    code, stdout, _ = run(fresh, "import-json", str(first))  # again: a merge, no duplicates
    assert "0 claims added (6 already in the desk)" in stdout
    with pytest.raises(ClaimdeskError, match="always holds the whole desk"):
        run(db, "export", "--format", "json", "--out", str(tmp_path / "c.json"), "--tag", "x")


def test_import_refuses_bad_files(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "claimdesk-backup", "format_version": 7}')
    with pytest.raises(ClaimdeskError, match="newer claimdesk"):
        run(db, "import-json", str(bad))
    with pytest.raises(ClaimdeskError, match="Cannot read"):
        run(db, "import-json", str(tmp_path / "missing.json"))


def test_pdf_through_the_command(db: Path, tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtGui")
    out = tmp_path / "r.pdf"
    assert run(db, "export", "--format", "pdf", "--out", str(out), "--article", "2")[0] == 0
    assert out.read_bytes().startswith(b"%PDF")
