"""Matches on a real desk, confirmed groups, rejected pairs and shared verdicts."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, groups, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.nlp.matching import ENGLISH

TEXTS = [
    "India depends on Russia for nearly half of its arms supplies.",
    "Almost 50% of India's weapons come from Russia.",
    "India gets a third of its arms from Russia.",
    "The river rose by two metres in 2024.",
]


@pytest.fixture
def ids(session: Session) -> list[int]:
    out = []
    for i, sentence in enumerate(TEXTS):
        aid = articles.add_article(session, ArticleDraft(text=sentence, title=f"A{i}")).id
        out.append(claims.create_claim(session, aid, 0, len(sentence) - 1, actor="ana").id)
    return out


def evidence(session: Session, claim_id: int) -> None:
    sid = sources.add_source(session, sources.SourceDraft(title="Arms tables")).id
    sources.link_evidence(session, claim_id, sid, "supports", actor="ana")


def test_find_matches_suggests_the_same_claim_only(session: Session, ids: list[int]) -> None:
    found = groups.find_matches(session, ids[0], matcher=ENGLISH)
    assert [m.claim_id for m in found] == [ids[1]]  # not "a third", not the river
    assert not found[0].confirmed and found[0].score >= ENGLISH.threshold
    assert found[0].summary.startswith(f"Claim {ids[1]} in \u201cA1\u201d")
    assert groups.summarize(found) == "Seen in 1 article; no verdict yet."
    by_text = groups.find_matches(
        session, "nearly 50 percent of India's arms come from Russia", matcher=ENGLISH
    )
    assert {m.claim_id for m in by_text} == {ids[0], ids[1]}
    assert groups.find_matches(session, TEXTS[0], exclude_article=2, matcher=ENGLISH) == [
        m for m in groups.find_matches(session, TEXTS[0], matcher=ENGLISH) if m.article_id != 2
    ]


def test_rejected_pair_is_not_suggested_again(session: Session, ids: list[int]) -> None:
    groups.reject_match(session, ids[1], ids[0], actor="ana")
    groups.reject_match(session, ids[0], ids[1], actor="ana")  # twice is harmless
    assert groups.find_matches(session, ids[0], matcher=ENGLISH) == []
    groups.forget_rejection(session, ids[0], ids[1])
    assert [m.claim_id for m in groups.find_matches(session, ids[0], matcher=ENGLISH)] == [ids[1]]
    with pytest.raises(ValidationError, match="same claim as itself"):
        groups.reject_match(session, ids[0], ids[0], actor="ana")


def test_group_shares_a_verdict_with_history(session: Session, ids: list[int]) -> None:
    group = groups.confirm_match(session, ids[0], ids[1], actor="ana")
    assert group.claim_ids == (ids[0], ids[1])
    # confirmed is not "suggested"
    assert groups.find_matches(session, ids[0], matcher=ENGLISH) == []
    confirmed = groups.confirmed_matches(session, ids[0], matcher=ENGLISH)
    assert [(m.claim_id, m.confirmed) for m in confirmed] == [(ids[1], True)]

    with pytest.raises(ValidationError, match="counting every claim in its group"):
        groups.set_group_status(session, ids[0], "verified", actor="ben", rationale="Tables.")
    evidence(session, ids[1])  # evidence on one member backs the group's verdict
    updated = groups.set_group_status(
        session, ids[0], "verified", actor="ben", rationale="Tables agree."
    )
    assert [(r.id, r.status) for r in updated] == [(ids[0], "verified"), (ids[1], "verified")]
    assert updated[0].rationale == "Tables agree."
    assert (
        updated[1].rationale
        == f"Verdict shared from claim {ids[0]} in group {group.id}: Tables agree."
    )
    for cid in ids[:2]:
        last = verify.history(session, cid)[-1]
        assert (last.from_status, last.to_status, last.actor) == ("unverified", "verified", "ben")
    assert verify.history(session, ids[2])[-1].to_status == "unverified"  # not in the group
    assert groups.summarize(confirmed[:0]) == "Not seen elsewhere on the desk."
    assert groups.summarize(groups.confirmed_matches(session, ids[1], matcher=ENGLISH)).startswith(
        "Seen in 1 article: Verified on "
    )


def test_a_failed_group_verdict_changes_nothing(session: Session, ids: list[int]) -> None:
    groups.confirm_match(session, ids[0], ids[1], actor="ana")
    evidence(session, ids[0])
    with pytest.raises(ValidationError, match="rationale"):
        groups.set_group_status(session, ids[1], "false", actor="ana", rationale="")
    assert {claims.get_claim(session, i).status for i in ids[:2]} == {"unverified"}


def test_joining_claim_takes_the_groups_verdict(session: Session, ids: list[int]) -> None:
    evidence(session, ids[0])
    verify.set_status(session, ids[0], "disputed", actor="ana", rationale="Sources differ.")
    groups.confirm_match(session, ids[1], ids[0], actor="ana")
    joined = claims.get_claim(session, ids[1])
    assert joined.status == "disputed"
    assert joined.rationale.startswith(f"Verdict shared from claim {ids[0]}")
    evidence(session, ids[2])
    verify.set_status(session, ids[2], "false", actor="ana", rationale="Wrong share.")
    with pytest.raises(ValidationError, match="same verdict"):
        groups.confirm_match(session, ids[2], ids[0], actor="ana")


def test_leave_and_rejoin(session: Session, ids: list[int]) -> None:
    g = groups.confirm_match(session, ids[0], ids[1], actor="ana")
    g = groups.confirm_match(session, ids[2], ids[0], actor="ana")
    assert g.claim_ids == tuple(ids[:3])
    left = groups.leave_group(session, ids[2])
    assert left.remaining == (ids[0], ids[1])
    assert groups.group_of(session, ids[2]) is None
    groups.set_group_status(session, ids[0], "in_progress", actor="ana")
    assert claims.get_claim(session, ids[2]).status == "unverified"  # no longer shares
    groups.rejoin_group(session, left, actor="ana")
    assert groups.members(session, g.id) == ids[:3]
    last = groups.leave_group(session, ids[0])
    groups.leave_group(session, ids[1])
    assert groups.group_of(session, ids[2]) is None  # a group of one is dissolved
    with pytest.raises(NotFoundError):
        groups.leave_group(session, ids[1])
    assert groups.rejoin_group(session, last, actor="ana").claim_ids == tuple(ids[:3])


def test_same_group_pair_cannot_be_rejected(session: Session, ids: list[int]) -> None:
    groups.confirm_match(session, ids[0], ids[1], actor="ana")
    with pytest.raises(ValidationError, match="same group"):
        groups.reject_match(session, ids[0], ids[1], actor="ana")


def test_membership_survives_delete_and_undo(session: Session, ids: list[int]) -> None:
    g = groups.confirm_match(session, ids[0], ids[1], actor="ana")
    deleted = claims.delete_claim(session, ids[1])
    assert groups.members(session, g.id) == [ids[0]]
    claims.restore_claim(session, deleted)
    assert groups.members(session, g.id) == [ids[0], ids[1]]


def test_merging_two_groups(session: Session, ids: list[int]) -> None:
    a = groups.confirm_match(session, ids[0], ids[1], actor="ana")
    b = groups.confirm_match(session, ids[2], ids[3], actor="ana")
    merged = groups.confirm_match(session, ids[1], ids[3], actor="ana")
    assert merged.id == a.id and merged.claim_ids == tuple(ids)
    assert groups.members(session, b.id) == []
