"""The report model: scopes, quotes in context, evidence, history and counts."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from claimdesk.core.report import Scope, build_report
from claimdesk.errors import NotFoundError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from test_export_desk import SCRIPT_STATEMENT, Desk, populate


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


def ids(session: Session, scope: Scope) -> set[int]:
    return {c.id for c in build_report(session, scope).claims}


def test_whole_desk_in_text_order_with_counts(session: Session, desk: Desk) -> None:
    when = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    report = build_report(session, organisation="Desk", generated_at=when)
    assert report.generated_at == when and report.organisation == "Desk"
    assert report.scope == "the whole desk"
    assert [c.number for c in report.claims] == list(range(1, 7))
    starts = [(c.article_id, c.start) for c in report.claims]
    assert starts == sorted(starts)
    counts = {s.status: s.count for s in report.summary}
    assert counts == {
        "unverified": 1,
        "in_progress": 1,
        "verified": 1,
        "disputed": 1,
        "false": 1,
        "misleading": 1,
        "unverifiable": 0,
    }
    assert [a.id for a in report.articles] == [desk.sample_id, desk.harbour_id]


def test_claim_details(session: Session, desk: Desk) -> None:
    report = build_report(session, Scope(claim_ids=(desk.largest,)))
    (c,) = report.claims
    assert report.title.startswith("Fact check: India and France")
    assert c.quote == "India is the world's largest arms importer"
    assert c.context_before.endswith("within six months. ")
    assert c.context_after.startswith(" and depends on Russia")
    assert c.status_label == "Verified" and c.status_colour == "#7fd99a" and c.is_verdict
    assert [(e.source_title, e.stance, e.locator) for e in c.evidence] == [
        ("Trends in international arms transfers", "supports", "p. 4"),
        ("Interview with a port economist", "context", ""),
    ]
    assert c.evidence[0].source_url == "https://sipri.example/trends-2023"
    assert c.evidence[0].accessed_at == datetime(2024, 4, 1, 12, 0, tzinfo=UTC)
    assert [h.to_status for h in c.history] == ["unverified", "in_progress", "verified"]
    assert c.verdict_at == c.history[-1].at
    assert report.articles[0].claim_numbers == (1,)


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (lambda d: Scope(article_id=d.harbour_id), lambda d: {d.harbour}),
        (lambda d: Scope(statuses=("false", "misleading")), lambda d: {d.half, d.rafale}),
        (lambda d: Scope(tag="russia"), lambda d: {d.half}),
        (lambda d: Scope(outlet="gazette"), lambda d: {d.harbour}),
        (lambda d: Scope(claimant="reuters"), lambda d: {d.largest, d.half}),
        (
            lambda d: Scope(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)),
            lambda d: {d.harbour},
        ),
        (lambda d: Scope(date_to=date(2000, 1, 1)), lambda d: set()),
        (lambda d: Scope(claim_ids=(d.jobs, d.harbour)), lambda d: {d.jobs, d.harbour}),
        (
            lambda d: Scope(article_id=d.sample_id, tag="arms", statuses=("verified",)),
            lambda d: {d.largest},
        ),
    ],
)
def test_scopes(session: Session, desk: Desk, scope, expected) -> None:  # type: ignore[no-untyped-def]
    assert ids(session, scope(desk)) == expected(desk)


def test_scope_description_and_bad_ids(session: Session, desk: Desk) -> None:
    scope = Scope(statuses=("false",), tag="arms", date_from=date(2024, 1, 1))
    assert scope.describe() == "status False; tag \u201carms\u201d; published 2024-01-01 to \u2026"
    with pytest.raises(NotFoundError, match="no article 99"):
        build_report(session, Scope(article_id=99))
    with pytest.raises(NotFoundError, match="no claim 98, 99"):
        build_report(session, Scope(claim_ids=(desk.largest, 98, 99)))


def test_user_text_is_kept_verbatim(session: Session, desk: Desk) -> None:
    (c,) = build_report(session, Scope(claim_ids=(desk.rafale,))).claims
    assert c.statement == SCRIPT_STATEMENT  # escaping is the writers' job, not the model's


def test_empty_desk_gives_an_empty_report(session: Session) -> None:
    report = build_report(session)
    assert report.claims == () and report.articles == ()
    assert sum(s.count for s in report.summary) == 0
