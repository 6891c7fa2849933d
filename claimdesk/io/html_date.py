"""The publication date a web page declares in its metadata, and nothing guessed.

trafilatura (through htmldate) guesses a date from anything on the page: a date in the
text, a copyright line, an image's file name.  A wrong date on a fact-check is worse than
none, so only what the page states as its publication date is taken: ``<meta>`` tags
(Open Graph, Dublin Core, schema.org ``itemprop``, citation and CMS conventions),
``<time itemprop="datePublished">`` or ``<time pubdate>``, and ``datePublished`` in
JSON-LD.  Values must be ISO 8601 dates; anything else is left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

# name / property / itemprop values (lower case) that declare the publication date.
PUBLISHED_NAMES = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "published_time",
        "article.published",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "citation_publication_date",
        "citation_date",
        "sailthru.date",
        "parsely-pub-date",
        "rnews:datepublished",
    }
)
MAX_JSON_LD_CHARS = 1_000_000
MAX_JSON_DEPTH = 20


def parse_iso(value: object) -> datetime | None:
    """An ISO 8601 date or date-time (aware; UTC when the page gives no zone), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if len(text) == 10 and text[4] in "/." and text[7] == text[4]:
        text = text.replace(text[4], "-")  # 2024/05/14, as citation_* tags write it
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _meta_dates(tree: Any) -> Iterator[str]:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        if key.lower() in PUBLISHED_NAMES:
            yield meta.get("content") or ""
    for time in tree.iter("time"):
        if (time.get("itemprop") or "").lower() == "datepublished" or time.get(
            "pubdate"
        ) is not None:
            yield time.get("datetime") or ""


def _json_dates(data: Any, depth: int = 0) -> Iterator[Any]:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(data, dict):
        if "datePublished" in data:
            yield data["datePublished"]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _json_dates(data[key], depth + 1)
    elif isinstance(data, list):
        for item in data:
            yield from _json_dates(item, depth + 1)


def _json_ld_dates(tree: Any) -> Iterator[Any]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        yield from _json_dates(data)


def declared_date(tree: Any) -> datetime | None:
    """The first publication date the page declares in its metadata, or None."""
    for value in (*_meta_dates(tree), *_json_ld_dates(tree)):
        parsed = parse_iso(value)
        if parsed is not None:
            return parsed
    return None
