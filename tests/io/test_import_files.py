"""HTML, PDF and Word files, folders, the clipboard, and what importing costs at start-up."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from files.samples import NAV_ONLY_HTML, PARAGRAPHS, article_html, make_docx, make_pdf

from claimdesk.errors import ImportFailed
from claimdesk.io import importers
from claimdesk.io.normalize import normalize_text

# --- HTML -------------------------------------------------------------------------------


def test_saved_page(tmp_path: Path) -> None:
    path = tmp_path / "port.html"
    path.write_text(article_html(), encoding="utf-8")
    draft = importers.load(path)
    assert draft.title == "Port traffic claim under scrutiny"
    assert draft.author == "Mira Okonkwo"
    assert draft.outlet == "The Estuary Ledger"
    assert draft.url == "https://ledger.example/harbour/port-traffic"
    assert draft.published_at == datetime(2024, 5, 14, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    assert draft.language == "en"
    assert draft.raw_media_type == "text/html"
    assert draft.origin == str(path.resolve())
    for paragraph in PARAGRAPHS:
        assert f"\n\n{paragraph}" in draft.text  # each paragraph is its own block
    for junk in ("COMMENT-MARKER", "garden furniture", "Most read", "Subscribe", "tracking"):
        assert junk not in draft.text
    assert "<" not in draft.text and "&amp;" not in draft.text
    assert draft.text == normalize_text(draft.text)


def test_page_in_legacy_encoding(tmp_path: Path) -> None:
    paragraphs = [p.replace("analyst", "analyste réputé") for p in PARAGRAPHS]
    page = article_html(paragraphs=paragraphs, charset="windows-1252", lang="fr")
    path = tmp_path / "legacy.htm"
    path.write_bytes(page.encode("cp1252"))
    draft = importers.load(path)
    assert "analyste réputé" in draft.text
    assert draft.language == "fr"


def test_lists_quotes_and_line_breaks(tmp_path: Path) -> None:
    page = article_html(paragraphs=PARAGRAPHS).replace(
        "</article>",
        "<ul><li>Berth four stayed closed for nine weeks.</li><li>Crane two was idle.</li></ul>"
        "<blockquote><p>We counted every ship twice, said a clerk who asked not to be named."
        "</p></blockquote><p>First line of a verse,<br>second line of the verse.</p></article>",
    )
    path = tmp_path / "lists.html"
    path.write_text(page)
    text = importers.load(path).text
    assert "- Berth four stayed closed for nine weeks.\n- Crane two was idle." in text
    assert "\n\nWe counted every ship twice" in text
    assert "First line of a verse,\nsecond line of the verse." in text


def test_page_without_article(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.html"
    path.write_text(NAV_ONLY_HTML)
    with pytest.raises(ImportFailed, match=r"sitemap\.html has no article text found"):
        importers.load(path)


@pytest.mark.parametrize(
    "content",
    [
        "<html><body><p>Unclosed <b>bold <div>and a div " + "with plenty of words " * 20,
        "<<<>>> </p></p><html><html><body><p>" + "A sentence about a bridge. " * 15,
    ],
)
def test_malformed_html_is_handled(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(content)
    draft = importers.load(path)
    assert len(draft.text.split()) > 10
    assert "<" not in draft.text


@pytest.mark.parametrize("content", [b"<html></html>", b"\x00\x01\x02\x03 binary junk \xff"])
def test_html_with_nothing_in_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "nothing.html"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=r"nothing\.html .*no article text found"):
        importers.load(path)


# --- PDF --------------------------------------------------------------------------------

PAGES = [
    ["Annual harbour report", "", "Ship visits rose by twelve percent in 2023."],
    ["Page two discusses crane repairs (cost: 2.4 million)."],
    [],
    ["Page four: the café by the quay closed in March."],
]


def test_pdf_pages_are_cited(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(PAGES, title="Harbour report 2023", author="Port Office"))
    draft = importers.load(path)
    assert draft.title == "Harbour report 2023"
    assert draft.author == "Port Office"
    assert draft.raw_media_type == "application/pdf"
    assert [n for n, _ in draft.page_starts] == [1, 2, 3, 4]
    starts = dict(draft.page_starts)
    assert draft.text[starts[1] :].startswith("Annual harbour report")
    assert draft.text[starts[2] :].startswith("Page two discusses")
    assert starts[3] == starts[4]  # the empty page starts where page four does
    assert draft.text[starts[4] :].startswith("Page four: the café")
    assert draft.text == normalize_text(draft.text)


def test_pdf_title_falls_back_to_first_line(tmp_path: Path) -> None:
    path = tmp_path / "untitled.pdf"
    path.write_bytes(make_pdf(PAGES[:1]))
    assert importers.load(path).title == "Annual harbour report"


def test_pdf_with_user_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(PAGES, user_password="s3cret", owner_password="owner"))
    with pytest.raises(ImportFailed, match=r"locked\.pdf is encrypted with a password"):
        importers.load(path)


def test_pdf_with_owner_password_only_opens(tmp_path: Path) -> None:
    path = tmp_path / "no-print.pdf"
    path.write_bytes(make_pdf(PAGES, owner_password="owner"))
    assert "twelve percent" in importers.load(path).text


def test_scanned_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []], image_only=True))
    with pytest.raises(
        ImportFailed, match=r"scan\.pdf has no text layer \(it looks scanned\); run OCR on it first"
    ):
        importers.load(path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b"%PDF-1.7\n" + bytes(range(256)) * 8,
        lambda b: b"This is not a PDF at all, just words in a file named like one.",
    ],
)
def test_corrupt_pdf(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(make_pdf(PAGES)))  # type: ignore[operator]
    with pytest.raises(ImportFailed, match=r"damaged\.pdf is (damaged|not a PDF)"):
        importers.load(path)


# --- DOCX -------------------------------------------------------------------------------


def test_docx(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "memo.docx", table=[["Year", "Budget"], ["2024", "3.1m"]])
    draft = importers.load(path)
    assert draft.title == "Council budget claims"
    assert draft.author == "Jonas Weber"
    assert draft.text.startswith("What the council said\n\n" + PARAGRAPHS[0])
    assert "Year | Budget\n2024 | 3.1m\n\nA closing paragraph" in draft.text
    assert draft.raw_media_type.endswith("wordprocessingml.document")  # type: ignore[union-attr]


def test_docx_title_from_heading(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "untitled.docx", title=None, author=None)
    draft = importers.load(path)
    assert draft.title == "What the council said"
    assert draft.author is None


def test_docx_damaged(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this zip ends right here")
    with pytest.raises(ImportFailed, match=r"broken\.docx is damaged or is not a Word"):
        importers.load(path)


def test_docx_protected(tmp_path: Path) -> None:
    path = tmp_path / "protected.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(ImportFailed, match=r"protected\.docx .*password"):
        importers.load(path)


def test_docx_empty(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", heading=None, paragraphs=[])
    with pytest.raises(ImportFailed, match=r"blank\.docx contains no text"):
        importers.load(path)


# --- clipboard --------------------------------------------------------------------------


def test_clipboard_html() -> None:
    draft = importers.load_clipboard("ignored", article_html())
    assert draft.origin == "clipboard"
    assert "twelve percent" in draft.text and "COMMENT-MARKER" not in draft.text


def test_clipboard_html_fragment_falls_back_to_text() -> None:
    draft = importers.load_clipboard(None, "<b>Ships</b> rose&nbsp;12%")
    assert draft.text == "Ships rose 12%"


def test_clipboard_text() -> None:
    draft = importers.load_clipboard("  \r\nFerry fares doubled.\r\n\r\n\r\nSays who?  ", None)
    assert draft.text == "Ferry fares doubled.\n\nSays who?"
    assert draft.title == "Ferry fares doubled."


def test_clipboard_empty() -> None:
    with pytest.raises(ImportFailed, match="clipboard holds no text"):
        importers.load_clipboard(" \n", "")


# --- folders ----------------------------------------------------------------------------


def test_folder_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(article_html())
    (tmp_path / "b.txt").write_text("A short note about tram delays.")
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "e.xlsx").write_bytes(b"skipped: unsupported")
    (tmp_path / ".hidden.txt").write_text("skipped: hidden")
    sub = tmp_path / "sub"
    sub.mkdir()
    make_docx(sub / "f.docx")
    calls: list[tuple[int, int, str]] = []
    results = list(importers.iter_folder(tmp_path, progress=lambda *a: calls.append(a)))
    names = [p.name for p, _ in results]
    assert names == ["a.html", "b.txt", "c.txt", "d.pdf", "f.docx"]
    outcome = {p.name: r for p, r in results}
    assert isinstance(outcome["c.txt"], ImportFailed) and "empty" in str(outcome["c.txt"])
    assert isinstance(outcome["d.pdf"], ImportFailed)
    assert outcome["f.docx"].title == "Council budget claims"  # type: ignore[union-attr]
    assert calls[0] == (0, 5, "a.html")
    assert calls[-1] == (5, 5, "")


def test_folder_cancel(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Note number {i}.")
    seen: list[Path] = []
    for path, _ in importers.iter_folder(tmp_path, cancel=lambda: len(seen) >= 2):
        seen.append(path)
    assert len(seen) == 2


def test_folder_missing(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="does not exist"):
        list(importers.iter_folder(tmp_path / "nope"))


# --- start-up cost ----------------------------------------------------------------------


def test_importers_module_is_cheap_to_import() -> None:
    code = (
        "import sys; from claimdesk.io import importers; "
        "print(','.join(m for m in ('trafilatura', 'pypdf', 'httpx', 'docx', "
        "'charset_normalizer', 'lxml', 'PySide6') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""
