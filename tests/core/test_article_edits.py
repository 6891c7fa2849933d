"""Correcting an article's details, and deleting an article with what hangs on it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select

from claimdesk.core import article_edits, articles, claims, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ConflictError, NotFoundError, ValidationError
from claimdesk.store.models import ArticleEdit, ArticleVersion, Evidence, StatusChange

TEXT = "Exports rose 12% in 2025, the ministry said.\n\nImports fell by half."


def _article(session: Session) -> int:
    return articles.add_article(session, ArticleDraft(text=TEXT, title="Trade", outlet="Daily")).id


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_edit_changes_fields_and_keeps_history(session: Session) -> None:
    aid = _article(session)
    info = article_edits.edit_article(
        session,
        aid,
        {"outlet": "  Anadolu   Agency ", "published_at": "2026-03-05", "place": "Ankara"},
        actor="ana",
        expect={"outlet": "Daily"},
    )
    assert info.outlet == "Anadolu Agency"
    assert info.published_at == datetime(2026, 3, 5, tzinfo=UTC)
    assert articles.get_article(session, aid).info.place == "Ankara"
    (entry,) = article_edits.article_history(session, aid)
    assert entry.actor == "ana"
    assert entry.changes["outlet"] == ["Daily", "Anadolu Agency"]
    assert "outlet \u201cDaily\u201d \u2192 \u201cAnadolu Agency\u201d" in entry.describe()
    # the same values again change nothing and write no history
    article_edits.edit_article(session, aid, {"outlet": "Anadolu Agency"}, actor="ana")
    assert len(article_edits.article_history(session, aid)) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"published_at": "yesterday"}, "not a date"),
        ({"published_at": "2026-02-30"}, "not a day in the calendar"),
        ({"title": "   "}, "needs a title"),
        ({"url": "javascript:alert(1)"}, "address"),
        ({"text": "new words"}, "cannot be edited"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    session: Session, changes: dict[str, str], message: str
) -> None:
    aid = _article(session)
    before = articles.get_article(session, aid).info
    with pytest.raises(ValidationError, match=message):
        article_edits.edit_article(session, aid, changes, actor="ana")
    assert articles.get_article(session, aid).info == before
    assert _count(session, ArticleEdit) == 0


def test_editing_a_deleted_article_says_so(session: Session) -> None:
    aid = _article(session)
    article_edits.delete_article(session, aid)
    with pytest.raises(NotFoundError, match=f"no article {aid}; it may have been deleted"):
        article_edits.edit_article(session, aid, {"outlet": "X"}, actor="ana")
    assert _count(session, ArticleEdit) == 0


def test_a_field_changed_by_someone_else_is_a_conflict(session: Session) -> None:
    aid = _article(session)
    article_edits.edit_article(session, aid, {"outlet": "Theirs"}, actor="bo")
    with pytest.raises(ConflictError, match="changed by someone else"):
        article_edits.edit_article(
            session, aid, {"outlet": "Mine"}, actor="ana", expect={"outlet": "Daily"}
        )
    assert articles.get_article(session, aid).info.outlet == "Theirs"


def test_delete_takes_everything_and_restore_brings_it_back(session: Session) -> None:
    aid = _article(session)
    c = claims.create_claim_by_quote(session, aid, "Exports rose 12%", actor="ana")
    src = sources.add_source(session, SourceDraft(url="https://stats.example/t", title="Stats"))
    sources.link_evidence(session, c.id, src.id, "supports", actor="ana")
    verify.set_status(session, c.id, "verified", actor="ana", rationale="Matches the table.")
    article_edits.edit_article(session, aid, {"author": "Jo"}, actor="ana")
    counts = article_edits.delete_counts(session, aid)
    assert (counts.claims, counts.evidence, counts.history) == (1, 1, 3)
    assert counts.sentence() == "1 claim(s), 1 evidence link(s) and 3 history entries"
    versions = _count(session, ArticleVersion)
    gone = article_edits.delete_article(session, aid)
    with pytest.raises(NotFoundError):
        articles.get_article(session, aid)
    assert claims.list_claims(session, article_id=aid) == []
    assert _count(session, Evidence) == 0 and _count(session, StatusChange) == 0
    assert _count(session, ArticleEdit) == 0
    assert sources.get_source(session, src.id).title == "Stats"  # the source stays
    back = article_edits.restore_article(session, gone)
    assert back.id == aid and back.author == "Jo"
    (again,) = claims.list_claims(session, article_id=aid)
    assert again.id == c.id and again.status == "verified" and again.evidence_count == 1
    assert _count(session, StatusChange) == 2 and _count(session, ArticleEdit) == 1
    assert _count(session, ArticleVersion) == versions


def test_delete_of_a_missing_article(session: Session) -> None:
    with pytest.raises(NotFoundError):
        article_edits.delete_article(session, 999)
