"""The optional online lookup against a local server that answers like the Fact Check
Tools API, and published checks imported from web addresses (and addresses that fail)."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from checks_server import KEY, ApiServer, api_server, closed_port

from claimdesk.config import Settings
from claimdesk.errors import ImportFailed
from claimdesk.io.claimreview_import import download
from claimdesk.io.factcheck_api import LookupFailed, Offline, lookup


@pytest.fixture
def api() -> Iterator[ApiServer]:
    with api_server() as server:
        yield server


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from claimdesk.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), *args], stdout=out, stderr=err)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_lookup_sends_the_words_and_the_key_in_a_header(api: ApiServer) -> None:
    found = lookup("India: the world's largest arms importer?", key=KEY, url=api.search_url,
                   language="en")  # fmt: skip
    assert [(d.review_url, d.rating_name, d.organisation, d.claimant) for d in found] == [
        ("https://checks.example/reviews/india-arms", "True", "Harbour Checks", "A minister")
    ]
    check = found[0]
    assert (check.review_date, check.language, check.organisation_url) == (
        "2025-01-09T00:00:00Z", "en", "https://checks.example/"
    )  # fmt: skip
    path, headers = api.requests[-1]
    assert "query=India" in path and "languageCode=en" in path
    assert KEY not in path  # never in the address, so never in a log line
    assert headers["X-Goog-Api-Key"] == KEY


@pytest.mark.parametrize(
    ("query", "key", "error", "words"),
    [
        ("arms", "wrong-key", LookupFailed, "check the API key"),
        ("busy arms", KEY, LookupFailed, "too many lookups"),
        ("broken arms", KEY, LookupFailed, "did not answer with JSON"),
        ("   ", KEY, LookupFailed, "nothing to look up"),
        ("arms", "", LookupFailed, "needs a Google Fact Check Tools API key"),
    ],
)
def test_lookup_failures_say_why(
    api: ApiServer, query: str, key: str, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        lookup(query, key=key, url=api.search_url)


def test_nothing_found_is_an_empty_answer(api: ApiServer) -> None:
    assert lookup("nothing at all", key=KEY, url=api.search_url) == []


def test_offline_is_told_apart(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1alpha1/claims:search"
    with pytest.raises(Offline, match="cannot be reached"):
        lookup("arms", key=KEY, url=url)


def test_the_cli_lookup_is_off_by_default(tmp_path: Path) -> None:
    result = run(tmp_path / "desk.sqlite3", "checks", "lookup", "India imports arms")
    assert result.returncode != 0 and "Looking up online is off" in result.stderr
    assert Settings().checks_online == "off"


def test_checks_import_from_web_addresses(api: ApiServer, tmp_path: Path) -> None:
    feed = [{"@type": "ClaimReview", "url": f"https://checks.example/{n}",
             "claimReviewed": f"Harbour claim {n}", "reviewRating": {"alternateName": "False"}}
            for n in range(3)]  # fmt: skip
    api.files["/feed.json"] = ("application/ld+json", json.dumps(feed).encode())
    page = f'<html><script type="application/ld+json">{json.dumps(feed[0])}</script></html>'
    api.files["/page"] = ("text/html", page.encode())
    db = tmp_path / "desk.sqlite3"
    before = _downloads()
    result = run(db, "checks", "import", api.base + "/feed.json", api.base + "/missing.json",
                 api.base + "/page", f"http://127.0.0.1:{closed_port()}/gone.json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "batch 1: Imported 3 new published check(s), updated 0." in result.stdout
    assert "batch 2: Imported 0 new published check(s), updated 1." in result.stdout
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert "missing.json could not be fetched (HTTP 404)" in errors[0]
    assert "gone.json could not be fetched" in errors[1]
    listed = run(db, "checks", "list", "--format", "json")
    batches = json.loads(listed.stdout)
    assert [(b["kind"], b["origin"], b["checks"]) for b in batches] == [
        ("url", api.base + "/feed.json", 2),
        ("url", api.base + "/page", 1),
    ]
    assert _downloads() == before  # every download was removed once read


def _downloads() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("claimdesk-checks-*")}


def test_a_download_over_the_limit_is_stopped(api: ApiServer) -> None:
    api.files["/big.json"] = ("application/json", b"[" + b" " * 300_000 + b"]")
    with pytest.raises(ImportFailed, match=r"over the 0\.0954 MB limit"):
        download(api.base + "/big.json", max_bytes=100_000)
    with pytest.raises(ImportFailed, match="not a web address"):
        download("ftp://example.org/feed.json")
