"""Adding and listing articles."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sample import load_sample_if_empty, sample_draft
from claimdesk.errors import NotFoundError, ValidationError


def test_add_article_keeps_text_and_snapshot(session: Session) -> None:
    draft = ArticleDraft(
        text="Title line\n\nBody 😀 text.",
        raw_bytes=b"raw",
        raw_media_type="text/plain",
        url="https://news.example/a",
        outlet="News",
    )
    info = articles.add_article(session, draft)
    doc = articles.get_article(session, info.id)
    assert doc.text == draft.text
    assert doc.info.title == "Title line"
    assert doc.raw_size == 3 and doc.raw_media_type == "text/plain"
    assert articles.raw_snapshot(session, info.id) == (b"raw", "text/plain")
    assert len(info.text_sha256) == 64


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused(session: Session, text: str) -> None:
    with pytest.raises(ValidationError, match="no text"):
        articles.add_article(session, ArticleDraft(text=text))
    assert articles.count_articles(session) == 0


def test_list_newest_first_with_counts(session: Session) -> None:
    first = articles.add_article(session, ArticleDraft(text="Alpha rose 5%.", outlet="Daily"))
    second = articles.add_article(session, ArticleDraft(text="Beta fell 3%.", outlet="Weekly"))
    c = claims.create_claim_by_quote(session, first.id, "rose 5%", actor="ana")
    claims.create_claim_by_quote(session, first.id, "Alpha", actor="ana")
    verify.set_status(session, c.id, "in_progress", actor="ana")
    listed = articles.list_articles(session)
    assert [a.id for a in listed] == [second.id, first.id]
    assert listed[1].claim_counts == {"unverified": 1, "in_progress": 1}
    assert [a.id for a in articles.list_articles(session, text_filter="week")] == [second.id]


def test_duplicates_by_text_or_url(session: Session) -> None:
    info = articles.add_article(session, ArticleDraft(text="Same text.", url="https://x.example/1"))
    assert articles.find_duplicate(session, "Same text.") == info
    assert articles.find_duplicate(session, "Other text.", "https://x.example/1") == info
    assert articles.find_duplicate(session, "Other text.") is None


def test_missing_article(session: Session) -> None:
    with pytest.raises(NotFoundError, match="no article 7"):
        articles.get_article(session, 7)


def test_sample_article_is_the_projects_own(session: Session) -> None:
    draft = sample_draft()
    assert "the world's largest arms importer" in draft.text
    assert "depends on Russia for nearly half of its arms supplies" in draft.text
    info = load_sample_if_empty(session)
    assert info is not None
    assert load_sample_if_empty(session) is None
    assert articles.count_articles(session) == 1
