"""A story that changes, end to end through the command line on a real desk and a local
HTTP server: import the page, make two claims, give one a verdict with archived evidence,
change the page (one claim's numbers, the other's sentence removed), refresh, report,
and verify the archive until a snapshot's bytes are altered in the database."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from archive_http import serve

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "cli"))
from test_cli import run  # noqa: E402

STORY = (
    "<!DOCTYPE html><html><head><title>Machinery exports</title></head><body><article>"
    "<h1>Machinery exports</h1>"
    "<p>Machinery exports rose by 20 percent last year, the trade ministry said on "
    "Monday in its annual review of the country's industrial output and trade.</p>"
    "<p>The ministry also said the new harbour crane will be ready before the summer, "
    "which should shorten waiting times for container ships calling at the port.</p>"
    "<p>Officials declined to comment on the figures for the first quarter of this year, "
    "saying that they would be published together with the spring forecast.</p>"
    "</article></body></html>"
)
FIRST = "Machinery exports rose by 20 percent last year"
SECOND = "the new harbour crane will be ready before the summer"


def test_a_story_that_changes(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    with serve() as web:
        web.pages["story"] = STORY.encode()
        web.pages["stats"] = (
            b"<html><body><article><h1>Statistics</h1>"
            + b"<p>Machinery exports: +20 percent against the year before, final figures "
            b"published by the statistics office in its monthly trade bulletin.</p>"
            * 3
            + b"</article></body></html>"
        )
        got = run(db, "import", web.url("/page/story"))
        assert got.returncode == 0, got.stderr
        article = got.stdout.split()[0]
        first = run(db, "claim", "add", article, "--quote", FIRST).stdout.strip()
        second = run(db, "claim", "add", article, "--quote", SECOND).stdout.strip()
        source = run(db, "source", "add", web.url("/page/stats"), "--title", "Trade bulletin")
        source_id = source.stdout.strip()
        assert run(db, "archive", "capture", source_id).returncode == 0
        linked = run(db, "evidence", "add", first, source_id, "--stance", "supports")
        assert linked.returncode == 0, linked.stderr
        verdict = run(db, "claim", "status", first, "verified", "--rationale", "Bulletin: +20%.")
        assert verdict.returncode == 0, verdict.stderr

        web.pages["story"] = (
            STORY.replace("rose by 20 percent", "fell by 11 percent")
            .replace(
                "<p>The ministry also said the new harbour crane will be ready before the "
                "summer, which should shorten waiting times for container ships calling at "
                "the port.</p>",
                "",
            )
            .encode()
        )
        refreshed = run(db, "import", "--refresh", article)
        assert refreshed.returncode == 0, refreshed.stderr

    listed = json.loads(run(db, "claims", "--format", "json").stdout)
    by_id = {str(c["id"]): c for c in listed}
    assert by_id[first]["wording_before"] == FIRST
    assert "fell by 11" in by_id[first]["anchor"]["exact"]
    assert by_id[first]["status"] == "verified"  # never silently re-judged
    assert by_id[second]["orphaned"] and by_id[second]["wording_before"] is None
    table = run(db, "claims").stdout
    assert "[needs re-check" in table and "[orphaned]" in table

    report = tmp_path / "report.html"
    assert run(db, "export", "--format", "html", "--out", str(report)).returncode == 0
    page = report.read_text("utf-8")
    assert "Needs re-check" in page and "rose by 20 percent" in page and "fell by 11" in page
    assert "could not be found in the current article text" in page
    snapshot = json.loads(run(db, "archive", "list", source_id, "--format", "json").stdout)[0]
    assert f"sha256 {snapshot['sha256'][:12]}" in page and "archived " in page
    assert "2 claims in 1 article" in page

    clean = run(db, "verify-archive")
    assert clean.returncode == 0 and "no mismatch" in clean.stdout
    con = sqlite3.connect(db)
    con.execute("UPDATE source_snapshot SET content = ? WHERE id = ?", (b"forged", snapshot["id"]))
    con.commit()
    con.close()
    tampered = run(db, "verify-archive")
    assert tampered.returncode == 1
    assert f"source {source_id} \u201cTrade bulletin\u201d" in tampered.stderr
