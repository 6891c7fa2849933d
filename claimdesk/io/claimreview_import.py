"""Reading published fact-checks: schema.org ClaimReview from JSON-LD, HTML pages and CSV.

``read_checks(path)`` yields a ``CheckDraft`` for each ClaimReview it finds and a
``Problem`` for each item it cannot use, so one bad item never stops the rest:

* JSON-LD: a single object, an array, ``@graph``, a schema.org ``DataFeed``
  (``dataFeedElement``, whose elements are ClaimReviews or ``DataFeedItem``s holding one),
  or one object per line.  It is read as a stream (``json_stream``): a file of any size
  is never held whole; broken JSON stops the reading there, with what came before kept.
* HTML: every ``<script type="application/ld+json">`` block (pages up to 64 MB).
* CSV: UTF-8 with the header in ``CSV_COLUMNS`` (see docs/published-checks.md);
  ``claim_reviewed`` and ``review_url`` are required, the other columns may be left out.

``read_url(url)`` downloads an address to a temporary file first (up to 512 MB).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from claimdesk.core.published import DRAFT_FIELDS, CheckDraft, Problem
from claimdesk.errors import ImportFailed
from claimdesk.io.json_stream import JSONStream

log = logging.getLogger(__name__)

Item = CheckDraft | Problem
MAX_HTML_BYTES = 64 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
MAX_CLAIM_CHARS = 5000
CSV_COLUMNS = DRAFT_FIELDS  # review_url, claim_reviewed, rating_value, ... (CheckDraft order)
CSV_REQUIRED = ("claim_reviewed", "review_url")


# --- one ClaimReview ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A property as text: strings stripped, numbers as written, else nothing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, dict):
        return _text(value.get("@value"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _first(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    return value if isinstance(value, dict) else {}


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", obj.get("type"))
    names = raw if isinstance(raw, list) else [raw]
    return {str(n).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for n in names if isinstance(n, str)}


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value))) or None
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("alternateName"))
    return None


def _web_address(value: Any) -> str | None:
    url = _text(value)
    if url and urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname:
        return url
    return None


def draft_from_jsonld(obj: dict[str, Any]) -> CheckDraft:
    """The fields the desk keeps of one ClaimReview; ``ValueError`` says why it is unusable."""
    claim = _text(obj.get("claimReviewed"))
    if not claim:
        raise ValueError("it has no claimReviewed (the claim that was checked)")
    if len(claim) > MAX_CLAIM_CHARS:
        raise ValueError(f"its claimReviewed is longer than {MAX_CLAIM_CHARS:,} characters")
    url = _web_address(obj.get("url")) or _web_address(obj.get("@id"))
    if url is None:
        raise ValueError("it has no url (the address of the published review) to tell it by")
    rating = _first(obj.get("reviewRating"))
    author = obj.get("author")
    org = _first(author)
    item = _first(obj.get("itemReviewed"))
    claimant = item.get("author")
    appearance = _first(item.get("appearance")) or _first(item.get("firstAppearance"))
    language = obj.get("inLanguage")
    lang = _name(language) if isinstance(language, dict) else _text(language)
    return CheckDraft(
        review_url=url,
        claim_reviewed=claim,
        rating_value=_text(rating.get("ratingValue")),
        best_rating=_text(rating.get("bestRating")),
        worst_rating=_text(rating.get("worstRating")),
        rating_name=_text(rating.get("alternateName")) or _text(rating.get("name")),
        claimant=_name(claimant),
        claimant_type=next(iter(sorted(_types(_first(claimant)))), None),
        claim_date=_text(item.get("datePublished")),
        review_date=_text(obj.get("datePublished")),
        organisation=_name(author),
        organisation_url=_web_address(org.get("url")),
        language=lang,
        appearance_url=_web_address(appearance.get("url")),
        appearance_title=_text(appearance.get("headline")) or _text(appearance.get("name")),
        review_title=_text(obj.get("headline")) or _text(obj.get("name")),
    )


def items_of(value: Any, where: str) -> Iterator[Item]:
    """Every ClaimReview inside a JSON-LD value (arrays, ``@graph``, feeds, feed items)."""
    if isinstance(value, list):
        for i, v in enumerate(value, start=1):
            yield from items_of(v, f"{where}, item {i}")
        return
    if not isinstance(value, dict):
        yield Problem(where, "not a ClaimReview (not a JSON object)")
        return
    types = _types(value)
    if "ClaimReview" in types:
        try:
            yield draft_from_jsonld(value)
        except ValueError as exc:
            yield Problem(where, f"this ClaimReview cannot be used: {exc}")
    elif "DataFeedItem" in types and "item" in value:
        yield from items_of(value["item"], where)
    elif "dataFeedElement" in value:
        yield from items_of(value["dataFeedElement"], where)
    elif "@graph" in value:
        yield from items_of(value["@graph"], where)
    else:
        shown = ", ".join(sorted(types)) or "no @type"
        yield Problem(where, f"not a ClaimReview ({shown})")


# --- inputs ------------------------------------------------------------------------------


def _json_items(stream: BinaryIO, name: str) -> Iterator[Item]:
    reader = JSONStream(stream)
    try:
        for where, value in reader.values(containers=("@graph", "dataFeedElement")):
            yield from items_of(value, where)
    except ValueError as exc:
        yield Problem(name, f"broken JSON, reading stopped: {exc}")


def _html_items(data: bytes, name: str) -> Iterator[Item]:
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError) as exc:
        yield Problem(name, f"the page cannot be read as HTML ({exc})")
        return
    blocks = root.xpath('//script[@type="application/ld+json"]')
    if not blocks:
        yield Problem(name, 'the page holds no JSON-LD (<script type="application/ld+json">)')
        return
    for i, block in enumerate(blocks, start=1):
        where = f"script block {i}"
        try:
            value = json.loads(block.text_content() or "")
        except ValueError as exc:
            yield Problem(where, f"broken JSON ({exc})")
            continue
        yield from items_of(value, where)


def _csv_items(stream: BinaryIO, name: str) -> Iterator[Item]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        reader = csv.DictReader(text)
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in CSV_REQUIRED if c not in header]
        if missing:
            yield Problem(
                name,
                f"the CSV header lacks {', '.join(missing)} (columns: {', '.join(CSV_COLUMNS)})",
            )
            return
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if unknown:
            yield Problem(name, f"columns not known and not imported: {', '.join(unknown)}")
        reader.fieldnames = header
        for row in reader:
            line = f"line {reader.line_num}"
            values = {k: " ".join((row.get(k) or "").split()) or None for k in CSV_COLUMNS}
            claim, url = values.pop("claim_reviewed"), _web_address(values.pop("review_url"))
            if not claim:
                yield Problem(line, "no claim_reviewed")
            elif url is None:
                yield Problem(line, "review_url is not a web address")
            elif len(claim) > MAX_CLAIM_CHARS:
                yield Problem(line, f"claim_reviewed is longer than {MAX_CLAIM_CHARS:,} characters")
            else:
                yield CheckDraft(review_url=url, claim_reviewed=claim, **values)
    except UnicodeDecodeError:
        yield Problem(name, "the CSV is not UTF-8 text; save it as UTF-8 and import it again")
    except csv.Error as exc:
        yield Problem(name, f"the CSV cannot be read ({exc})")
    finally:
        text.detach()


def _kind(head: bytes, suffix: str) -> str:
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if suffix in (".csv",):
        return "csv"
    if lead.startswith((b"{", b"[")):
        return "json"
    if lead.startswith((b"<", b"<!doctype")):
        return "html"
    first_line = lead.split(b"\n", 1)[0]
    if b"claim_reviewed" in first_line and b"," in first_line:
        return "csv"
    return "unknown"


def read_checks(path: Path, *, name: str | None = None) -> Iterator[Item]:
    """The ClaimReviews of a file, and a ``Problem`` for each item (or the whole file)
    that cannot be used."""
    name = name or path.name
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Problem(name, f"the file cannot be opened ({exc.strerror or exc})")
        return
    with stream:
        head = stream.read(4096)
        if b"\x00" in head:
            yield Problem(name, "this is not a text file (JSON-LD, HTML or CSV)")
            return
        stream.seek(0)
        kind = _kind(head, path.suffix.lower())
        if kind == "json":
            yield from _json_items(stream, name)
        elif kind == "csv":
            yield from _csv_items(stream, name)
        elif kind == "html":
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_HTML_BYTES:
                yield Problem(
                    name,
                    f"the page is {size / 1024 / 1024:,.0f} MB; pages over "
                    f"{MAX_HTML_BYTES // 1024 // 1024} MB are not read (export the ClaimReview "
                    "as a JSON-LD or CSV file instead)",
                )
                return
            yield from _html_items(stream.read(), name)
        else:
            yield Problem(name, "this is neither JSON-LD, an HTML page nor a CSV of ClaimReview")


def download(url: str, *, timeout: float = 30.0, max_bytes: int = MAX_DOWNLOAD_BYTES) -> Path:
    """Fetch ``url`` to a temporary file (the caller removes it); ``ImportFailed`` says why
    it could not be fetched."""
    import httpx

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportFailed(f"{url} is not a web address (http or https).")
    fd, tmp = tempfile.mkstemp(prefix="claimdesk-checks-", suffix=Path(parts.path).suffix[:8])
    try:
        with (
            os.fdopen(fd, "wb") as out,
            httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=10) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise ImportFailed(f"{url} could not be fetched (HTTP {response.status_code}).")
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise ImportFailed(
                        f"{url} is over the {max_bytes / 1024 / 1024:.3g} MB limit; the download "
                        "was stopped."
                    )
                out.write(chunk)
    except ImportFailed:
        os.unlink(tmp)
        raise
    except httpx.TimeoutException:
        os.unlink(tmp)
        raise ImportFailed(
            f"{url} could not be fetched: the server did not answer in time."
        ) from None
    except (httpx.HTTPError, OSError) as exc:
        os.unlink(tmp)
        log.info("fetching %s failed: %r", url, exc)
        raise ImportFailed(f"{url} could not be fetched ({type(exc).__name__}).") from None
    return Path(tmp)


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def import_path(
    session: Any, path: Path, *, origin: str | None = None, kind: str = "file", actor: str
) -> Any:
    """Read the file at ``path`` into the library as one batch: an ``ImportReport``;
    ``ImportFailed`` when nothing could be read.  ``origin`` names where it came from."""
    from claimdesk.core import published

    if path.is_dir():
        raise ImportFailed(f"{path} is a folder; give a JSON-LD, HTML or CSV file.")
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    origin = origin or str(path.resolve())
    items = read_checks(path, name=origin if kind == "url" else path.name)
    return published.import_checks(session, items, origin=origin, kind=kind, actor=actor)


def import_from(session: Any, source: str, *, actor: str) -> Any:
    """Read ``source`` (a path or a web address) into the library as one batch."""
    if not is_url(source):
        return import_path(session, Path(source).expanduser(), actor=actor)
    tmp = download(source)
    try:
        return import_path(session, tmp, origin=source, kind="url", actor=actor)
    finally:
        tmp.unlink(missing_ok=True)
