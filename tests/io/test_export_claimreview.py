"""ClaimReview JSON-LD: the documented mapping and Google's property checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session
from test_export_desk import Desk, populate

from claimdesk.core import claims
from claimdesk.core.report import Report, Scope, build_report
from claimdesk.io.export_claimreview import (
    RATINGS,
    RECOMMENDED,
    REQUIRED,
    agent,
    build,
    export_claimreview,
)
from claimdesk.io.export_common import ExportFailed

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "schemaorg"
URL = "https://factdesk.example/checks/arms"


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


@pytest.fixture
def report(session: Session, desk: Desk) -> Report:
    return build_report(session, organisation="Harbour Fact Desk")


def test_one_review_per_verdict(report: Report, desk: Desk) -> None:
    items, _problems = build(report, review_url=URL)
    assert len(items) == 4  # verified, false, misleading, disputed; not the open ones
    by_url = {i["url"]: i for i in items}
    largest = by_url[f"{URL}#claim-{desk.largest}"]
    assert largest["@context"] == "https://schema.org" and largest["@type"] == "ClaimReview"
    assert largest["claimReviewed"] == "India is the world's largest arms importer"
    assert largest["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "name": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert largest["author"] == {"@type": "Organization", "name": "Harbour Fact Desk"}
    assert largest["itemReviewed"]["author"]["name"] == "Reuters"
    port = by_url[f"{URL}#claim-{desk.harbour}"]
    assert port["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "The port authority"},
        "datePublished": "2024-03-04",
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://port.example/news/1",
            "headline": "Harbour traffic report",
        },
    }
    assert port["reviewRating"]["ratingValue"] == 3
    assert len(largest["datePublished"]) == 10


def test_mapping_matches_the_document() -> None:
    doc = (REPO / "docs" / "claimreview-mapping.md").read_text(encoding="utf-8")
    for status, rating in RATINGS.items():
        value = "*(none)*" if rating.value is None else str(rating.value)
        assert f"| `{status}` | {value} | {rating.name} |" in doc


def test_checks_cover_googles_table() -> None:
    path = SHARED / "google-claimreview-requirements.json"
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/data exists only in the development checkout")
    table = json.loads(path.read_text(encoding="utf-8"))["requirements"]
    prefix = {"ClaimReview": "", "Claim": "itemReviewed.", "Rating": "reviewRating."}
    for row in table:
        name = prefix[row["type"]] + row["property"]
        assert name in (REQUIRED if row["status"] == "REQUIRED" else RECOMMENDED), name


def test_problems_are_reported_per_claim(session: Session, report: Report, desk: Desk) -> None:
    _items, problems = build(report, review_url=URL)
    found = {(p.claim_id, p.property, p.severity) for p in problems}
    assert (desk.largest, "itemReviewed.firstAppearance", "warning") in found
    assert (desk.largest, "itemReviewed.appearance", "warning") in found  # no article URL
    assert (desk.largest, "itemReviewed.datePublished", "warning") in found
    assert not any(p.severity == "error" for p in problems)
    claims.edit_claim(session, desk.half, statement="Russia " + "supplies arms " * 10)
    _items, problems = build(build_report(session, Scope(claim_ids=(desk.half,))), review_url=URL)
    long = [p for p in problems if p.property == "claimReviewed"]
    assert len(long) == 1 and "146 characters" in long[0].message


def test_missing_url_refuses_and_writes_nothing(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    with pytest.raises(ExportFailed, match="required property url is missing"):
        export_claimreview(report, out)
    assert not out.exists()
    warnings = export_claimreview(report, out, review_url=URL)
    assert json.loads(out.read_text())[0]["@type"] == "ClaimReview"
    assert warnings and all(w.severity == "warning" for w in warnings)


def test_no_verdicts_no_file(session: Session, desk: Desk, tmp_path: Path) -> None:
    report = build_report(session, Scope(claim_ids=(desk.jobs,)))
    with pytest.raises(ExportFailed, match="No claim in this report has a verdict"):
        export_claimreview(report, tmp_path / "x.json", review_url=URL)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Jane Doe", "Person"),
        ("Ministry of Defence", "Organization"),
        ("NATO", "Organization"),
        ("Acme Ltd", "Organization"),
        ("Narendra", "Person"),
    ],
)
def test_claimant_kind(name: str, kind: str) -> None:
    assert agent(name)["@type"] == kind
    assert agent(name, "Person")["@type"] == "Person"
