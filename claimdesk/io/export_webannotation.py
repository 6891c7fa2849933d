"""W3C Web Annotation JSON-LD: each claim an "assessing" annotation, each evidence link
a "linking" annotation, all in one AnnotationCollection with a single AnnotationPage.

Ids are stable ``urn:uuid`` values derived from the article's text hash and the claim or
evidence id, so exporting the same desk twice gives the same ids and other annotation
tools can match them.  Every annotation carries its own ``@context`` so it stays valid
when a tool takes it out of the collection.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimdesk import __version__
from claimdesk.core.report import EvidenceRow, Report, ReportArticle, ReportClaim
from claimdesk.core.urls import is_safe_url
from claimdesk.io.export_common import jsonld_dumps, write_atomic

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# A fixed namespace: uuid5 ids of the same claim are the same on every machine.
NAMESPACE = uuid.UUID("6f0d3c52-8a55-4d5e-9c1e-0a3f4d2b7c11")


def urn(*parts: object) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def when(value: datetime) -> str:
    """xsd:dateTime in UTC with a Z, as the model's examples write it."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_iri(article: ReportArticle) -> str:
    """The article's web address, or a URN naming its exact text when it has none."""
    if is_safe_url(article.url):
        return article.url
    return f"urn:sha256:{article.text_sha256}"


def claim_target(c: ReportClaim, article: ReportArticle) -> dict[str, Any]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": c.quote}
    # The stored anchor context, not the report's display context: it is what re-anchors.
    if c.prefix:
        quote["prefix"] = c.prefix
    if c.suffix:
        quote["suffix"] = c.suffix
    return {
        "type": "SpecificResource",
        "source": source_iri(article),
        "selector": [quote, {"type": "TextPositionSelector", "start": c.start, "end": c.end}],
    }


def _agent(name: str) -> dict[str, str]:
    return {"type": "Person", "name": name} if name else {"type": "Software", "name": "claimdesk"}


def assessing(c: ReportClaim, article: ReportArticle, report: Report) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": c.statement,
        },
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "value": c.status_label,
        },
    ]
    if c.rationale:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": c.rationale,
            }
        )
    if c.claimant:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "identifying",
                "format": "text/plain",
                "value": f"Claimant: {c.claimant}",
            }
        )
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in c.tags]
    creator = c.history[0].actor if c.history else ""
    return {
        "@context": CONTEXT,
        "id": urn(article.text_sha256, "claim", c.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": when(c.created_at),
        "modified": when(c.updated_at),
        "creator": _agent(creator),
        "generated": when(report.generated_at),
        "generator": {"type": "Software", "name": f"claimdesk {__version__}"},
        "body": body,
        "target": claim_target(c, article),
    }


def linking(
    e: EvidenceRow, c: ReportClaim, article: ReportArticle, report: Report
) -> dict[str, Any]:
    description = " \u2014 ".join(x for x in (e.source_title, e.excerpt, e.locator) if x)
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": e.stance},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": description or e.stance_label,
        },
    ]
    if is_safe_url(e.source_url):
        body.insert(0, {"id": e.source_url, "type": "Text"})
    return {
        "@context": CONTEXT,
        "id": urn(article.text_sha256, "evidence", e.id),
        "type": "Annotation",
        "motivation": "linking",
        "generated": when(report.generated_at),
        "generator": {"type": "Software", "name": f"claimdesk {__version__}"},
        "body": body,
        # The linked source speaks to the claim's words in the article, and to the
        # assessing annotation that cites it.
        "target": [claim_target(c, article), urn(article.text_sha256, "claim", c.id)],
    }


def all_annotations(report: Report) -> list[dict[str, Any]]:
    by_id = {a.id: a for a in report.articles}
    out: list[dict[str, Any]] = []
    for c in report.claims:
        article = by_id[c.article_id]
        out.append(assessing(c, article, report))
        out += [linking(e, c, article, report) for e in c.evidence]
    return out


def collection(report: Report) -> dict[str, Any]:
    items = all_annotations(report)
    key = ",".join(a.text_sha256 for a in report.articles) + "|" + report.scope
    return {
        "@context": CONTEXT,
        "id": urn("collection", key),
        "type": "AnnotationCollection",
        "label": report.title,
        "total": len(items),
        "first": {
            "id": urn("page", key, 0),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def export_webannotation(report: Report, path: Path, *, force: bool = False) -> Path:
    return write_atomic(path, jsonld_dumps(collection(report)), force=force)
