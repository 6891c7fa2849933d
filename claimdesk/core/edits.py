"""The window's edits: one function per user edit, one transaction, and what it changed.

Each function takes the session first and returns ``Edited(value, changes)``.  The
window's runner calls them off the UI thread and hands ``changes`` to every view; the
undo history calls the same functions again for redo, and their inverses for undo.
These are thin: the rules live in the services they call (``claims``, ``verify``,
``groups``, ``sources``, ``suggestions``, ``team``, ``search``), each of which is one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlmodel import Session

from claimdesk.core import (
    articles,
    backup,
    claims,
    group_undo,
    groups,
    refresh,
    search,
    sources,
    suggestions,
    team,
)
from claimdesk.core.changes import ChangeSet
from claimdesk.core.claims import DeletedClaim
from claimdesk.core.groups import LeftGroup
from claimdesk.core.records import (
    ArticleDraft,
    ArticleInfo,
    ClaimRecord,
    EvidenceRecord,
    SourceRecord,
    Suggestion,
)
from claimdesk.core.refresh import RefreshResult
from claimdesk.core.sources import SourceDraft
from claimdesk.errors import ConflictError, ImportFailed, NotFoundError

T = TypeVar("T")


@dataclass(frozen=True)
class Edited(Generic[T]):
    value: T
    changes: ChangeSet


def _claims(session: Session, ids: list[int] | tuple[int, ...]) -> list[ClaimRecord]:
    out = []
    for cid in ids:
        try:
            out.append(claims.get_claim(session, cid))
        except NotFoundError:
            continue
    return out


# claims ---------------------------------------------------------------------------------
def create_claim(
    session: Session, article_id: int, start: int, end: int, *, actor: str, **fields: Any
) -> Edited[ClaimRecord]:
    rec = claims.create_claim(session, article_id, start, end, actor=actor, **fields)
    return Edited(rec, ChangeSet.claim_list(article_id, [rec.id]))


def accept_suggestion(
    session: Session, article_id: int, s: Suggestion, *, actor: str
) -> Edited[ClaimRecord]:
    rec = suggestions.accept_suggestion(session, article_id, s, actor=actor)
    return Edited(rec, ChangeSet.claim_list(article_id, [rec.id]))


def delete_claim(session: Session, claim_id: int) -> Edited[DeletedClaim]:
    deleted = claims.delete_claim(session, claim_id)
    article_id = int(deleted.claim["article_id"])
    changes = ChangeSet.claim_list(article_id, [claim_id]) | ChangeSet(sources=True)
    return Edited(deleted, changes)


def restore_claim(session: Session, deleted: DeletedClaim) -> Edited[ClaimRecord]:
    rec = claims.restore_claim(session, deleted)
    changes = ChangeSet.claim_list(rec.article_id, [rec.id]) | ChangeSet(sources=True)
    return Edited(rec, changes)


def edit_claim(
    session: Session,
    claim_id: int,
    changes: dict[str, Any],
    *,
    expected_version: int | None,
    actor: str = "",
) -> Edited[ClaimRecord]:
    rec = claims.edit_claim(
        session, claim_id, expected_version=expected_version, actor=actor, **changes
    )
    return Edited(rec, ChangeSet.of_claims([rec]))


def set_status(
    session: Session,
    claim_id: int,
    status: str,
    rationale: str | None,
    *,
    actor: str,
    expected_version: int | None,
) -> Edited[ClaimRecord]:
    """In a claim group every member takes the status (one transaction)."""
    recs = groups.set_group_status(
        session,
        claim_id,
        status,
        actor=actor,
        rationale=rationale,
        expected_version=expected_version,
    )
    rec = next(r for r in recs if r.id == claim_id)
    return Edited(rec, ChangeSet.of_claims(recs))


def assign(
    session: Session, claim_id: int, analyst: str, *, actor: str, expected_version: int | None
) -> Edited[ClaimRecord]:
    rec = team.assign_claim(
        session, claim_id, analyst or None, actor=actor, expected_version=expected_version
    )
    return Edited(rec, ChangeSet.of_claims([rec]))


# sources and evidence ----------------------------------------------------------------------
def add_source(
    session: Session, draft: SourceDraft, *, source_id: int | None = None
) -> Edited[SourceRecord]:
    rec = sources.add_source(session, draft, source_id=source_id)
    return Edited(rec, ChangeSet(sources=True))


def delete_source(session: Session, source_id: int) -> Edited[SourceRecord]:
    rec = sources.delete_source(session, source_id)
    return Edited(rec, ChangeSet(sources=True))


def _evidence_changed(session: Session, rec: EvidenceRecord) -> ChangeSet:
    return ChangeSet.of_claims(
        _claims(session, [rec.claim_id]), evidence=[rec.claim_id], sources=True
    )


def link_evidence(
    session: Session,
    claim_id: int,
    source_id: int,
    stance: str,
    *,
    actor: str,
    excerpt: str = "",
    locator: str = "",
    note: str = "",
) -> Edited[EvidenceRecord]:
    rec = sources.link_evidence(
        session,
        claim_id,
        source_id,
        stance,
        actor=actor,
        excerpt=excerpt,
        locator=locator,
        note=note,
    )
    return Edited(rec, _evidence_changed(session, rec))


def link_new_source(
    session: Session,
    claim_id: int,
    draft: SourceDraft,
    stance: str,
    *,
    actor: str,
    excerpt: str = "",
    locator: str = "",
    note: str = "",
) -> Edited[EvidenceRecord]:
    """Add a source and link it as evidence: two transactions, the source removed again
    when the link is refused, so nothing half-made stays on the desk."""
    source = sources.add_source(session, draft)
    try:
        return link_evidence(
            session,
            claim_id,
            source.id,
            stance,
            actor=actor,
            excerpt=excerpt,
            locator=locator,
            note=note,
        )
    except BaseException:
        sources.delete_source(session, source.id)
        raise


def unlink_evidence(session: Session, evidence_id: int) -> Edited[EvidenceRecord]:
    rec = sources.unlink_evidence(session, evidence_id)
    return Edited(rec, _evidence_changed(session, rec))


def restore_evidence(session: Session, rec: EvidenceRecord) -> Edited[EvidenceRecord]:
    back = sources.restore_evidence(session, rec)
    return Edited(back, _evidence_changed(session, back))


def unlink_new_source(session: Session, rec: EvidenceRecord) -> Edited[EvidenceRecord]:
    """The inverse of ``link_new_source``: the link and the source it made both go."""
    gone = sources.unlink_evidence(session, rec.id)
    sources.delete_source(session, rec.source.id)
    return Edited(gone, _evidence_changed(session, gone))


def relink_new_source(
    session: Session, rec: EvidenceRecord, draft: SourceDraft
) -> Edited[EvidenceRecord]:
    """Redo of ``link_new_source`` after an undo: the same source and link, same ids."""
    sources.add_source(session, draft, source_id=rec.source.id)
    back = sources.restore_evidence(session, rec)
    return Edited(back, _evidence_changed(session, back))


# suggestions ---------------------------------------------------------------------------------
def dismiss_suggestion(
    session: Session, article_id: int, s: Suggestion, *, actor: str
) -> Edited[None]:
    suggestions.dismiss_suggestion(session, article_id, s, actor=actor)
    return Edited(None, ChangeSet(dismissed=frozenset({article_id})))


def undismiss_suggestion(session: Session, article_id: int, s: Suggestion) -> Edited[None]:
    suggestions.undismiss_suggestion(session, article_id, s)
    return Edited(None, ChangeSet(dismissed=frozenset({article_id})))


# groups ----------------------------------------------------------------------------------
def _group_changes(session: Session, ids: tuple[int, ...] | list[int]) -> ChangeSet:
    return ChangeSet.of_claims(_claims(session, ids), groups=True) | ChangeSet(
        claims=frozenset(ids), groups=True
    )


def confirm_match(
    session: Session, claim_id: int, other_id: int, *, actor: str
) -> Edited[group_undo.GroupSnapshot]:
    """Group two claims; the value is the snapshot that undo restores."""
    snap = group_undo.snapshot_pair(session, claim_id, other_id)
    groups.confirm_match(session, claim_id, other_id, actor=actor)
    return Edited(snap, _group_changes(session, tuple(snap.claims)))


def restore_groups(session: Session, snap: group_undo.GroupSnapshot, *, actor: str) -> Edited[None]:
    group_undo.restore_snapshot(session, snap, actor=actor)
    return Edited(None, _group_changes(session, tuple(snap.claims)))


def reject_match(session: Session, claim_id: int, other_id: int, *, actor: str) -> Edited[None]:
    groups.reject_match(session, claim_id, other_id, actor=actor)
    return Edited(None, ChangeSet(claims=frozenset({claim_id, other_id}), groups=True))


def forget_rejection(session: Session, claim_id: int, other_id: int) -> Edited[None]:
    groups.forget_rejection(session, claim_id, other_id)
    return Edited(None, ChangeSet(claims=frozenset({claim_id, other_id}), groups=True))


def leave_group(session: Session, claim_id: int) -> Edited[LeftGroup]:
    left = groups.leave_group(session, claim_id)
    return Edited(left, _group_changes(session, (claim_id, *left.remaining)))


def rejoin_group(session: Session, left: LeftGroup, *, actor: str) -> Edited[None]:
    groups.rejoin_group(session, left, actor=actor)
    return Edited(None, _group_changes(session, (left.claim_id, *left.remaining)))


# saved searches ------------------------------------------------------------------------------
def save_search(
    session: Session, name: str, query: str, filters: search.SearchFilters, *, actor: str
) -> Edited[None]:
    search.save_search(session, name, query, filters, actor=actor)
    return Edited(None, ChangeSet(saved_searches=True))


def delete_saved_search(session: Session, saved_id: int) -> Edited[None]:
    search.delete_saved_search(session, saved_id)
    return Edited(None, ChangeSet(saved_searches=True))


# undo and redo of field edits and status changes -------------------------------------------
def change_if_unchanged(
    session: Session,
    claim_id: int,
    expect: dict[str, Any],
    values: dict[str, Any],
    *,
    actor: str,
) -> Edited[ClaimRecord]:
    """Set ``values`` if the claim's fields still hold ``expect``.

    Undo and redo must not overwrite a colleague's change on a team desk.  The check is
    on the fields the command touches (not on the version, which the analyst's own later
    edits also move); the version then makes the save itself race-free.
    """
    current = claims.get_claim(session, claim_id)
    if any(getattr(current, name) != value for name, value in expect.items()):
        raise ConflictError(
            f"claim {claim_id} was changed by someone else since; it was left as they saved it",
            current_version=current.version,
        )
    if "status" in values:
        return set_status(
            session,
            claim_id,
            str(values["status"]),
            values.get("rationale"),
            actor=actor,
            expected_version=current.version,
        )
    return edit_claim(session, claim_id, values, expected_version=current.version, actor=actor)


# articles -------------------------------------------------------------------------------------
def add_article(session: Session, draft: ArticleDraft) -> Edited[ArticleInfo]:
    info = articles.add_article(session, draft)
    return Edited(info, ChangeSet(library=True, articles=frozenset({info.id})))


def refresh_article(
    session: Session, article_id: int, draft: ArticleDraft, *, actor: str
) -> Edited[RefreshResult]:
    """Store a new version of an article and re-anchor its claims (the fetch is done)."""
    result = refresh.refresh_article(session, article_id, draft, actor=actor)
    if not result.changed:
        return Edited(result, ChangeSet())
    changes = ChangeSet.claim_list(article_id) | ChangeSet(library=True)
    return Edited(result, changes)


def import_backup(session: Session, path: Path) -> Edited[backup.ImportSummary]:
    """Restore or merge a claimdesk JSON export."""
    try:
        data = backup.parse(path.read_bytes())
    except OSError as exc:
        raise ImportFailed(f"Cannot read {path}: {exc.strerror}.") from None
    result = backup.import_desk(session, data)
    return Edited(result, ChangeSet(library=True, sources=True, groups=True))
