"""Sources: edit, merge a duplicate into the one kept, delete only when unused."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, source_edits, sources, team
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ConflictError, NotFoundError, ValidationError

TEXT = "Exports rose 12% in 2025, the ministry said. Imports fell by half."


def _desk(session: Session) -> tuple[int, int, int, int]:
    aid = articles.add_article(session, ArticleDraft(text=TEXT, title="Trade")).id
    cid = claims.create_claim_by_quote(session, aid, "Exports rose 12%", actor="ana").id
    a = sources.add_source(session, SourceDraft(url="https://stats.example/t", title="Stats")).id
    b = sources.add_source(
        session, SourceDraft(url="https://stats.example/t?x", title="Stats (copy)")
    ).id
    return aid, cid, a, b


def test_edit_a_source(session: Session) -> None:
    _aid, _cid, a, _b = _desk(session)
    rec = source_edits.edit_source(
        session,
        a,
        {"title": " Trade  tables ", "kind": "primary_data", "published_at": "2025-01-31"},
    )
    assert rec.title == "Trade tables" and rec.kind == "primary_data"
    assert rec.published_at is not None and rec.published_at.date().isoformat() == "2025-01-31"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"published_at": "soon"}, "not a date"),
        ({"kind": "rumour"}, "source kind"),
        ({"url": "ftp://x.example/y"}, "address"),
        ({"title": "", "url": ""}, "title or a web address"),
    ],
)
def test_bad_source_edits_write_nothing(
    session: Session, changes: dict[str, str], message: str
) -> None:
    _aid, _cid, a, _b = _desk(session)
    before = sources.get_source(session, a)
    with pytest.raises(ValidationError, match=message):
        source_edits.edit_source(session, a, changes)
    assert sources.get_source(session, a) == before


def test_a_stale_source_field_is_a_conflict(session: Session) -> None:
    _aid, _cid, a, _b = _desk(session)
    source_edits.edit_source(session, a, {"title": "Theirs"})
    with pytest.raises(ConflictError):
        source_edits.edit_source(session, a, {"title": "Mine"}, expect={"title": "Stats"})
    assert sources.get_source(session, a).title == "Theirs"


def test_merge_moves_evidence_with_history_and_undo(session: Session) -> None:
    _aid, cid, a, b = _desk(session)
    link = sources.link_evidence(session, cid, b, "supports", actor="ana")
    done = source_edits.merge_sources(session, a, b, actor="ana")
    assert done.moved == (link.id,)
    (ev,) = sources.list_evidence(session, cid)
    assert ev.source.id == a
    with pytest.raises(NotFoundError):
        sources.get_source(session, b)
    note = team.team_history(session, cid)[-1].rationale
    assert "merged into" in note and f"source {b}" in note
    back = source_edits.unmerge_sources(session, done, actor="ana")
    assert back.id == b
    (ev,) = sources.list_evidence(session, cid)
    assert ev.source.id == b


def test_merge_into_itself_is_refused(session: Session) -> None:
    _aid, _cid, a, _b = _desk(session)
    with pytest.raises(ValidationError, match="into itself"):
        source_edits.merge_sources(session, a, a, actor="ana")
    assert len(sources.list_sources(session)) == 2


def test_delete_only_when_unused_and_say_which_claims(session: Session) -> None:
    _aid, cid, a, b = _desk(session)
    sources.link_evidence(session, cid, a, "supports", actor="ana")
    with pytest.raises(ValidationError, match=f"evidence for claim {cid}; unlink it there"):
        source_edits.delete_unused_source(session, a)
    saved = source_edits.delete_unused_source(session, b)
    assert [s.id for s, _ in sources.list_sources(session)] == [a]
    assert source_edits.restore_source(session, saved).id == b
