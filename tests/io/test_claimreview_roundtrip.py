"""A ClaimReview file exported by one desk imports into another desk's library of
published checks with every field kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session
from test_export_desk import populate

from claimdesk.core import published
from claimdesk.core.report import build_report
from claimdesk.io.claimreview_import import import_from
from claimdesk.io.export_claimreview import export_claimreview
from claimdesk.store.engine import Store

URL = "https://factdesk.example/checks/arms"


def _expected(item: dict[str, Any]) -> dict[str, Any]:
    """What the library must hold for one exported ClaimReview, read off the markup."""
    rating, claim = item["reviewRating"], item["itemReviewed"]
    appearance = claim.get("appearance", {})
    number = lambda key: str(rating[key]) if key in rating else None  # noqa: E731
    return {
        "review_url": item["url"],
        "claim_reviewed": item["claimReviewed"],
        "rating_value": number("ratingValue"),
        "best_rating": number("bestRating"),
        "worst_rating": number("worstRating"),
        "rating_name": rating["alternateName"],
        "claimant": claim.get("author", {}).get("name"),
        "claimant_type": claim.get("author", {}).get("@type"),
        "claim_date": claim.get("datePublished"),
        "review_date": item.get("datePublished"),
        "organisation": item["author"]["name"],
        "appearance_url": appearance.get("url"),
        "appearance_title": appearance.get("headline"),
    }


# exported property -> the library's field ("" for the markup's own vocabulary)
KEPT = {
    "@context": "", "@type": "", "reviewRating.@type": "", "itemReviewed.@type": "",
    "author.@type": "", "itemReviewed.appearance.@type": "",
    "url": "review_url", "claimReviewed": "claim_reviewed", "datePublished": "review_date",
    "reviewRating.ratingValue": "rating_value", "reviewRating.bestRating": "best_rating",
    "reviewRating.worstRating": "worst_rating", "reviewRating.alternateName": "rating_name",
    "reviewRating.name": "rating_name", "author.name": "organisation",
    "itemReviewed.author.name": "claimant", "itemReviewed.author.@type": "claimant_type",
    "itemReviewed.datePublished": "claim_date",
    "itemReviewed.appearance.url": "appearance_url",
    "itemReviewed.appearance.headline": "appearance_title",
}  # fmt: skip


def _leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, f"{path}.{k}".lstrip("."))]
    return [(path, value)]


def test_an_export_round_trips_into_another_desk(session: Session, tmp_path: Path) -> None:
    populate(session)
    report = build_report(session, organisation="Harbour Fact Desk")
    out = tmp_path / "reviews.jsonld"
    export_claimreview(report, out, review_url=URL)
    exported = json.loads(out.read_text(encoding="utf-8"))
    items = exported if isinstance(exported, list) else exported.get("@graph", [exported])
    assert len(items) == 4

    other = Store.open(str(tmp_path / "other-desk.sqlite3"))
    try:
        with other.session() as theirs:
            first = import_from(theirs, str(out), actor="ben")
            assert (first.added, first.updated, first.problems) == (4, 0, ())
            held = {c.review_url: c for c in published.checks_of(theirs, first.batch_id)}
            for item in items:
                check = held[item["url"]]
                kept = {k: getattr(check, k) for k in _expected(item)}
                assert kept == _expected(item), item["url"]
                # every property the export writes is one the library keeps
                for path, value in _leaves(item):
                    assert path in KEPT, f"{path} is exported but not kept on import"
                    if KEPT[path]:
                        assert str(getattr(check, KEPT[path])) == str(value), path
            again = import_from(theirs, str(out), actor="ben")
            assert (again.added, again.updated) == (0, 4)
            assert published.count_checks(theirs) == 4
    finally:
        other.close()
