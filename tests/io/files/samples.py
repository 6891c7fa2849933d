"""Build sample inputs for the import tests: HTML pages, PDFs, Word documents.

All sample wording is original.  PDFs are assembled with pypdf's object model (already a
runtime dependency), so no PDF writer is needed for the tests.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

PARAGRAPHS = [
    "The harbour authority says the number of cargo ships calling at the port rose by "
    "twelve percent last year, the largest increase since the quay was rebuilt.",
    "Dock workers interviewed on Tuesday questioned the figure, saying that several "
    "berths stood empty for most of the winter while repairs dragged on.",
    "An independent shipping analyst said the claim depends on how visits are counted: "
    "a vessel that leaves and returns the same day may be recorded twice.",
]


def article_html(
    *,
    title: str = "Port traffic claim under scrutiny",
    paragraphs: list[str] | None = None,
    author: str = "Mira Okonkwo",
    date: str = "2024-05-14T09:15:00+02:00",
    site: str = "The Estuary Ledger",
    canonical: str = "https://ledger.example/harbour/port-traffic",
    lang: str = "en",
    charset: str = "utf-8",
) -> str:
    """A news page with navigation, an advert, a comment thread and full metadata."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in (paragraphs or PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="{charset}">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta name="author" content="{html.escape(author)}">
<meta property="og:site_name" content="{html.escape(site)}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="{canonical}">
<style>.ad {{ color: red }}</style>
<script>var tracking = "do not import me";</script>
</head>
<body>
<header><nav class="menu"><ul>
<li><a href="/">Front page</a></li><li><a href="/weather">Weather</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li>
</ul></nav></header>
<div class="advert ad" id="banner-ad">SPECIAL OFFER: half-price garden furniture all week!</div>
<main>
<article>
<h1>{html.escape(title)}</h1>
<p class="byline">By {html.escape(author)}</p>
{body}
</article>
</main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Cat rescued from roof</a></li>
<li><a href="/y">Bakery wins award</a></li></ul></aside>
<section id="comments" class="comments">
<h3>Comments</h3>
<div class="comment"><p>COMMENT-MARKER This is all a cover-up, wake up people!!!</p></div>
<div class="comment"><p>COMMENT-MARKER Great reporting as always.</p></div>
</section>
<footer><p>Copyright 2024 The Estuary Ledger. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body>
</html>
"""


NAV_ONLY_HTML = """<!DOCTYPE html><html><head><title>Site map</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/about">About</a></li></ul></nav>
<form action="/search"><input name="q"><button>Search</button></form>
<footer><a href="/privacy">Privacy</a></footer></body></html>"""


def _escape_pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[str]) -> bytes:
    ops = [b"BT", b"/F1 12 Tf", b"14 TL", b"72 720 Td"]
    for line in lines:
        ops.append(b"(" + _escape_pdf_text(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
    image_only: bool = False,
) -> bytes:
    """A PDF with one page per entry of ``pages`` (each a list of text lines).

    With ``image_only`` each page carries only a grey image and no text operators, like
    a scan.  With a password the file is AES-128 encrypted.
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(width=612, height=792)
        resources = DictionaryObject()
        if image_only:
            image = DecodedStreamObject()
            image.set_data(bytes([128]) * 64)
            image.update(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Image"),
                    NameObject("/Width"): NumberObject(8),
                    NameObject("/Height"): NumberObject(8),
                    NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                    NameObject("/BitsPerComponent"): NumberObject(8),
                }
            )
            resources[NameObject("/XObject")] = DictionaryObject(
                {NameObject("/Im1"): writer._add_object(image)}
            )
            data = b"q 500 0 0 700 56 46 cm /Im1 Do Q"
        else:
            resources[NameObject("/Font")] = DictionaryObject({NameObject("/F1"): font_ref})
            data = _page_stream(lines)
        resources[NameObject("/ProcSet")] = ArrayObject([NameObject("/PDF")])
        page[NameObject("/Resources")] = resources
        content = DecodedStreamObject()
        content.set_data(data)
        page[NameObject("/Contents")] = writer._add_object(content)
    meta = {}
    if title:
        meta["/Title"] = title
    if author:
        meta["/Author"] = author
    if meta:
        writer.add_metadata(meta)
    if user_password is not None or owner_password is not None:
        writer.encrypt(
            user_password=user_password or "",
            owner_password=owner_password,
            algorithm="AES-128",
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    path: Path,
    *,
    title: str | None = "Council budget claims",
    author: str | None = "Jonas Weber",
    heading: str | None = "What the council said",
    paragraphs: list[str] | None = None,
    table: list[list[str]] | None = None,
) -> Path:
    """A Word document written by python-docx."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs if paragraphs is not None else PARAGRAPHS:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        document.add_paragraph("A closing paragraph after the table, for ordering.")
    document.save(str(path))
    return path
