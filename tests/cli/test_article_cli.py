"""claimdesk article edit ID and claimdesk article delete ID, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import ok, run

from claimdesk.assets import SAMPLE_ARTICLE, resource


def _article(db: Path) -> str:
    return ok(db, "import", str(resource(*SAMPLE_ARTICLE))).strip()


def test_edit_an_article(db_path: Path) -> None:
    article = _article(db_path)
    out = ok(
        db_path, "--user", "ana", "article", "edit", article,
        "--outlet", "Anadolu Agency", "--published", "2026-03-05", "--place", "Ankara",
    )  # fmt: skip
    assert f"article {article}:" in out and "Anadolu Agency" in out
    shown = json.loads(ok(db_path, "article", article, "--format", "json"))
    assert shown["outlet"] == "Anadolu Agency"
    assert shown["published_at"].startswith("2026-03-05")
    again = ok(db_path, "article", "edit", article, "--outlet", "Anadolu Agency")
    assert "unchanged" in again


def test_bad_edits_say_why_and_write_nothing(db_path: Path) -> None:
    article = _article(db_path)
    before = ok(db_path, "article", article, "--format", "json")
    for args, words in (
        (("--published", "next week"), "not a date"),
        (("--title", "  "), "needs a title"),
        ((), "Say what to change"),
    ):
        result = run(db_path, "article", "edit", article, *args)
        assert result.returncode != 0 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert ok(db_path, "article", article, "--format", "json") == before
    missing = run(db_path, "article", "edit", "99", "--outlet", "X")
    assert missing.returncode != 0 and "no article 99" in missing.stderr
    word = run(db_path, "article", "edti", "1")
    assert word.returncode != 0 and "not an article id" in word.stderr


def test_delete_an_article_asks_for_yes(db_path: Path) -> None:
    article = _article(db_path)
    ok(db_path, "claim", "add", article, "--quote", "the world's largest arms importer")
    asked = run(db_path, "article", "delete", article)
    assert asked.returncode == 1
    assert "1 claim(s), 0 evidence link(s) and 1 history entry" in asked.stderr
    assert "--yes" in asked.stderr
    assert "India and France" in ok(db_path, "articles")
    out = ok(db_path, "article", "delete", article, "--yes")
    assert out.startswith(f"deleted article {article}") and "1 claim(s)" in out
    assert "India and France" not in ok(db_path, "articles")
    assert json.loads(ok(db_path, "claims", "--format", "json")) == []
    gone = run(db_path, "article", "delete", article, "--yes")
    assert gone.returncode != 0 and "may have been deleted" in gone.stderr
