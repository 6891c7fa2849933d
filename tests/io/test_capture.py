"""Capturing sources for the evidence archive from a real HTTP server on 127.0.0.1 and
from real files, with every bad input the archive must refuse or flag."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_http import JS_SHELL, PAGE, Server, serve
from files.samples import make_docx, make_pdf

from claimdesk.io.capture import JS_NOTE, CaptureFailed, capture_file, capture_url


@pytest.fixture(scope="module")
def web() -> Iterator[Server]:
    with serve() as server:
        server.pdf = make_pdf([["Machinery exports fell by 11 percent in 2025."]])
        yield server


def test_a_page_is_kept_as_served_with_its_final_address_and_text(web: Server) -> None:
    got = capture_url(web.url("/moved"))
    assert got.content == PAGE
    assert got.media_type == "text/html"
    assert got.requested_url == web.url("/moved") and got.final_url == web.url("/page")
    assert "fell by 11 percent" in got.text and got.note == ""
    assert got.fetched_at.tzinfo is not None


def test_a_pdf_and_an_image_are_kept_byte_for_byte(web: Server) -> None:
    pdf = capture_url(web.url("/report.pdf"))
    assert pdf.content == web.pdf and pdf.media_type == "application/pdf"
    assert "fell by 11 percent" in pdf.text
    png = capture_url(web.url("/chart.png"))
    assert png.media_type == "image/png" and png.text == ""


def test_a_page_that_needs_javascript_is_kept_and_says_so(web: Server) -> None:
    got = capture_url(web.url("/app"))
    assert got.content == JS_SHELL and got.note == JS_NOTE


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/login", "login page"),
        ("/members", "HTTP 401"),
        ("/missing", "HTTP 404 Not Found"),
        ("/boom", "HTTP 503"),
        ("/huge", "over the 1 MB archive limit"),
        ("/endless", "over the 1 MB archive limit"),
        ("/liar.pdf", "says it is a PDF but its bytes are a web page"),
        ("/empty", "empty body"),
    ],
)
def test_bad_answers_are_refused_in_one_sentence(web: Server, path: str, words: str) -> None:
    with pytest.raises(CaptureFailed, match=words) as info:
        capture_url(web.url(path), max_bytes=1024 * 1024)
    assert "\n" not in str(info.value) and "nothing was archived" in str(info.value)


def test_a_slow_server_times_out(web: Server) -> None:
    with pytest.raises(CaptureFailed, match="timed out"):
        capture_url(web.url("/slow"), read_timeout=0.5)


def test_addresses_that_are_not_web_addresses(closed_port: int) -> None:
    with pytest.raises(CaptureFailed, match="refused the connection"):
        capture_url(f"http://127.0.0.1:{closed_port}/x")
    with pytest.raises(CaptureFailed, match="only http"):
        capture_url("ftp://example.org/file")


def test_local_files_are_attached_and_liars_refused(tmp_path: Path) -> None:
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(make_pdf([["Exports fell by 11 percent."]]))
    got = capture_file(pdf)
    assert got.file_name == "release.pdf" and got.media_type == "application/pdf"
    assert hashlib.sha256(got.content).digest() == hashlib.sha256(pdf.read_bytes()).digest()
    assert "fell by 11" in got.text
    docx = make_docx(tmp_path / "memo.docx")
    assert "council" in capture_file(docx).text.lower()
    page = tmp_path / "saved.html"
    page.write_bytes(PAGE)
    assert "fell by 11" in capture_file(page).text

    fake = tmp_path / "photo.png"
    fake.write_bytes(b"%PDF-1.4 not a picture")
    with pytest.raises(CaptureFailed, match="says it is a PNG image but its bytes are a PDF"):
        capture_file(fake)
    other = tmp_path / "notes.xyz"
    other.write_bytes(b"x")
    with pytest.raises(CaptureFailed, match="cannot be attached"):
        capture_file(other)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"0" * 2048)
    with pytest.raises(CaptureFailed, match="is 2 KB, over the 1 KB archive limit"):
        capture_file(big, max_bytes=1024)
    with pytest.raises(CaptureFailed, match="Cannot read"):
        capture_file(tmp_path / "absent.pdf")
