"""Changed wording through refresh and restore, the re-check review and its undo, and the
group's evidence shown where the verdict is (real SQLite and PostgreSQL desks)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from claimdesk.core import (
    articles,
    claims,
    details,
    group_evidence,
    groups,
    refresh,
    sources,
    verify,
    wording,
)
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ValidationError
from claimdesk.store.models import StatusChange

TEXT = (
    "Trade figures\n\n"
    "Exports of machinery rose by 20 percent last year, the ministry said on Monday.\n\n"
    "The harbour will close for repairs in the spring, officials confirmed."
)
QUOTE = "Exports of machinery rose by 20 percent last year"
GONE = "The harbour will close for repairs in the spring"


def changed_text() -> str:
    text = TEXT.replace("rose by 20 percent", "fell by 11 percent")
    return text.replace("The harbour will close for repairs in the spring, officials confirmed.",
                        "Nothing else was announced.")  # fmt: skip


def verdict_claim(session: Session) -> tuple[int, int, int]:
    article_id = articles.add_article(session, ArticleDraft(text=TEXT, url="https://x.test/t")).id
    first = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana").id
    second = claims.create_claim_by_quote(session, article_id, GONE, actor="ana").id
    source = sources.add_source(session, SourceDraft(url="https://stats.test/t", title="Stats"))
    sources.link_evidence(session, first, source.id, "supports", actor="ana")
    verify.set_status(session, first, "verified", actor="ana", rationale="Stats agree.")
    return article_id, first, second


def events(session: Session, claim_id: int) -> list[StatusChange]:
    rows = session.exec(select(StatusChange).where(StatusChange.claim_id == claim_id))
    return [r for r in rows if r.event]


def test_refresh_flags_new_words_and_keeps_the_verdict(session: Session) -> None:
    article_id, first, second = verdict_claim(session)
    refresh.refresh_article(session, article_id, ArticleDraft(text=changed_text()), actor="ben")
    rec = claims.get_claim(session, first)
    assert rec.status == "verified" and rec.rationale == "Stats agree."
    assert rec.wording_before == QUOTE
    assert "fell by 11" in rec.anchor.exact
    assert rec.wording_changed and rec.needs_recheck and rec.wording_version == 2
    (row,) = events(session, first)
    assert row.event == "wording" and row.actor == "ben"
    assert "rose by 20" in row.rationale and "fell by 11" in row.rationale
    assert "needs re-check" in row.rationale
    orphan = claims.get_claim(session, second)
    assert orphan.orphaned and not orphan.wording_changed  # orphans stay as they were
    listed = {c.id: c for c in claims.list_claims(session, article_id=article_id)}
    assert listed[first].needs_recheck and listed[first].wording_before == QUOTE


def test_review_keeps_the_verdict_then_undo_brings_the_flag_back(session: Session) -> None:
    article_id, first, _ = verdict_claim(session)
    refresh.refresh_article(session, article_id, ArticleDraft(text=changed_text()), actor="ben")
    done = wording.review_wording(session, first, actor="ana")
    rec = claims.get_claim(session, first)
    assert not rec.wording_changed and rec.status == "verified"
    rows = events(session, first)
    assert [r.event for r in rows] == ["wording", "recheck"]
    assert "verdict kept" in rows[-1].rationale
    with pytest.raises(ValidationError, match="nothing to review"):
        wording.review_wording(session, first, actor="ana")
    back = wording.unreview(session, done, actor="ana")
    assert back.needs_recheck and back.wording_before == QUOTE and back.status == "verified"


def test_review_can_change_the_verdict_with_a_rationale(session: Session) -> None:
    article_id, first, _ = verdict_claim(session)
    refresh.refresh_article(session, article_id, ArticleDraft(text=changed_text()), actor="ben")
    with pytest.raises(ValidationError):
        wording.review_wording(session, first, actor="ana", status="false", rationale="")
    assert claims.get_claim(session, first).needs_recheck  # nothing half-done
    done = wording.review_wording(
        session, first, actor="ana", status="false", rationale="Exports fell."
    )
    rec = claims.get_claim(session, first)
    assert rec.status == "false" and rec.rationale == "Exports fell." and not rec.wording_changed
    assert "changed to False" in events(session, first)[-1].rationale
    back = wording.unreview(session, done, actor="ana")
    assert back.status == "verified" and back.rationale == "Stats agree." and back.needs_recheck


def test_words_back_as_first_checked_clear_the_flag(session: Session) -> None:
    article_id, first, _ = verdict_claim(session)
    refresh.refresh_article(session, article_id, ArticleDraft(text=changed_text()), actor="ben")
    refresh.refresh_article(session, article_id, ArticleDraft(text=TEXT), actor="ben")
    rec = claims.get_claim(session, first)
    assert rec.anchor.exact == QUOTE and not rec.wording_changed


def test_restore_onto_changed_words_flags_them(session: Session) -> None:
    article_id, first, _ = verdict_claim(session)
    deleted = claims.delete_claim(session, first)
    refresh.refresh_article(session, article_id, ArticleDraft(text=changed_text()), actor="ben")
    rec = claims.restore_claim(session, deleted)
    assert rec.wording_before == QUOTE and "fell by 11" in rec.anchor.exact
    assert rec.needs_recheck and rec.status == "verified"


def test_group_evidence_is_shown_where_the_verdict_is(session: Session) -> None:
    _, first, _ = verdict_claim(session)
    other = articles.add_article(
        session, ArticleDraft(text="Elsewhere\n\n" + QUOTE + ", a paper said.")
    ).id
    third = claims.create_claim_by_quote(session, other, QUOTE, actor="ana").id
    groups.confirm_match(session, third, first, actor="ana")
    rec = claims.get_claim(session, third)
    assert rec.status == "verified" and rec.evidence_count == 0 and rec.shared_evidence == 1
    shared = group_evidence.shared_evidence(session, third)
    assert [e.shared_from for e in shared] == [first]
    assert details.claim_details(session, third, "ana").evidence[0].shared_from == first
    assert claims.list_claims(session, article_id=other)[0].shared_evidence == 1
    assert group_evidence.shared_counts(session, [first]) == {}  # its own are not "shared"
