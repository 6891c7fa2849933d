"""Undoing "Same claim" restores groups, verdicts and decisions exactly."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, groups, sources, verify
from claimdesk.core.group_undo import restore_snapshot, snapshot_pair
from claimdesk.core.records import ArticleDraft


def claim(session: Session, text: str, quote: str) -> int:
    aid = articles.add_article(session, ArticleDraft(text=text)).id
    return claims.create_claim_by_quote(session, aid, quote, actor="ana").id


@pytest.fixture
def three(session: Session) -> tuple[int, int, int]:
    a = claim(session, "India buys half its arms from Russia.", "buys half its arms")
    b = claim(session, "Half of India's arms come from Russia.", "Half of India's arms")
    c = claim(session, "Russia supplies half of India's arms.", "supplies half")
    src = sources.add_source(session, sources.SourceDraft(title="SIPRI"))
    sources.link_evidence(session, a, src.id, "supports", actor="ana")
    verify.set_status(session, a, "verified", actor="ana", rationale="SIPRI data.")
    return a, b, c


def state(session: Session, ids: tuple[int, ...]) -> list[tuple[object, ...]]:
    return [
        (cid, groups.group_of(session, cid), claims.get_claim(session, cid).status) for cid in ids
    ]


def test_undo_of_a_shared_verdict_takes_it_back(
    session: Session, three: tuple[int, int, int]
) -> None:
    a, b, _c = three
    before = state(session, three)
    snap = snapshot_pair(session, a, b)
    groups.confirm_match(session, a, b, actor="ana")
    assert claims.get_claim(session, b).status == "verified"
    restore_snapshot(session, snap, actor="ana")
    assert state(session, three) == before
    assert claims.get_claim(session, b).status == "unverified"


def test_undo_of_a_merge_of_two_groups_splits_them_again(
    session: Session, three: tuple[int, int, int]
) -> None:
    a, b, c = three
    groups.confirm_match(session, a, b, actor="ana")
    groups.reject_match(session, b, c, actor="ana")
    before = state(session, three)
    snap = snapshot_pair(session, c, b)
    groups.confirm_match(session, c, b, actor="ana")
    assert groups.group_of(session, c) == groups.group_of(session, a)
    restore_snapshot(session, snap, actor="ana")
    assert state(session, three) == before
    assert c in groups.excluded_claims(session, b)  # the "not the same" is back too
