"""Word documents (.docx) via python-docx."""

from __future__ import annotations

import io
from typing import Any

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.io.common import Cancel, check_cancel
from claimdesk.io.normalize import normalize_text
from claimdesk.io.text import title_from_text

__all__ = ["DOCX_MEDIA_TYPE", "draft_from_docx"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _one_line(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = normalize_text(value).replace("\n", " ").strip()
    return value or None


def _blocks(document: Any, cancel: Cancel | None, name: str) -> tuple[list[str], str | None]:
    """Paragraph and table texts in document order, and the first heading's text."""
    from docx.table import Table

    blocks: list[str] = []
    heading: str | None = None
    for item in document.iter_inner_content():
        check_cancel(cancel, name)
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = [normalize_text(c.text).replace("\n", " ") for c in row.cells]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append("\n".join(rows))
            continue
        text = normalize_text(item.text)
        if not text:
            continue
        style = (getattr(item.style, "name", "") or "").lower() if item.style else ""
        if heading is None and (style.startswith("heading") or style == "title"):
            heading = text.replace("\n", " ")
        blocks.append(text)
    return blocks, heading


def draft_from_docx(
    data: bytes, *, name: str, origin: str | None = None, cancel: Cancel | None = None
) -> ArticleDraft:
    """Paragraphs (and tables) of a Word document, one blank line between them.

    The title comes from the document properties, else the first heading, else the first
    line; the author from the document properties.
    """
    if data.startswith(_OLE_MAGIC):
        raise ImportFailed(
            f"{name} is an old-style Word file or is protected with a password; "
            "save it as an unprotected .docx and import it again."
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise ImportFailed(f"{name} is damaged or is not a Word (.docx) document.") from None
    try:
        blocks, heading = _blocks(document, cancel, name)
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed(f"{name} is damaged: its paragraphs cannot be read.") from None
    text = normalize_text("\n\n".join(blocks))
    if not text:
        raise ImportFailed(f"{name} contains no text.")

    # The file's creation date is not taken as the publication date: it is usually when
    # someone saved a copy, and a wrong date on a fact-check is worse than none.
    props = document.core_properties
    return ArticleDraft(
        text=text,
        title=_one_line(props.title) or heading or title_from_text(text),
        author=_one_line(props.author),
        language=_one_line(props.language),
        raw_bytes=data,
        raw_media_type=DOCX_MEDIA_TYPE,
        origin=origin,
    )
