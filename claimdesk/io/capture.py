"""Capturing a source for the evidence archive: a web address, or a local file.

``capture_url`` keeps the bytes exactly as served (whatever the media type: pages, PDF,
images, data files), the final address after redirects and the readable text the
importers extract.  What it refuses, each with one sentence and nothing archived: an
address that is not a web address, a server that cannot be reached or takes too long,
an answer over the size cap, a 4xx/5xx answer, a login wall, an empty body, and a body
that is not what its Content-Type says.  A page that needs JavaScript to show its text
is kept as served, with a note that says so.

``capture_file`` does the same for a PDF, an image, an HTML page or a Word document on
disk, refusing a file whose bytes are not what its name says.
"""

from __future__ import annotations

import functools
import re
import ssl
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimdesk.core.archive import MAX_SNAPSHOT_BYTES, Capture
from claimdesk.errors import ImportFailed
from claimdesk.io.common import USER_AGENT, Cancel, check_cancel

__all__ = ["CaptureFailed", "capture_file", "capture_url", "media_of", "readable_text"]

MAX_REDIRECTS = 10
JS_NOTE = (
    "The page seems to need JavaScript to show its text: what the server sent is kept, "
    "but it may not be what a browser shows."
)
_PASSWORD_FIELD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)
_SCRIPT = re.compile(rb"<script\b", re.IGNORECASE)

# what a file's name promises, and the media types its bytes may have
_BY_SUFFIX = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_NAMES = {
    "application/pdf": "a PDF",
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "text/html": "a web page",
    _BY_SUFFIX[".docx"]: "a Word document",
}


def size_text(n: int) -> str:
    """1.5 MB, 25 MB, 12 KB."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(n / 1024))} KB"


class CaptureFailed(ImportFailed):
    """A capture was refused; the source stays linked without a snapshot."""


def media_of(data: bytes) -> str | None:
    """The media type the bytes themselves show (magic numbers), or None."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _BY_SUFFIX[".docx"] if b"word/" in data[:65536] else "application/zip"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "text/html"
    return None


def _is_text(data: bytes) -> bool:
    return b"\x00" not in data[:4096]


def readable_text(data: bytes, media: str | None, name: str) -> str:
    """The text a reader would read in the snapshot ("" for images or when none)."""
    try:
        if media in ("text/html", "application/xhtml+xml"):
            return _page_text(data, name)
        if media == "application/pdf":
            from claimdesk.io.pdf import draft_from_pdf

            return draft_from_pdf(data, name=name).text
        if media == _BY_SUFFIX[".docx"]:
            from claimdesk.io.docx import draft_from_docx

            return draft_from_docx(data, name=name).text
        if media and (media.startswith("text/") or media.endswith(("json", "xml", "csv"))):
            from claimdesk.io.text import draft_from_text_bytes

            return draft_from_text_bytes(data, name=name, markdown=False).text
    except ImportFailed:
        return ""  # the bytes are the evidence; a page with no readable text is still kept
    return ""


def _page_text(data: bytes, name: str) -> str:
    from claimdesk.io.html import draft_from_html

    try:
        return draft_from_html(data, name=name).text
    except ImportFailed:
        pass  # no article in it (a short page, a script shell): its visible text then
    from claimdesk.io.importers import _visible_text

    return _visible_text(data.decode("utf-8", errors="replace"))


def _check_claimed(data: bytes, claimed: str | None, what: str) -> str | None:
    """The media type to keep; refuse bytes that contradict what they claim to be."""
    actual = media_of(data)
    if claimed in _NAMES and actual != claimed:
        if claimed == "text/html" and actual is None and _is_text(data):
            return claimed  # a fragment of HTML with no <html>: still text
        seen = _NAMES.get(actual or "", "something else" if actual is None else actual)
        raise CaptureFailed(
            f"{what} says it is {_NAMES[claimed]} but its bytes are {seen}; nothing was archived."
        )
    return claimed or actual


def _note_for_page(data: bytes, text: str) -> str:
    if len(text.strip()) < 200 and _SCRIPT.search(data):
        return JS_NOTE
    return ""


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every capture: building one (loading the CA bundle) costs
    more than fetching a page from a near server, and captures come in batches."""
    import httpx

    context: ssl.SSLContext = httpx.create_ssl_context()  # httpx's own CA bundle
    return context


def capture_url(
    url: str,
    *,
    cancel: Cancel | None = None,
    max_bytes: int = MAX_SNAPSHOT_BYTES,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    total_timeout: float = 120.0,
) -> Capture:
    from claimdesk.io import fetch

    try:
        start = fetch._check_url(url)
    except ImportFailed as exc:
        raise CaptureFailed(str(exc).replace("cannot be imported", "cannot be archived")) from None
    import httpx

    timeout = httpx.Timeout(
        connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
    )
    deadline = time.monotonic() + total_timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
    try:
        client = httpx.Client(
            timeout=timeout, headers=headers, follow_redirects=False, verify=_tls()
        )
    except Exception as err:
        raise CaptureFailed(f"{url} could not be archived: {type(err).__name__}.") from None
    with client:
        final, response, body = _download(
            client, start, url, cancel, max_bytes, deadline, total_timeout
        )
    fetched_at = datetime.now(UTC)
    body = fetch._decode_content(url, response.headers.get("content-encoding"), body, max_bytes)
    if not body:
        raise CaptureFailed(f"{url} answered with an empty body; nothing was archived.")
    claimed, _charset = fetch._media_type(response.headers.get("content-type"))
    media = _check_claimed(body, claimed, url)
    if media in ("text/html", "application/xhtml+xml") and _PASSWORD_FIELD.search(body):
        text = readable_text(body, media, url)
        if len(text) < 2000:
            raise CaptureFailed(
                f"{url} shows a login page instead of the document; nothing was archived. "
                "Save the page from your browser and attach it as a file."
            )
    text = readable_text(body, media, url)
    note = _note_for_page(body, text) if media in ("text/html", "application/xhtml+xml") else ""
    return Capture(
        content=body,
        media_type=media,
        fetched_at=fetched_at,
        text=text,
        requested_url=url,
        final_url=final,
        note=note,
    )


def _too_big(url: str, size: int | None, max_bytes: int) -> CaptureFailed:
    limit = f"{size_text(max_bytes)} archive limit"
    if size is None:
        return CaptureFailed(
            f"{url} is over the {limit}; the download was stopped and nothing was archived."
        )
    return CaptureFailed(f"{url} is {size_text(size)}, over the {limit}; nothing was archived.")


def _download(
    client: Any,
    start: Any,
    url: str,
    cancel: Cancel | None,
    max_bytes: int,
    deadline: float,
    total_s: float,
) -> tuple[str, Any, bytes]:
    import httpx

    from claimdesk.io import fetch

    current, seen = start, {str(start)}
    for _hop in range(MAX_REDIRECTS + 1):
        check_cancel(cancel, url)
        try:
            timeout = fetch._time_left(client.timeout, deadline, url, total_s)
            with client.stream("GET", current, timeout=timeout) as response:
                if response.is_redirect:
                    nxt = current.join(response.headers.get("location", ""))
                    if str(nxt) in seen or nxt.scheme not in ("http", "https"):
                        raise CaptureFailed(
                            f"{url} could not be archived: it redirects in a loop or away "
                            f"from the web ({nxt})."
                        )
                    seen.add(str(nxt))
                    current = nxt
                    continue
                code = response.status_code
                if code in (401, 403, 407):
                    raise CaptureFailed(
                        f"{url} asks for a login or refuses access (HTTP {code} "
                        f"{fetch._reason(code)}); nothing was archived. Save the page from "
                        "your browser and attach it as a file."
                    )
                if code >= 400:
                    raise CaptureFailed(
                        f"{url} answered HTTP {code} {fetch._reason(code)}; nothing was archived."
                    )
                if code != 200:
                    raise CaptureFailed(
                        f"{url} answered HTTP {code} {fetch._reason(code)} instead of a "
                        "document; nothing was archived."
                    )
                return (
                    str(current),
                    response,
                    fetch.read_body(response, url, max_bytes, cancel, deadline, total_s, _too_big),
                )
        except ImportFailed as exc:
            if isinstance(exc, CaptureFailed):
                raise
            raise CaptureFailed(str(exc).replace("fetched", "archived")) from None
        except httpx.TimeoutException:
            raise CaptureFailed(
                f"{url} could not be archived: {current.host} took too long to answer (timed out)."
            ) from None
        except httpx.ConnectError as err:
            failure = fetch._connect_failure(url, current.host, err)
            raise CaptureFailed(str(failure).replace("fetched", "archived")) from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as err:
            raise CaptureFailed(
                f"{url} could not be archived: {type(err).__name__} talking to {current.host}."
            ) from None
    raise CaptureFailed(f"{url} could not be archived: more than {MAX_REDIRECTS} redirects.")


def capture_file(path: Path, *, max_bytes: int = MAX_SNAPSHOT_BYTES) -> Capture:
    """A local file (PDF, image, HTML page, Word document) as a source's snapshot."""
    name = path.name
    claimed = _BY_SUFFIX.get(path.suffix.lower())
    if claimed is None:
        kinds = ", ".join(sorted({s.lstrip(".") for s in _BY_SUFFIX}))
        raise CaptureFailed(f"{name} cannot be attached: attach a file of one of: {kinds}.")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CaptureFailed(
                f"{name} is {size_text(size)}, over the {size_text(max_bytes)} archive "
                "limit; nothing was attached."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CaptureFailed(f"Cannot read {name}: {exc.strerror or exc}.") from None
    if not data:
        raise CaptureFailed(f"{name} is empty; nothing was attached.")
    media = _check_claimed(data, claimed, name)
    text = readable_text(data, media, name)
    return Capture(
        content=data,
        media_type=media,
        fetched_at=datetime.now(UTC),
        text=text,
        file_name=name,
        note="" if text or (media or "").startswith("image/") else "No readable text found.",
    )
