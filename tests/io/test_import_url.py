"""Importing web addresses from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from conftest import ARTICLE, PDF, PLAIN, Server

from claimdesk import __version__
from claimdesk.errors import ImportFailed
from claimdesk.io import importers
from claimdesk.io.fetch import load_url


def test_article_page(http_server: Server) -> None:
    before = datetime.now(UTC)
    draft = importers.load(http_server.url("/article"))
    assert draft.title == "Port traffic claim under scrutiny"
    assert "twelve percent" in draft.text
    assert "COMMENT-MARKER" not in draft.text
    assert "garden furniture" not in draft.text
    assert draft.url == http_server.url("/article")  # the fetched address, not canonical
    assert draft.origin == http_server.url("/article")
    assert draft.retrieved_at is not None and draft.retrieved_at >= before
    assert draft.retrieved_at.tzinfo is not None
    assert draft.raw_bytes == ARTICLE
    assert draft.raw_media_type == "text/html"
    assert draft.author == "Mira Okonkwo"
    path, headers = http_server.requests[-1]
    assert path == "/article"
    assert headers["User-Agent"] == f"claimdesk/{__version__} (+fact-checking desk)"


def test_redirect_chain_records_final_url(http_server: Server) -> None:
    draft = importers.load(http_server.url("/r1"))
    assert draft.url == http_server.url("/article")
    assert draft.origin == http_server.url("/r1")
    assert "harbour authority" in draft.text


def test_redirect_loop(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match=r"/loop-a could not be fetched: .*redirects in a loop"):
        importers.load(http_server.url("/loop-a"))


def test_too_many_redirects(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match="more than 1 redirects"):
        load_url(http_server.url("/r1"), max_redirects=1)


@pytest.mark.parametrize(("path", "message"), [("/missing", "not found.*404"), ("/boom", "500")])
def test_http_errors(http_server: Server, path: str, message: str) -> None:
    with pytest.raises(ImportFailed, match=message) as info:
        importers.load(http_server.url(path))
    assert http_server.url(path) in str(info.value)


def test_one_deadline_covers_every_redirect(http_server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(ImportFailed) as refused:
        load_url(http_server.url("/slow-redirect/1"), read_timeout=3.0, total_timeout=1.5)
    elapsed = time.monotonic() - started
    # without the deadline the eight hops take 4.8 s; the margin is for a busy machine
    assert elapsed < 4.0, f"eight slow redirects ran for {elapsed:.1f} s past a 1.5 s deadline"
    assert "took longer than 1.5 s (redirects included)" in str(refused.value)


def test_slow_redirects_within_the_deadline_arrive(http_server: Server) -> None:
    # each hop waits 0.6 s; a read timeout well above that, for a busy machine
    draft = load_url(http_server.url("/slow-redirect/7"), read_timeout=3.0, total_timeout=10)
    assert draft.url == http_server.url("/article")


def test_timeout(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match=r"/slow could not be fetched: .*timed out"):
        load_url(http_server.url("/slow"), read_timeout=0.3)


def test_endless_body_is_cut_off(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match=r"/endless is over the 1 MB download limit"):
        load_url(http_server.url("/endless"), max_bytes=1024 * 1024)


def test_declared_size_refused_before_download(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match=r"/declared-huge is 5120 MB, over the 20 MB"):
        importers.load(http_server.url("/declared-huge"))


def test_wrong_content_type(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match=r"/image is image/png, which cannot be imported"):
        importers.load(http_server.url("/image"))


def test_pdf_over_http(http_server: Server) -> None:
    draft = importers.load(http_server.url("/report.pdf"))
    assert draft.raw_media_type == "application/pdf"
    assert draft.raw_bytes == PDF
    assert [n for n, _ in draft.page_starts] == [1, 2]
    assert draft.url == http_server.url("/report.pdf")
    assert draft.retrieved_at is not None


def test_plain_text_over_http(http_server: Server) -> None:
    draft = importers.load(http_server.url("/plain"))
    assert draft.text == PLAIN.strip()
    assert draft.raw_media_type == "text/plain"


def test_gzip_body(http_server: Server) -> None:
    assert "twelve percent" in importers.load(http_server.url("/gzip")).text


def test_untyped_html_is_sniffed(http_server: Server) -> None:
    assert "twelve percent" in importers.load(http_server.url("/untyped")).text


def test_page_without_article(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match="no article text found"):
        importers.load(http_server.url("/no-article"))


def test_empty_body(http_server: Server) -> None:
    with pytest.raises(ImportFailed, match="empty page"):
        importers.load(http_server.url("/empty"))


def test_dns_failure() -> None:
    with pytest.raises(ImportFailed, match=r"server name no-such-host\.invalid was not found"):
        load_url("http://no-such-host.invalid/story", connect_timeout=5)


def test_connection_refused(closed_port: int) -> None:
    with pytest.raises(ImportFailed, match="refused the connection"):
        load_url(f"http://127.0.0.1:{closed_port}/story", connect_timeout=2)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://", "names no server|not a valid web address"),
        ("https://exa mple.com/x", "not a valid web address"),
        ("ftp://files.example/report.pdf", "only http:// and https://"),
        ("http://[::1/", "not a valid web address"),
    ],
)
def test_invalid_urls(url: str, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        importers.load(url)


def test_cancel(http_server: Server) -> None:
    with pytest.raises(importers.ImportCancelled):
        importers.load(http_server.url("/article"), cancel=lambda: True)


def test_addresses_off_the_allow_list_are_refused_before_any_request(
    http_server: Server,
) -> None:
    before = len(http_server.requests)
    for url in (http_server.url("/article\u200b"), http_server.url('/article"onload="x')):
        with pytest.raises(ImportFailed, match="cannot be imported: it contains"):
            load_url(url)
    assert len(http_server.requests) == before
