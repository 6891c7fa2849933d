"""Web addresses: fetch with httpx, then hand the body to the HTML, PDF or text path.

httpx is imported lazily.  Redirects are followed by hand so that loops are recognised
and the final address is known; the body is streamed and cut off at a size cap.  One
deadline covers the whole download, redirects included: every request gets at most the
time left, so ten slow redirects cannot add up to ten timeouts.
"""

from __future__ import annotations

import dataclasses
import re
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from claimdesk.core.records import ArticleDraft
from claimdesk.core.urls import url_problem
from claimdesk.errors import ImportFailed
from claimdesk.io.common import USER_AGENT, Cancel, check_cancel

__all__ = ["ACCEPTED_MEDIA_TYPES", "MAX_DOWNLOAD_BYTES", "load_url"]

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
ACCEPTED_MEDIA_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/pdf")
# After httpx's IDNA encoding a host is ASCII letters, digits, dots, hyphens (or IPv6).
_HOST = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?)+$|^[0-9A-Fa-f:.]+$")
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,text/plain;q=0.7"


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"


def _check_url(url: str) -> Any:
    import httpx

    try:
        parsed = httpx.URL(url)
    except Exception:
        raise ImportFailed(f"{url} is not a valid web address.") from None
    if parsed.scheme not in ("http", "https"):
        raise ImportFailed(
            f"{url} cannot be imported: only http:// and https:// web addresses are supported."
        )
    if not parsed.host:
        raise ImportFailed(f"{url} is not a valid web address: it names no server.")
    if any(ch.isspace() for ch in url) or not _HOST.match(parsed.host):
        raise ImportFailed(f"{url!r} is not a valid web address: the server name is malformed.")
    problem = url_problem(url)  # the desk's one allow-list (claimdesk.core.urls)
    if problem:
        raise ImportFailed(f"{url!r} cannot be imported: {problem}.")
    return parsed


def _connect_failure(url: str, host: str, err: BaseException) -> ImportFailed:
    cause: BaseException | None = err
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return ImportFailed(
                f"{url} could not be fetched: the server name {host} was not found."
            )
        if isinstance(cause, ConnectionRefusedError):
            return ImportFailed(f"{url} could not be fetched: {host} refused the connection.")
        cause = cause.__cause__ or cause.__context__
    text = str(err).lower()
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return ImportFailed(f"{url} could not be fetched: the server name {host} was not found.")
    if "refused" in text:
        return ImportFailed(f"{url} could not be fetched: {host} refused the connection.")
    return ImportFailed(f"{url} could not be fetched: cannot connect to {host}.")


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """``(media type, charset)`` from a Content-Type header."""
    if not content_type:
        return None, None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].lower() or None, charset


def _sniff(data: bytes) -> str | None:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "text/html"
    return None


def _too_long(url: str, total_s: float) -> ImportFailed:
    return ImportFailed(
        f"{url} could not be fetched: the download took longer than {total_s:g} s "
        "(redirects included) and was stopped."
    )


def _time_left(base: Any, deadline: float, url: str, total_s: float) -> Any:
    """``base`` timeouts shortened to what is left before ``deadline``."""
    import httpx

    left = deadline - time.monotonic()
    if left <= 0:
        raise _too_long(url, total_s)

    def cut(value: float | None) -> float:
        return left if value is None else min(value, left)

    return httpx.Timeout(
        connect=cut(base.connect), read=cut(base.read), write=cut(base.write), pool=cut(base.pool)
    )


def _too_big(url: str, size: int | None, max_bytes: int) -> ImportFailed:
    limit = f"{max_bytes / 1024 / 1024:g} MB download limit"
    if size is None:
        return ImportFailed(f"{url} is over the {limit}; the download was stopped.")
    return ImportFailed(f"{url} is {size / 1024 / 1024:.0f} MB, over the {limit}.")


def read_body(
    response: Any,
    url: str,
    max_bytes: int,
    cancel: Cancel | None,
    deadline: float,
    total_s: float,
    too_big: Callable[[str, int | None, int], ImportFailed],
) -> bytes:
    """The body of a streamed ``response``, refused with ``too_big(url, size, max_bytes)``
    when its declared size (``size``) or what arrived (``size`` None) passes
    ``max_bytes``; stops on ``cancel`` and at ``deadline``."""
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_big(url, int(length), max_bytes)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_raw():
        total += len(chunk)
        if total > max_bytes:
            raise too_big(url, None, max_bytes)
        chunks.append(chunk)
        check_cancel(cancel, url)
        if time.monotonic() > deadline:
            raise _too_long(url, total_s)
    return b"".join(chunks)


def _download(
    client: Any,
    start: Any,
    *,
    url: str,
    cancel: Cancel | None,
    max_bytes: int,
    max_redirects: int,
    deadline: float,
    total_s: float,
) -> tuple[str, Any, bytes]:
    """Return ``(final url, response, body)`` after following redirects."""
    import httpx

    current = start
    seen = {str(current)}
    for _hop in range(max_redirects + 1):
        check_cancel(cancel, url)
        timeout = _time_left(client.timeout, deadline, url, total_s)
        try:
            with client.stream("GET", current, timeout=timeout) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    nxt = current.join(location)
                    if str(nxt) in seen:
                        raise ImportFailed(
                            f"{url} could not be fetched: the server redirects in a loop "
                            f"(back to {nxt})."
                        )
                    if nxt.scheme not in ("http", "https"):
                        raise ImportFailed(
                            f"{url} could not be fetched: it redirects to {nxt}, "
                            "which is not a web address."
                        )
                    seen.add(str(nxt))
                    current = nxt
                    continue
                if response.status_code >= 400:
                    code = response.status_code
                    what = (
                        "was not found on the server"
                        if code in (404, 410)
                        else ("was refused by the server")
                    )
                    raise ImportFailed(f"{url} {what} (HTTP {code} {_reason(code)}).")
                if response.status_code != 200:
                    code = response.status_code
                    raise ImportFailed(
                        f"{url} could not be fetched: the server answered HTTP {code} "
                        f"{_reason(code)} instead of a page."
                    )
                media, _ = _media_type(response.headers.get("content-type"))
                if media is not None and media not in ACCEPTED_MEDIA_TYPES:
                    raise ImportFailed(
                        f"{url} is {media}, which cannot be imported (accepted: web pages, "
                        "PDF and plain text)."
                    )
                return (
                    str(current),
                    response,
                    read_body(response, url, max_bytes, cancel, deadline, total_s, _too_big),
                )
        except ImportFailed:
            raise
        except httpx.TimeoutException as err:
            if time.monotonic() >= deadline - 0.05:  # cut short by the overall deadline
                raise _too_long(url, total_s) from None
            if isinstance(err, httpx.ConnectTimeout):
                raise ImportFailed(
                    f"{url} could not be fetched: connecting to {current.host} timed out."
                ) from None
            raise ImportFailed(
                f"{url} could not be fetched: the server {current.host} stopped answering "
                "(timed out)."
            ) from None
        except httpx.ConnectError as err:
            raise _connect_failure(url, current.host, err) from None
        except httpx.DecodingError:
            raise ImportFailed(
                f"{url} could not be fetched: the server sent a badly compressed body."
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as err:
            raise ImportFailed(
                f"{url} could not be fetched: {type(err).__name__} talking to {current.host}."
            ) from None
    raise ImportFailed(f"{url} could not be fetched: more than {max_redirects} redirects.")


def load_url(
    url: str,
    *,
    cancel: Cancel | None = None,
    connect_timeout: float = 10.0,
    read_timeout: float = 30.0,
    total_timeout: float = 120.0,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> ArticleDraft:
    """Fetch a web address and import what it serves (web page, PDF or plain text).

    ``url`` on the draft is the final address after redirects; ``origin`` is the
    address as given, for refreshing later.  ``retrieved_at`` is when the answer came.
    """
    parsed = _check_url(url)
    import httpx

    timeout = httpx.Timeout(
        connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
    )
    deadline = time.monotonic() + total_timeout
    # Only encodings _decode_content can undo, whatever optional packages are installed.
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "gzip, deflate"}
    try:
        client = httpx.Client(timeout=timeout, headers=headers, follow_redirects=False)
    except Exception as err:  # e.g. a malformed proxy setting in the environment
        raise ImportFailed(f"{url} could not be fetched: {type(err).__name__}.") from None
    with client:
        final_url, response, body = _download(
            client,
            parsed,
            url=url,
            cancel=cancel,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            deadline=deadline,
            total_s=total_timeout,
        )
    retrieved_at = datetime.now(UTC)
    # iter_raw gave the body as sent; undo any Content-Encoding ourselves so the cap
    # above applied to network bytes, not to a decompression bomb's output.
    body = _decode_content(url, response.headers.get("content-encoding"), body, max_bytes)
    if not body:
        raise ImportFailed(f"{url} returned an empty page.")
    media, charset = _media_type(response.headers.get("content-type"))
    media = media or _sniff(body)
    return _to_draft(url, final_url, media, charset, body, retrieved_at, cancel)


def _decode_content(url: str, encoding: str | None, body: bytes, max_bytes: int) -> bytes:
    import zlib

    encoding = (encoding or "identity").strip().lower()
    if encoding in ("identity", ""):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ImportFailed(f"{url} was sent with an unsupported compression ({encoding}).")
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        out = zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
    except zlib.error:
        try:
            out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)
        except zlib.error:
            raise ImportFailed(f"{url} was sent badly compressed.") from None
    if len(out) > max_bytes:
        raise ImportFailed(
            f"{url} is over the {max_bytes / 1024 / 1024:g} MB download limit once unpacked."
        )
    return out


def _to_draft(
    url: str,
    final_url: str,
    media: str | None,
    charset: str | None,
    body: bytes,
    retrieved_at: datetime,
    cancel: Cancel | None,
) -> ArticleDraft:
    if media == "application/pdf":
        from claimdesk.io.pdf import draft_from_pdf

        return draft_from_pdf(
            body, name=url, origin=url, url=final_url, retrieved_at=retrieved_at, cancel=cancel
        )
    if media == "text/plain":
        from claimdesk.io.text import draft_from_text_bytes

        draft = draft_from_text_bytes(body, name=url, markdown=False, origin=url, encoding=charset)
        return dataclasses.replace(draft, url=final_url, retrieved_at=retrieved_at)
    if media in ("text/html", "application/xhtml+xml"):
        from claimdesk.io.html import draft_from_html

        page: bytes | str = body
        if charset:
            try:
                page = body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                page = body  # let the page's own <meta charset> decide
        return draft_from_html(
            page,
            name=url,
            url=final_url,
            origin=url,
            retrieved_at=retrieved_at,
            media_type=media,
            raw_bytes=body,
            prefer_given_url=True,
        )
    raise ImportFailed(
        f"{url} did not say what kind of document it is, and it does not look like a web "
        "page or a PDF."
    )
