"""Creating, editing, deleting and restoring claims on a real SQLite desk."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sample import sample_draft
from claimdesk.errors import ConflictError, NotFoundError, ValidationError

QUOTE = "the world's largest arms importer"


@pytest.fixture
def article_id(session: Session) -> int:
    return articles.add_article(session, sample_draft()).id


def test_create_claim_builds_the_anchor(session: Session, article_id: int) -> None:
    text = articles.article_text(session, article_id)
    start = text.index(QUOTE)
    rec = claims.create_claim(session, article_id, start, start + len(QUOTE), actor="ana")
    assert rec.anchor.exact == QUOTE
    assert rec.anchor.start == start and rec.anchor.end == start + len(QUOTE)
    assert text[start - len(rec.anchor.prefix) : start] == rec.anchor.prefix
    assert len(rec.anchor.prefix) == 32 and len(rec.anchor.suffix) == 32
    assert rec.statement == QUOTE
    assert rec.status == "unverified" and rec.version == 1 and rec.created_by == "ana"
    assert [h.to_status for h in verify.history(session, rec.id)] == ["unverified"]


def test_statement_can_differ_from_the_quote(session: Session, article_id: int) -> None:
    rec = claims.create_claim_by_quote(
        session,
        article_id,
        QUOTE,
        actor="ana",
        statement="India imports more arms than any other country",
        claimant="agency",
    )
    assert rec.anchor.exact == QUOTE
    assert rec.statement.startswith("India imports")
    assert rec.claimant == "agency"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 5, "outside"), (-1, 4, "outside"), (0, 10**9, "outside")],
)
def test_bad_spans_are_refused(
    session: Session, article_id: int, start: int, end: int, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        claims.create_claim(session, article_id, start, end, actor="ana")
    assert claims.list_claims(session, article_id=article_id) == []


def test_whitespace_only_span_is_refused(session: Session) -> None:
    aid = articles.add_article(session, ArticleDraft(text="One.\n\nTwo.")).id
    with pytest.raises(ValidationError, match="white space"):
        claims.create_claim(session, aid, 4, 6, actor="ana")


def test_quote_must_be_found_exactly_once(session: Session) -> None:
    aid = articles.add_article(session, ArticleDraft(text="tax rose. Then tax rose again.")).id
    with pytest.raises(ValidationError, match="appears 2 times"):
        claims.create_claim_by_quote(session, aid, "tax rose", actor="ana")
    with pytest.raises(ValidationError, match="not in the article"):
        claims.create_claim_by_quote(session, aid, "tax fell", actor="ana")
    rec = claims.create_claim_by_quote(session, aid, "tax rose again", actor="ana")
    assert rec.anchor.start == 15


def test_unknown_article(session: Session) -> None:
    with pytest.raises(NotFoundError):
        claims.create_claim(session, 99, 0, 3, actor="ana")


def test_edit_bumps_the_version_and_detects_conflicts(session: Session, article_id: int) -> None:
    rec = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana")
    edited = claims.edit_claim(
        session,
        rec.id,
        expected_version=1,
        statement="  India  tops imports ",
        tags=["arms", "arms", " india "],
        priority=2,
    )
    assert edited.statement == "India tops imports"
    assert edited.tags == ("arms", "india")
    assert edited.version == 2
    with pytest.raises(ConflictError) as info:
        claims.edit_claim(session, rec.id, expected_version=1, statement="stale edit")
    assert info.value.current_version == 2
    assert claims.get_claim(session, rec.id).statement == "India tops imports"


@pytest.mark.parametrize(
    "changes",
    [{"statement": "   "}, {"priority": 9}, {"status": "verified"}, {"article_id": 3}],
)
def test_invalid_edits_change_nothing(
    session: Session, article_id: int, changes: dict[str, object]
) -> None:
    rec = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana")
    with pytest.raises(ValidationError):
        claims.edit_claim(session, rec.id, **changes)
    assert claims.get_claim(session, rec.id) == rec


def test_delete_and_restore_give_back_the_same_claim(session: Session, article_id: int) -> None:
    rec = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana")
    src = sources.add_source(session, sources.SourceDraft(url="https://sipri.example/t", title="T"))
    sources.link_evidence(session, rec.id, src.id, "supports", actor="ana", excerpt="top")
    verify.set_status(session, rec.id, "verified", actor="ana", rationale="Import data agree.")
    before = claims.get_claim(session, rec.id)
    history_before = verify.history(session, rec.id)
    evidence_before = sources.list_evidence(session, rec.id)

    deleted = claims.delete_claim(session, rec.id)
    with pytest.raises(NotFoundError):
        claims.get_claim(session, rec.id)
    assert claims.list_claims(session) == []

    restored = claims.restore_claim(session, deleted)
    assert restored == before
    assert verify.history(session, rec.id) == history_before
    assert sources.list_evidence(session, rec.id) == evidence_before


def test_a_failed_restore_writes_nothing(session: Session, article_id: int) -> None:
    """One service, one transaction: the claim row is not left behind without its links."""
    rec = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana")
    src = sources.add_source(session, sources.SourceDraft(title="Report"))
    sources.link_evidence(session, rec.id, src.id, "context", actor="ana")
    deleted = claims.delete_claim(session, rec.id)
    sources.delete_source(session, src.id)  # the evidence link now points nowhere
    with pytest.raises(Exception):  # noqa: B017 - the foreign key refuses it
        claims.restore_claim(session, deleted)
    session.rollback()
    assert claims.list_claims(session) == []


def test_list_claims_filters_and_orders(session: Session, article_id: int) -> None:
    late = claims.create_claim_by_quote(session, article_id, "nearly half", actor="ana")
    early = claims.create_claim_by_quote(session, article_id, QUOTE, actor="ana", tags=["arms"])
    verify.set_status(session, late.id, "in_progress", actor="ana")
    assert [c.id for c in claims.list_claims(session, article_id=article_id)] == [early.id, late.id]
    assert [c.id for c in claims.list_claims(session, statuses=["in_progress"])] == [late.id]
    assert [c.id for c in claims.list_claims(session, tag="arms")] == [early.id]
    assert claims.list_claims(session, statuses=["false"]) == []


def test_restore_after_the_article_changed_finds_the_quote_again(session: Session) -> None:
    from claimdesk.core import refresh

    aid = articles.add_article(session, ArticleDraft(text="Exports fell by 20 percent.")).id
    rec = claims.create_claim_by_quote(session, aid, "fell by 20 percent", actor="ana")
    deleted = claims.delete_claim(session, rec.id)
    new_text = "Update: this story was corrected. Exports fell by 20 percent."
    refresh.refresh_article(session, aid, ArticleDraft(text=new_text), actor="ana")
    back = claims.restore_claim(session, deleted)
    assert new_text[back.anchor.start : back.anchor.end] == "fell by 20 percent"
    assert not back.orphaned
    gone = claims.delete_claim(session, back.id)
    refresh.refresh_article(session, aid, ArticleDraft(text="Nothing about trade."), actor="ana")
    assert claims.restore_claim(session, gone).orphaned  # kept, flagged, never misplaced
