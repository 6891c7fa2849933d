"""The everyday edits on a team desk: two analysts, one stale copy, no lost update."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import article_edits, articles, claim_merge, claim_spans, claims
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ConflictError
from claimdesk.store.engine import Store

TEXT = "Wages rose 4% in 2025 and prices rose 3%, the office said."


def _claim(session: Session) -> tuple[int, int]:
    aid = articles.add_article(session, ArticleDraft(text=TEXT, title="Pay")).id
    cid = claims.create_claim_by_quote(session, aid, "Wages rose 4% in 2025", actor="ana").id
    return aid, cid


def test_span_split_and_merge_over_a_stale_version_conflict(store: Store) -> None:
    with store.session() as mine, store.session() as theirs:
        aid, cid = _claim(mine)
        seen = claims.get_claim(mine, cid).version
        claims.edit_claim(theirs, cid, expected_version=seen, statement="Pay up 4%", actor="bo")
        start = TEXT.index("Wages rose 4%")
        with pytest.raises(ConflictError):
            claim_spans.change_span(
                mine, cid, start, start + 13, actor="ana", expected_version=seen
            )
        with pytest.raises(ConflictError):
            claim_spans.split_claim(
                mine, cid, start + 6, start + 10, actor="ana", expected_version=seen
            )
        other = claims.create_claim_by_quote(theirs, aid, "prices rose 3%", actor="bo").id
        with pytest.raises(ConflictError):
            claim_merge.merge_claims(mine, cid, other, actor="ana", expected_version=seen)
        current = claims.get_claim(mine, cid)
        assert current.statement == "Pay up 4%" and current.anchor.exact == "Wages rose 4% in 2025"
        assert len(claims.list_claims(mine, article_id=aid)) == 2


def test_an_article_field_changed_by_a_colleague_is_a_conflict(store: Store) -> None:
    with store.session() as mine, store.session() as theirs:
        aid, _cid = _claim(mine)
        seen = articles.get_article(mine, aid).info
        article_edits.edit_article(theirs, aid, {"outlet": "Their outlet"}, actor="bo")
        with pytest.raises(ConflictError, match="changed by someone else"):
            article_edits.edit_article(
                mine, aid, {"outlet": "My outlet"}, actor="ana", expect={"outlet": seen.outlet}
            )
        # a field nobody else touched still saves
        article_edits.edit_article(
            mine, aid, {"author": "Ana"}, actor="ana", expect={"author": seen.author}
        )
        info = articles.get_article(theirs, aid).info
        assert (info.outlet, info.author) == ("Their outlet", "Ana")
