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


def test_backups_carry_snapshots_or_only_their_hashes(tmp_path: Path) -> None:
    import json

    db = tmp_path / "desk.sqlite3"
    sid = add_source(db, "https://stats.example/release")
    page = tmp_path / "saved.html"
    page.write_bytes(PAGE)
    assert run(db, "archive", "capture", str(sid), "--file", str(page)).returncode == 0
    full, bare = tmp_path / "full.json", tmp_path / "bare.json"
    assert run(db, "export", "--format", "json", "--out", str(full)).returncode == 0
    assert (
        run(db, "export", "--format", "json", "--out", str(bare), "--no-snapshots").returncode == 0
    )
    assert "content" in json.loads(full.read_text())["source_snapshots"][0]
    assert "content" not in json.loads(bare.read_text())["source_snapshots"][0]

    restored = tmp_path / "restored.sqlite3"
    assert run(restored, "import-json", str(full)).returncode == 0
    out = tmp_path / "copy.html"
    listed = json.loads(run(restored, "archive", "list", "1", "--format", "json").stdout)
    assert listed[0]["has_content"] is True
    assert run(restored, "archive", "show", str(listed[0]["id"]), "--out", str(out)).returncode == 0
    assert out.read_bytes() == PAGE
    assert run(restored, "verify-archive").returncode == 0

    hashes = tmp_path / "hashes.sqlite3"
    assert run(hashes, "import-json", str(bare)).returncode == 0
    listed = json.loads(run(hashes, "archive", "list", "1", "--format", "json").stdout)
    assert listed[0]["has_content"] is False and listed[0]["sha256"] == listed[0]["sha256"]
    checked = run(hashes, "verify-archive")
    assert checked.returncode == 0 and "hash only" in checked.stdout


def test_verify_archive_names_an_altered_article_version(tmp_path: Path) -> None:
    from claimdesk.core import articles, refresh
    from claimdesk.core.records import ArticleDraft

    db = tmp_path / "desk.sqlite3"
    store = Store.open(str(db))
    with store.session() as session:
        aid = articles.add_article(session, ArticleDraft(text="Title\n\nFirst text.")).id
        refresh.refresh_article(session, aid, ArticleDraft(text="Title\n\nSecond text."), actor="a")
    store.close()
    assert run(db, "verify-archive").returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE article_version SET text = 'Title\n\nForged.' WHERE version = 1")
    con.commit()
    con.close()
    bad = run(db, "verify-archive")
    assert bad.returncode == 1 and f"article {aid}, version 1" in bad.stderr


def test_claims_list_shows_the_groups_evidence(tmp_path: Path) -> None:
    from claimdesk.core import articles, claims, groups, verify
    from claimdesk.core.records import ArticleDraft

    db = tmp_path / "desk.sqlite3"
    sid = add_source(db, "https://stats.example/x")
    store = Store.open(str(db))
    with store.session() as session:
        quote = "exports rose by 20 percent"
        a = articles.add_article(session, ArticleDraft(text="A\n\nIt says " + quote + ".")).id
        b = articles.add_article(session, ArticleDraft(text="B\n\nThey say " + quote + ".")).id
        c1 = claims.create_claim_by_quote(session, a, quote, actor="t").id
        c2 = claims.create_claim_by_quote(session, b, quote, actor="t").id
        sources.link_evidence(session, c1, sid, "supports", actor="t")
        verify.set_status(session, c1, "verified", actor="t", rationale="Yes.")
        groups.confirm_match(session, c2, c1, actor="t")
    store.close()
    table = run(db, "claims", "--article", str(b)).stdout
    assert "0 + 1 shared" in table and "Verified" in table


def test_the_size_cap_comes_from_settings(tmp_path: Path) -> None:
    from claimdesk.config import Settings

    settings = Settings.load()
    settings.archive_max_mb = "0.0005"
    settings.save()
    db = tmp_path / "desk.sqlite3"
    sid = add_source(db, "https://stats.example/release")
    page = tmp_path / "saved.html"
    page.write_bytes(PAGE)
    got = run(db, "archive", "capture", str(sid), "--file", str(page))
    assert got.returncode == 1 and "over the 1 KB archive limit" in got.stderr
    assert (
        run(db, "archive", "capture", str(sid), "--file", str(page), "--max-mb", "1").returncode
        == 0
    )
