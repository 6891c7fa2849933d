"""Word documents (.docx) via python-docx."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.io.common import Cancel, check_cancel
from claimdesk.io.normalize import normalize_text
from claimdesk.io.text import title_from_text

__all__ = ["DOCX_MEDIA_TYPE", "draft_from_docx"]

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# python-docx reads every part of the package into memory, so the declared sizes bound
# what a document costs.  Word's own XML deflates 5 to 30 times; a bomb, a thousand.
MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_RATIO = 100
RATIO_FROM_BYTES = 4 * 1024 * 1024  # small parts may compress as they like


def check_zip_bounds(data: bytes, name: str) -> None:
    """Refuse a zip whose members would inflate past the limits, before anything inflates.

    The sizes are those the zip declares; ``zipfile`` never reads a member past its
    declared size (a longer one fails its CRC check), so a lying header cannot help.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFailed(f"{name} is damaged or is not a Word (.docx) document.") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(
            f"{name} has {len(members):,} parts (the limit is {MAX_MEMBERS:,}); "
            "it is not a document claimdesk will open."
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(1, member.compress_size)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise ImportFailed(
                f"{name} is refused: its part {member.filename} inflates {ratio:,.0f} times "
                f"(to {member.file_size // 2**20:,} MB), as a zip bomb does."
            )
    if total > MAX_INFLATED_BYTES:
        raise ImportFailed(
            f"{name} is refused: it would inflate to {total // 2**20:,} MB "
            f"(the limit is {MAX_INFLATED_BYTES // 2**20} MB)."
        )


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
    check_zip_bounds(data, name)
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
