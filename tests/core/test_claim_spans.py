"""A claim's words: changing its span, splitting it at a selection, merging neighbours."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claim_merge, claim_spans, claims, sources, team, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ConflictError, ValidationError

TEXT = (
    "Exports rose 12% in 2025 and imports fell by half, the ministry said. "
    "Unemployment reached a record low.\n\nA second paragraph follows here."
)


def _setup(
    session: Session, quote: str = "Exports rose 12% in 2025 and imports fell by half"
) -> tuple[int, int]:
    aid = articles.add_article(session, ArticleDraft(text=TEXT, title="Trade")).id
    cid = claims.create_claim_by_quote(session, aid, quote, actor="ana").id
    return aid, cid


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _notes(session: Session, claim_id: int) -> list[str]:
    return [h.rationale for h in team.team_history(session, claim_id)]


def test_change_span_re_describes_and_writes_history(session: Session) -> None:
    _aid, cid = _setup(session)
    start, end = _span(TEXT, "Exports rose 12% in 2025")
    rec = claim_spans.change_span(session, cid, start, end, actor="ana")
    assert rec.anchor.exact == "Exports rose 12% in 2025"
    assert rec.statement == "Exports rose 12% in 2025"  # the statement was the quote
    assert rec.anchor.suffix.startswith(" and imports")
    note = _notes(session, cid)[-1]
    assert (
        "Quote changed from \u201cExports rose 12% in 2025 and imports fell by half\u201d" in note
    )
    assert team.team_history(session, cid)[-1].actor == "ana"


def test_own_statement_is_kept_when_the_span_moves(session: Session) -> None:
    _aid, cid = _setup(session)
    claims.edit_claim(session, cid, statement="Trade moved", actor="bo")
    assert "Statement changed from" in _notes(session, cid)[-1]
    start, end = _span(TEXT, "imports fell by half")
    assert claim_spans.change_span(session, cid, start, end, actor="ana").statement == "Trade moved"


def test_span_outside_the_article_and_stale_versions_are_refused(session: Session) -> None:
    _aid, cid = _setup(session)
    before = claims.get_claim(session, cid)
    with pytest.raises(ValidationError, match="outside the article"):
        claim_spans.change_span(session, cid, 5, 10_000, actor="ana")
    with pytest.raises(ValidationError, match="white space"):
        claim_spans.change_span(session, cid, 7, 8, actor="ana")
    with pytest.raises(ConflictError):
        claim_spans.change_span(
            session, cid, 0, 7, actor="ana", expected_version=before.version - 1
        )
    assert claims.get_claim(session, cid) == before


def test_split_copies_status_and_evidence_and_undo_redo(session: Session) -> None:
    _aid, cid = _setup(session)
    src = sources.add_source(session, SourceDraft(url="https://stats.example/t", title="Stats"))
    sources.link_evidence(session, cid, src.id, "supports", actor="ana", excerpt="12%")
    verify.set_status(session, cid, "verified", actor="ana", rationale="The table agrees.")
    start, end = _span(TEXT, " and imports")
    done = claim_spans.split_claim(session, cid, start, end, actor="ana")
    assert done.kept.anchor.exact == "Exports rose 12% in 2025"
    assert done.new.anchor.exact == "and imports fell by half"
    assert done.new.status == "verified" and done.new.rationale == "The table agrees."
    assert done.new.evidence_count == 1 and done.kept.evidence_count == 1
    assert "Split:" in _notes(session, cid)[-1]
    assert f"Split from claim {cid}" in _notes(session, done.new.id)[0]
    undone = claim_spans.unsplit_claim(session, cid, done.new.id, done.before, actor="ana")
    assert undone.kept.anchor.exact == "Exports rose 12% in 2025 and imports fell by half"
    assert [c.id for c in claims.list_claims(session)] == [cid]
    again = claim_spans.resplit_claim(session, undone, actor="ana")
    assert again.new.id == done.new.id and again.kept.anchor.exact == done.kept.anchor.exact


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("the ministry said", "not inside the claim"),
        ("Exports rose 12% in 2025 and imports fell by half", "not all of it"),
    ],
)
def test_split_outside_the_claim_is_refused(session: Session, words: str, message: str) -> None:
    _aid, cid = _setup(session)
    before = claims.get_claim(session, cid)
    start, end = _span(TEXT, words)
    with pytest.raises(ValidationError, match=message):
        claim_spans.split_claim(session, cid, start, end, actor="ana")
    assert claims.list_claims(session) == [before]


def test_merge_adjacent_claims_and_undo(session: Session) -> None:
    aid, first = _setup(session, "Exports rose 12% in 2025")
    second = claims.create_claim_by_quote(session, aid, "imports fell by half", actor="ana").id
    src = sources.add_source(session, SourceDraft(url="https://stats.example/t", title="Stats"))
    sources.link_evidence(session, second, src.id, "contradicts", actor="ana")
    claims.edit_claim(session, second, tags=["trade"], actor="ana")
    done = claim_merge.merge_claims(session, first, second, actor="ana")
    assert done.kept.id == first
    assert done.kept.anchor.exact == "Exports rose 12% in 2025 and imports fell by half"
    assert done.kept.statement == done.kept.anchor.exact
    assert list(done.kept.tags) == ["trade"] and done.kept.evidence_count == 1
    assert [c.id for c in claims.list_claims(session)] == [first]
    assert f"Merged with claim {second}" in _notes(session, first)[-1]
    back = claim_merge.unmerge_claims(session, done, actor="ana")
    assert back.anchor.exact == "Exports rose 12% in 2025" and back.evidence_count == 0
    restored = claims.get_claim(session, second)
    assert restored.evidence_count == 1 and list(restored.tags) == ["trade"]


def test_merge_refuses_far_apart_different_status_and_itself(session: Session) -> None:
    aid, first = _setup(session, "Exports rose 12% in 2025")
    far = claims.create_claim_by_quote(session, aid, "A second paragraph", actor="ana").id
    near = claims.create_claim_by_quote(session, aid, "imports fell by half", actor="ana").id
    with pytest.raises(ValidationError, match="not next to each other"):
        claim_merge.merge_claims(session, first, far, actor="ana")
    with pytest.raises(ValidationError, match="with itself"):
        claim_merge.merge_claims(session, first, first, actor="ana")
    verify.set_status(session, near, "in_progress", actor="ana")
    with pytest.raises(ValidationError, match="same status"):
        claim_merge.merge_claims(session, first, near, actor="ana")
    assert len(claims.list_claims(session)) == 3
