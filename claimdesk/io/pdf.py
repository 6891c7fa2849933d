"""PDF files via pypdf, keeping where each page starts so claims can cite a page."""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import Any

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.io.common import Cancel, check_cancel
from claimdesk.io.normalize import normalize_text
from claimdesk.io.text import title_from_text

__all__ = ["draft_from_pdf"]


def _open(data: bytes, name: str) -> Any:
    from pypdf import PdfReader

    if not data.lstrip()[:1024].find(b"%PDF-") >= 0:
        raise ImportFailed(f"{name} is not a PDF file (it has no PDF header).")
    # pypdf logs every repair it makes on damaged files; the user gets our message instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(reader, name)
        len(reader.pages)  # forces the page tree to be read, where damage often shows
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(f"{name} is damaged and cannot be read as a PDF.") from None
    return reader


def _unlock(reader: Any, name: str) -> None:
    # Many PDFs are "encrypted" only with an owner password that limits printing or
    # copying; they open with an empty user password and are fine to read.
    try:
        opened = reader.decrypt("")
    except Exception:
        opened = 0
    if not opened:
        raise ImportFailed(
            f"{name} is encrypted with a password; remove the password and import it again."
        )


def _meta_str(meta: Any, attr: str) -> str | None:
    try:
        value = getattr(meta, attr, None)
    except Exception:  # a broken info dictionary
        return None
    if not isinstance(value, str):
        return None
    value = normalize_text(value).replace("\n", " ").strip()
    return value or None


def draft_from_pdf(
    data: bytes,
    *,
    name: str,
    origin: str | None = None,
    url: str | None = None,
    retrieved_at: datetime | None = None,
    cancel: Cancel | None = None,
) -> ArticleDraft:
    """Extract the text layer of a PDF, page by page.

    Pages are separated by one blank line; ``page_starts`` holds ``(page_number,
    offset)`` for every page, numbered from 1, offsets into the final text.  A page with
    no text starts where the next text starts.
    """
    reader = _open(data, name)
    pages: list[str] = []
    try:
        for page in reader.pages:
            check_cancel(cancel, name)
            pages.append(normalize_text(page.extract_text() or ""))
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(f"{name} is damaged: the text of its pages cannot be read.") from None
    if not any(p.strip() for p in pages):
        raise ImportFailed(f"{name} has no text layer (it looks scanned); run OCR on it first.")

    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    waiting: list[int] = []  # empty pages, placed where the next text starts
    offset = 0
    for number, page_text in enumerate(pages, start=1):
        if not page_text:
            waiting.append(number)
            continue
        if parts:
            offset += 2  # the blank line between pages
        starts.extend((n, offset) for n in [*waiting, number])
        waiting.clear()
        parts.append(page_text)
        offset += len(page_text)
    starts.extend((n, offset) for n in waiting)
    text = "\n\n".join(parts)
    # A page starting with a combining mark could merge with the previous page under NFC;
    # make sure what we return is normalised and the offsets still fit it.
    if normalize_text(text) != text:
        text = normalize_text(text)
        starts = [(n, min(o, len(text))) for n, o in starts]

    # The creation date in the PDF's info dictionary is not used as the publication
    # date: it is often when the file was generated, and a wrong date misleads.
    try:
        meta = reader.metadata
    except Exception:
        meta = None
    return ArticleDraft(
        text=text,
        title=_meta_str(meta, "title") or title_from_text(text),
        author=_meta_str(meta, "author"),
        url=url,
        retrieved_at=retrieved_at,
        raw_bytes=data,
        raw_media_type="application/pdf",
        origin=origin,
        page_starts=tuple(starts),
    )
