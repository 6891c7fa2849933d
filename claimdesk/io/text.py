"""Plain text and Markdown files."""

from __future__ import annotations

import re

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.io.byline import read_byline
from claimdesk.io.common import decode_text_bytes, looks_binary
from claimdesk.io.normalize import normalize_text

__all__ = ["draft_from_text_bytes", "title_from_text"]

_MAX_TITLE = 300
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")


def title_from_text(text: str, *, markdown: bool = False) -> str:
    """The first non-empty line, without Markdown heading marks, cut to a sane length."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if markdown or line.startswith("#"):
            m = _ATX_HEADING.match(line)
            if m:
                line = m.group(1).strip()
                if not line:
                    continue
        if len(line) > _MAX_TITLE:
            line = line[: _MAX_TITLE - 1].rstrip() + "…"
        return line
    return ""


def draft_from_text_bytes(
    data: bytes,
    *,
    name: str,
    markdown: bool,
    origin: str | None = None,
    encoding: str | None = None,
) -> ArticleDraft:
    """Build a draft from the bytes of a ``.txt`` or ``.md`` file.

    ``encoding`` (e.g. the charset a web server declared) is tried first; if it is
    unknown or does not fit the bytes, the encoding is detected.
    """
    raw: str | None = None
    if encoding:
        try:
            raw = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            raw = None
        if raw is not None and looks_binary(raw):
            raw = None  # detection below gives the proper message
    if raw is None:
        raw, _encoding = decode_text_bytes(data, name)
    text = normalize_text(raw)
    if not text.strip():
        raise ImportFailed(f"{name} contains no text, only blank space.")
    title = title_from_text(text, markdown=markdown)
    byline = read_byline(text, title)
    return ArticleDraft(
        text=text,
        title=title,
        author=byline.author,
        outlet=byline.outlet,
        place=byline.place,
        raw_bytes=data,
        raw_media_type="text/markdown" if markdown else "text/plain",
        origin=origin,
    )
