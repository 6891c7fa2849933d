"""Sources and evidence links."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, sources
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import NotFoundError, ValidationError


@pytest.fixture
def claim_id(session: Session) -> int:
    aid = articles.add_article(session, ArticleDraft(text="Wheat prices doubled in 2022.")).id
    return claims.create_claim_by_quote(session, aid, "doubled", actor="ana").id


def test_add_source_keeps_the_snapshot_hash(session: Session) -> None:
    rec = sources.add_source(
        session,
        sources.SourceDraft(
            url="https://fao.example/prices",
            title="Food price index",
            kind="primary_data",
            snapshot=b"<html>index</html>",
            snapshot_media_type="text/html",
        ),
    )
    assert rec.snapshot_sha256 == hashlib.sha256(b"<html>index</html>").hexdigest()
    assert rec.kind == "primary_data" and rec.accessed_at is not None


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (sources.SourceDraft(), "title or a web address"),
        (sources.SourceDraft(url="ftp://x.example/a"), "not a web address"),
        (sources.SourceDraft(url="javascript:alert(1)"), "not a web address"),
        (sources.SourceDraft(title="T", kind="gossip"), "Unknown source kind"),
    ],
)
def test_invalid_sources_are_refused(
    session: Session, draft: sources.SourceDraft, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        sources.add_source(session, draft)
    assert sources.list_sources(session) == []


def test_link_unlink_restore(session: Session, claim_id: int) -> None:
    src = sources.add_source(session, sources.SourceDraft(url="https://a.example", title="A"))
    link = sources.link_evidence(
        session,
        claim_id,
        src.id,
        "contradicts",
        actor="ana",
        excerpt=" prices rose 20% ",
        locator="p. 4",
    )
    assert (link.stance, link.excerpt, link.locator) == ("contradicts", "prices rose 20%", "p. 4")
    assert claims.get_claim(session, claim_id).evidence_count == 1
    assert sources.list_sources(session) == [(src, [claim_id])]
    removed = sources.unlink_evidence(session, link.id)
    assert sources.list_evidence(session, claim_id) == []
    assert sources.restore_evidence(session, removed) == link
    assert sources.list_evidence(session, claim_id) == [link]


def test_bad_links_are_refused(session: Session, claim_id: int) -> None:
    src = sources.add_source(session, sources.SourceDraft(title="A"))
    with pytest.raises(ValidationError, match="Unknown stance"):
        sources.link_evidence(session, claim_id, src.id, "agrees", actor="ana")
    with pytest.raises(NotFoundError):
        sources.link_evidence(session, claim_id, 999, "supports", actor="ana")
    with pytest.raises(NotFoundError):
        sources.link_evidence(session, 999, src.id, "supports", actor="ana")
    assert sources.list_evidence(session, claim_id) == []


def test_a_cited_source_cannot_be_deleted(session: Session, claim_id: int) -> None:
    src = sources.add_source(session, sources.SourceDraft(title="A"))
    sources.link_evidence(session, claim_id, src.id, "supports", actor="ana")
    with pytest.raises(ValidationError, match="unlink it first"):
        sources.delete_source(session, src.id)
