"""The verification workflow and its append-only history."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, sources, verify
from claimdesk.core.records import ArticleDraft, ClaimRecord
from claimdesk.core.vocab import STATUS_INFO, VERDICTS, Status, parse_status
from claimdesk.errors import ConflictError, ValidationError


@pytest.fixture
def claim(session: Session) -> ClaimRecord:
    aid = articles.add_article(session, ArticleDraft(text="Exports rose by 40 percent in 2023.")).id
    return claims.create_claim_by_quote(session, aid, "rose by 40 percent", actor="ana")


def _evidence(session: Session, claim_id: int) -> None:
    src = sources.add_source(session, sources.SourceDraft(url="https://stats.example/x", title="X"))
    sources.link_evidence(session, claim_id, src.id, "supports", actor="ana")


def test_vocabulary() -> None:
    assert [s.value for s in Status] == [
        "unverified",
        "in_progress",
        "verified",
        "disputed",
        "false",
        "misleading",
        "unverifiable",
    ]
    assert set(VERDICTS) == {
        Status.VERIFIED,
        Status.DISPUTED,
        Status.FALSE,
        Status.MISLEADING,
        Status.UNVERIFIABLE,
    }
    assert all(info.colour.startswith("#") and info.label for info in STATUS_INFO.values())
    assert parse_status("In progress") is Status.IN_PROGRESS
    with pytest.raises(ValueError, match="Use one of"):
        parse_status("maybe")


def test_status_change_writes_history(session: Session, claim: ClaimRecord) -> None:
    rec = verify.set_status(session, claim.id, Status.IN_PROGRESS, actor="ben")
    assert rec.status == "in_progress" and rec.version == 2
    last = verify.history(session, claim.id)[-1]
    assert (last.from_status, last.to_status, last.actor) == ("unverified", "in_progress", "ben")


@pytest.mark.parametrize("verdict", ["verified", "disputed", "false", "misleading"])
def test_verdict_needs_rationale_and_evidence(
    session: Session, claim: ClaimRecord, verdict: str
) -> None:
    with pytest.raises(ValidationError, match=r"rationale.*evidence"):
        verify.set_status(session, claim.id, verdict, actor="ana")
    with pytest.raises(ValidationError, match="evidence") as info:
        verify.set_status(session, claim.id, verdict, actor="ana", rationale="Checked figures.")
    assert "rationale" not in str(info.value)
    _evidence(session, claim.id)
    with pytest.raises(ValidationError, match="rationale"):
        verify.set_status(session, claim.id, verdict, actor="ana")
    rec = verify.set_status(session, claim.id, verdict, actor="ana", rationale="Checked figures.")
    assert rec.status == verdict and rec.rationale == "Checked figures."
    assert [h.to_status for h in verify.history(session, claim.id)] == ["unverified", verdict]


def test_refused_verdict_changes_nothing(session: Session, claim: ClaimRecord) -> None:
    with pytest.raises(ValidationError):
        verify.set_status(session, claim.id, "false", actor="ana", rationale="No.")
    assert claims.get_claim(session, claim.id) == claim
    assert len(verify.history(session, claim.id)) == 1


def test_unverifiable_needs_a_rationale_but_no_evidence(
    session: Session, claim: ClaimRecord
) -> None:
    with pytest.raises(ValidationError, match="rationale"):
        verify.set_status(session, claim.id, "unverifiable", actor="ana")
    rec = verify.set_status(
        session, claim.id, "unverifiable", actor="ana", rationale="No public data."
    )
    assert rec.status == "unverifiable"


def test_same_status_is_not_a_new_history_row(session: Session, claim: ClaimRecord) -> None:
    verify.set_status(session, claim.id, "in_progress", actor="ana")
    verify.set_status(session, claim.id, "in_progress", actor="ana")
    assert len(verify.history(session, claim.id)) == 2


def test_stale_version_is_a_conflict(session: Session, claim: ClaimRecord) -> None:
    verify.set_status(session, claim.id, "in_progress", actor="ana", expected_version=1)
    with pytest.raises(ConflictError):
        verify.set_status(session, claim.id, "unverified", actor="ben", expected_version=1)


def test_unknown_status_is_a_clear_error(session: Session, claim: ClaimRecord) -> None:
    with pytest.raises(ValidationError, match="Unknown status 'maybe'"):
        verify.set_status(session, claim.id, "maybe", actor="ana")


def test_last_evidence_of_a_verdict_cannot_be_unlinked(
    session: Session, claim: ClaimRecord
) -> None:
    _evidence(session, claim.id)
    verify.set_status(session, claim.id, "verified", actor="ana", rationale="Agency data.")
    (link,) = sources.list_evidence(session, claim.id)
    with pytest.raises(ValidationError, match="last evidence"):
        sources.unlink_evidence(session, link.id)
    assert sources.list_evidence(session, claim.id) == [link]
