"""ClaimReview JSON-LD (schema.org), one ClaimReview per claim with a verdict.

The verdict-to-rating mapping is documented in docs/claimreview-mapping.md; change both
together.  Before anything is written the markup is checked against the properties
Google documents as required or recommended, and the problems are handed back: a missing
required property stops the export, a missing recommended one is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdesk.core.report import Report, ReportArticle, ReportClaim
from claimdesk.core.urls import is_safe_url, url_problem
from claimdesk.io.export_common import ExportFailed, day, jsonld_dumps, write_atomic


@dataclass(frozen=True)
class Rating:
    value: int | None  # None: the verdict has no place on the numeric scale
    name: str


BEST, WORST = 5, 1
RATINGS: dict[str, Rating] = {
    "verified": Rating(5, "True"),
    "disputed": Rating(3, "Disputed"),
    "misleading": Rating(2, "Misleading"),
    "false": Rating(1, "False"),
    "unverifiable": Rating(None, "Unverifiable"),
}
MAX_CLAIM_REVIEWED = 75  # Google: longer summaries wrap badly on phones

# Google's table (search docs, "Fact check (ClaimReview)"), by the path in our markup.
REQUIRED = ("claimReviewed", "reviewRating", "reviewRating.alternateName", "url")
RECOMMENDED = (
    "author",
    "datePublished",
    "itemReviewed",
    "itemReviewed.author",
    "itemReviewed.datePublished",
    "itemReviewed.appearance",
    "itemReviewed.firstAppearance",
    "reviewRating.ratingValue",
    "reviewRating.bestRating",
    "reviewRating.worstRating",
    "reviewRating.name",
)
# A verdict off the numeric scale has no number by design (see the mapping document).
_NUMERIC = ("reviewRating.ratingValue", "reviewRating.bestRating", "reviewRating.worstRating")

# Words that mark a claimant as an organisation rather than a person.
_ORG_WORDS = re.compile(
    r"\b(ministry|department|government|agency|office|council|committee|commission|party|"
    r"institute|university|bank|association|union|federation|company|corporation|group|"
    r"inc|ltd|llc|plc|gmbh|organisation|organization|police|army|court|parliament|senate|"
    r"congress|foundation|society|board|authority|news|times|post|press|nato|un|who|"
    r"campaign|club|league|fund|service|centre|center)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ReviewProblem:
    claim_id: int
    severity: str  # "error" (required, export refused) or "warning" (recommended)
    property: str
    message: str

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.severity}: {self.message}"


def agent(name: str, kind: str | None = None) -> dict[str, str]:
    """A Person or Organization; ``kind`` from the claim's facets wins over the guess."""
    if kind not in ("Person", "Organization"):
        is_org = bool(_ORG_WORDS.search(name)) or (name.isupper() and len(name) <= 8)
        kind = "Organization" if is_org else "Person"
    return {"@type": kind, "name": name}


def _claim_date(c: ReportClaim, a: ReportArticle) -> str | None:
    return c.claim_date or day(a.published_at) or None


def claim_review(
    c: ReportClaim, a: ReportArticle, *, organisation: str, review_url: str | None
) -> dict[str, Any]:
    rating = RATINGS[c.status]
    review: dict[str, Any] = {"@type": "Rating", "alternateName": rating.name, "name": rating.name}
    if rating.value is not None:
        review.update(ratingValue=rating.value, bestRating=BEST, worstRating=WORST)
    item: dict[str, Any] = {"@type": "Claim"}
    if c.claimant:
        item["author"] = agent(c.claimant, c.facets.get("claimant_type"))
    if when := _claim_date(c, a):
        item["datePublished"] = when
    if a.url and is_safe_url(a.url):  # the last line: never publish a javascript: link
        item["appearance"] = {"@type": "CreativeWork", "url": a.url, "headline": a.title}
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": c.statement,
        "reviewRating": review,
        "itemReviewed": item,
    }
    if review_url and is_safe_url(review_url):
        out["url"] = f"{review_url.split('#')[0]}#claim-{c.id}"
    if organisation:
        out["author"] = {"@type": "Organization", "name": organisation}
    if c.verdict_at:
        out["datePublished"] = day(c.verdict_at)
    return out


def _get(obj: dict[str, Any], path: str) -> Any:
    value: Any = obj
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def check(markup: dict[str, Any], claim_id: int, status: str = "") -> list[ReviewProblem]:
    """The problems Google's documented requirements find in one ClaimReview."""
    problems: list[ReviewProblem] = []
    for path in REQUIRED:
        if _get(markup, path) in (None, ""):
            hint = " (give the address of the published fact check)" if path == "url" else ""
            problems.append(
                ReviewProblem(claim_id, "error", path, f"required property {path} is missing{hint}")
            )
    for path in RECOMMENDED:
        if path in _NUMERIC and RATINGS.get(status, Rating(0, "")).value is None:
            continue
        if _get(markup, path) in (None, ""):
            problems.append(
                ReviewProblem(claim_id, "warning", path, f"recommended property {path} is missing")
            )
    text = markup.get("claimReviewed") or ""
    if len(text) > MAX_CLAIM_REVIEWED:
        problems.append(
            ReviewProblem(
                claim_id,
                "warning",
                "claimReviewed",
                f"claimReviewed has {len(text)} characters; Google advises at most "
                f"{MAX_CLAIM_REVIEWED} (shorten the statement)",
            )
        )
    return problems


def build(
    report: Report, *, review_url: str | None = None
) -> tuple[list[dict[str, Any]], list[ReviewProblem]]:
    """ClaimReviews for the claims that have a verdict, and what is wrong with them."""
    items: list[dict[str, Any]] = []
    problems: list[ReviewProblem] = []
    by_id = {a.id: a for a in report.articles}
    for c in report.claims:
        if c.status not in RATINGS:
            continue  # no verdict yet: nothing to publish
        markup = claim_review(
            c, by_id[c.article_id], organisation=report.organisation, review_url=review_url
        )
        items.append(markup)
        problems += check(markup, c.id, c.status)
    return items, problems


def export_claimreview(
    report: Report, path: Path, *, force: bool = False, review_url: str | None = None
) -> list[ReviewProblem]:
    """Write the markup when nothing required is missing; return the warnings."""
    if review_url and (problem := url_problem(review_url)):
        raise ExportFailed(f"The review address cannot be published: {problem}.")
    items, problems = build(report, review_url=review_url)
    if not items:
        raise ExportFailed(
            "No claim in this report has a verdict, so there is no ClaimReview to publish."
        )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        shown = "; ".join(str(p) for p in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ExportFailed(
            f"The ClaimReview markup would be invalid, nothing was written: {shown}{more}."
        )
    write_atomic(path, jsonld_dumps(items), force=force)
    return problems
