"""The evidence archive on a real desk: capture from a local HTTP server, re-capture keeps
versions, ``verify-archive`` names the source whose bytes were altered in the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_http import PAGE, Server, serve
from test_cli import run

from claimdesk.core import archive, sources
from claimdesk.core.sources import SourceDraft
from claimdesk.store.engine import Store


@pytest.fixture
def web() -> Iterator[Server]:
    with serve() as server:
        yield server


def add_source(db: Path, url: str, title: str = "Trade release") -> int:
    store = Store.open(str(db))
    try:
        with store.session() as session:
            return sources.add_source(session, SourceDraft(url=url, title=title)).id
    finally:
        store.close()


def test_capture_recapture_and_verify(tmp_path: Path, web: Server) -> None:
    db = tmp_path / "desk.sqlite3"
    web.pages["release"] = PAGE
    sid = add_source(db, web.url("/page/release"))
    first = run(db, "archive", "capture", str(sid))
    assert first.returncode == 0, first.stderr
    assert "archived " in first.stdout and "sha256 " in first.stdout
    web.pages["release"] = PAGE.replace(b"fell by 11", b"fell by 12")
    assert run(db, "archive", "capture", str(sid)).returncode == 0
    listed = run(db, "archive", "list", str(sid), "--format", "json")
    import json

    versions = json.loads(listed.stdout)
    assert len(versions) == 2 and versions[0]["sha256"] != versions[1]["sha256"]
    store = Store.open(str(db))
    with store.session() as session:
        rec = sources.get_source(session, sid)
        newest = archive.snapshot_copy(session, source_id=sid)
        assert rec.snapshot_sha256 == versions[0]["sha256"]
        assert rec.archive_label.startswith("archived ") and "sha256 " in rec.archive_label
        assert b"fell by 12" in (newest.content or b"") and "fell by 12" in newest.text
    store.close()

    ok = run(db, "verify-archive")
    assert ok.returncode == 0 and "no mismatch" in ok.stdout, ok.stderr
    out = tmp_path / "copy.html"
    assert run(db, "archive", "show", str(versions[1]["id"]), "--out", str(out)).returncode == 0
    assert out.read_bytes() == PAGE  # the earlier version, byte for byte

    con = sqlite3.connect(db)
    con.execute(
        "UPDATE source_snapshot SET content = ? WHERE id = ?", (b"altered", versions[1]["id"])
    )
    con.commit()
    con.close()
    bad = run(db, "verify-archive")
    assert bad.returncode == 1
    assert f"source {sid} \u201cTrade release\u201d" in bad.stderr and "1 mismatch" in bad.stderr


def test_refused_captures_leave_the_source_without_a_snapshot(tmp_path: Path, web: Server) -> None:
    db = tmp_path / "desk.sqlite3"
    for path, words in (("/members", "HTTP 401"), ("/missing", "HTTP 404"), ("/login", "login")):
        sid = add_source(db, web.url(path), title=path)
        got = run(db, "archive", "capture", str(sid))
        assert got.returncode == 1 and words in got.stderr
        assert len(got.stderr.strip().splitlines()) == 1
        assert run(db, "archive", "list", str(sid), "--format", "json").stdout.strip() == "[]"
    sid = add_source(db, web.url("/app"), title="app")
    js = run(db, "archive", "capture", str(sid))
    assert js.returncode == 0 and "JavaScript" in js.stderr


def test_attach_a_file_and_a_liar(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    sid = add_source(db, "https://stats.example/release")
    page = tmp_path / "saved.html"
    page.write_bytes(PAGE)
    assert run(db, "archive", "capture", str(sid), "--file", str(page)).returncode == 0
    liar = tmp_path / "scan.pdf"
    liar.write_bytes(b"\x89PNG\r\n\x1a\nnot a pdf")
    got = run(db, "archive", "capture", str(sid), "--file", str(liar))
    assert got.returncode == 1 and "says it is a PDF but its bytes are a PNG image" in got.stderr
