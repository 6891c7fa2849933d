"""The window's corrections: an article's details and its deletion, a claim's words
(span, split, merge) and the sources (edit, merge, delete when unused).

Like ``core.edits``: one function per user edit, ``(session, ...) -> Edited(value,
changes)``, run by the window's runner; the rules live in ``article_edits``,
``claim_spans`` and ``source_edits``.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from claimdesk.core import article_edits, claim_merge, claim_spans, source_edits
from claimdesk.core.changes import ChangeSet
from claimdesk.core.edits import Edited, _claims
from claimdesk.core.records import ArticleInfo, ClaimRecord, SourceRecord


# an article's details; deleting an article ------------------------------------------------------
def edit_article(
    session: Session,
    article_id: int,
    changes: dict[str, Any],
    *,
    actor: str,
    expect: dict[str, Any] | None = None,
) -> Edited[ArticleInfo]:
    info = article_edits.edit_article(session, article_id, changes, actor=actor, expect=expect)
    return Edited(info, ChangeSet(library=True, articles=frozenset({article_id})))


def delete_article(session: Session, article_id: int) -> Edited[article_edits.DeletedArticle]:
    gone = article_edits.delete_article(session, article_id)
    ids = frozenset(c.claim_id for c in gone.claims)
    changes = ChangeSet(
        claims=ids,
        claim_lists=frozenset({article_id}),
        library=True,
        sources=True,
        articles=frozenset({article_id}),
    )
    return Edited(gone, changes)


def restore_article(session: Session, deleted: article_edits.DeletedArticle) -> Edited[ArticleInfo]:
    info = article_edits.restore_article(session, deleted)
    ids = frozenset(c.claim_id for c in deleted.claims)
    changes = ChangeSet(
        claims=ids,
        claim_lists=frozenset({info.id}),
        library=True,
        sources=True,
        articles=frozenset({info.id}),
    )
    return Edited(info, changes)


# a claim's words: span, split, merge ----------------------------------------------------------
def _span_changes(session: Session, article_id: int, ids: list[int]) -> ChangeSet:
    return ChangeSet.of_claims(_claims(session, ids), evidence=ids) | ChangeSet.claim_list(
        article_id, ids
    )


def change_span(
    session: Session,
    claim_id: int,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
    statement: str | None = None,
    expect_span: tuple[int, int] | None = None,
) -> Edited[ClaimRecord]:
    rec = claim_spans.change_span(
        session,
        claim_id,
        start,
        end,
        actor=actor,
        expected_version=expected_version,
        statement=statement,
        expect_span=expect_span,
    )
    return Edited(rec, _span_changes(session, rec.article_id, [rec.id]))


def split_claim(
    session: Session,
    claim_id: int,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Edited[claim_spans.Split]:
    done = claim_spans.split_claim(
        session, claim_id, start, end, actor=actor, expected_version=expected_version
    )
    ids = [done.kept.id, done.new.id]
    return Edited(done, _span_changes(session, done.kept.article_id, ids) | ChangeSet(sources=True))


def unsplit_claim(
    session: Session, kept_id: int, new_id: int, before: claim_spans.SpanState, *, actor: str
) -> Edited[claim_spans.Unsplit]:
    undone = claim_spans.unsplit_claim(session, kept_id, new_id, before, actor=actor)
    changes = _span_changes(session, undone.kept.article_id, [kept_id, new_id])
    return Edited(undone, changes | ChangeSet(sources=True))


def resplit_claim(
    session: Session, undone: claim_spans.Unsplit, *, actor: str
) -> Edited[claim_spans.Split]:
    done = claim_spans.resplit_claim(session, undone, actor=actor)
    ids = [done.kept.id, done.new.id]
    return Edited(done, _span_changes(session, done.kept.article_id, ids) | ChangeSet(sources=True))


def merge_claims(
    session: Session,
    claim_id: int,
    other_id: int,
    *,
    actor: str,
    expected_version: int | None = None,
    other_version: int | None = None,
) -> Edited[claim_merge.Merge]:
    done = claim_merge.merge_claims(
        session,
        claim_id,
        other_id,
        actor=actor,
        expected_version=expected_version,
        other_version=other_version,
    )
    changes = _span_changes(session, done.kept.article_id, [claim_id, other_id])
    return Edited(done, changes | ChangeSet(sources=True, groups=True))


def unmerge_claims(
    session: Session, merge: claim_merge.Merge, *, actor: str
) -> Edited[ClaimRecord]:
    rec = claim_merge.unmerge_claims(session, merge, actor=actor)
    changes = _span_changes(session, rec.article_id, [rec.id, merge.removed.claim_id])
    return Edited(rec, changes | ChangeSet(sources=True, groups=True))


# sources: edit, merge, delete when unused ------------------------------------------------------
def edit_source(
    session: Session,
    source_id: int,
    changes: dict[str, Any],
    *,
    expect: dict[str, Any] | None = None,
) -> Edited[SourceRecord]:
    rec = source_edits.edit_source(session, source_id, changes, expect=expect)
    claim_ids = source_edits.users(session, source_id)
    changes_ = ChangeSet(sources=True, evidence=frozenset(claim_ids), claims=frozenset(claim_ids))
    return Edited(rec, changes_)


def merge_sources(
    session: Session, keep_id: int, merge_id: int, *, actor: str
) -> Edited[source_edits.SourceMerge]:
    done = source_edits.merge_sources(session, keep_id, merge_id, actor=actor)
    ids = source_edits.users(session, keep_id)
    return Edited(done, ChangeSet(sources=True, evidence=frozenset(ids), claims=frozenset(ids)))


def unmerge_sources(
    session: Session, merge: source_edits.SourceMerge, *, actor: str
) -> Edited[SourceRecord]:
    rec = source_edits.unmerge_sources(session, merge, actor=actor)
    ids = source_edits.users(session, merge.kept.id) + source_edits.users(session, rec.id)
    return Edited(rec, ChangeSet(sources=True, evidence=frozenset(ids), claims=frozenset(ids)))


def delete_unused_source(session: Session, source_id: int) -> Edited[dict[str, Any]]:
    saved = source_edits.delete_unused_source(session, source_id)
    return Edited(saved, ChangeSet(sources=True))


def restore_source(session: Session, saved: dict[str, Any]) -> Edited[SourceRecord]:
    return Edited(source_edits.restore_source(session, saved), ChangeSet(sources=True))
