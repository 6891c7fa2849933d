"""Keeping the sources tidy: correct a source's fields, merge a duplicate into the one
kept (its evidence moves, with a history row on each claim), delete one no evidence uses.

Each returns what its undo needs; a field changed by someone else since the analyst
looked is a conflict, as for claims.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from claimdesk.core.article_edits import parse_published
from claimdesk.core.claim_notes import note_change
from claimdesk.core.claims import claim_row
from claimdesk.core.convert import source_record
from claimdesk.core.ops import operation
from claimdesk.core.records import SourceRecord
from claimdesk.core.urls import check_url
from claimdesk.core.vocab import SourceKind, parse_enum
from claimdesk.errors import ConflictError, NotFoundError, ValidationError
from claimdesk.store.models import Evidence, Source

FIELDS = ("url", "title", "publisher", "author", "published_at", "kind", "notes")


def _row(session: Session, source_id: int) -> Source:
    row = session.get(Source, source_id, populate_existing=True)
    if row is None:
        raise NotFoundError(f"There is no source {source_id}; it may have been deleted.")
    return row


def _clean(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(
            f"These source fields cannot be edited: {', '.join(sorted(unknown))}."
        )
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "published_at":
            out[name] = parse_published(value) if isinstance(value, str) else value
        elif name == "url":
            out[name] = check_url(str(value or "").strip() or None)
        elif name == "kind":
            try:
                out[name] = parse_enum(SourceKind, str(value), "source kind").value
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
        elif name == "notes":
            out[name] = str(value or "").strip()
        elif name == "title":
            out[name] = " ".join(str(value or "").split())
        else:
            out[name] = " ".join(str(value or "").split()) or None
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.astimezone(UTC) == b.astimezone(UTC)
    return bool(a == b)


@operation
def edit_source(
    session: Session,
    source_id: int,
    changes: dict[str, Any],
    *,
    expect: dict[str, Any] | None = None,
) -> SourceRecord:
    clean = _clean(changes)
    row = _row(session, source_id)
    for name, seen in (expect or {}).items():
        if name in FIELDS and not _same(getattr(row, name), seen):
            raise ConflictError(
                f"The {name.replace('_', ' ')} of source {source_id} was changed by someone "
                "else since you opened it; it was left as they saved it."
            )
    for name, value in clean.items():
        setattr(row, name, value)
    if not row.title and not row.url:
        raise ValidationError("A source needs a title or a web address; nothing was changed.")
    if not row.title:
        row.title = row.url or ""
    session.add(row)
    session.flush()
    return source_record(row)


def source_values(rec: SourceRecord) -> dict[str, Any]:
    return {name: getattr(rec, name) for name in FIELDS}


def users(session: Session, source_id: int) -> list[int]:
    """The claims whose evidence cites a source, in id order."""
    ids = session.exec(
        select(Evidence.claim_id).where(Evidence.source_id == source_id).distinct()
    ).all()
    return sorted(int(i) for i in ids)


# merging ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceMerge:
    kept: SourceRecord
    removed: dict[str, Any]  # the merged source's row, to put back
    moved: tuple[int, ...]  # evidence links that now cite the kept source


def _as_dict(row: Source) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in Source.__table__.columns}  # type: ignore[attr-defined]


def _note_claims(
    session: Session, evidence_ids: list[int] | tuple[int, ...], note: str, actor: str
) -> None:
    if not evidence_ids:
        return
    claim_ids = session.exec(
        select(Evidence.claim_id).where(col(Evidence.id).in_(list(evidence_ids))).distinct()
    ).all()
    for claim_id in sorted(claim_ids):
        note_change(session, claim_row(session, int(claim_id)), note, actor)


@operation
def merge_sources(session: Session, keep_id: int, merge_id: int, *, actor: str) -> SourceMerge:
    """Merge source ``merge_id`` into ``keep_id``: its evidence links cite the kept
    source from now on, each claim concerned gets a history row, and it is deleted."""
    if keep_id == merge_id:
        raise ValidationError("A source cannot be merged into itself; choose another one.")
    kept = _row(session, keep_id)
    gone = _row(session, merge_id)
    moved = [
        int(i)
        for i in session.exec(select(Evidence.id).where(Evidence.source_id == merge_id)).all()
        if i is not None
    ]
    removed = _as_dict(gone)
    if moved:
        session.execute(
            update(Evidence).where(col(Evidence.id).in_(moved)).values(source_id=keep_id)
        )
    _note_claims(
        session,
        moved,
        f"Evidence source \u201c{gone.title}\u201d (source {merge_id}) merged into "
        f"\u201c{kept.title}\u201d (source {keep_id}).",
        actor,
    )
    session.delete(gone)
    session.flush()
    return SourceMerge(source_record(kept), removed, tuple(moved))


@operation
def unmerge_sources(session: Session, merge: SourceMerge, *, actor: str) -> SourceRecord:
    """Undo of a merge: the merged source comes back and its evidence cites it again."""
    source_id = int(merge.removed["id"])
    if session.get(Source, source_id) is not None:
        raise ValidationError(f"Source {source_id} already exists.")
    row = Source(**merge.removed)
    session.add(row)
    session.flush()
    if merge.moved:
        session.execute(
            update(Evidence)
            .where(col(Evidence.id).in_(list(merge.moved)))
            .values(source_id=source_id)
        )
    _note_claims(session, merge.moved, f"Source merge undone: source {source_id} is back.", actor)
    session.flush()
    return source_record(row)


# deleting --------------------------------------------------------------------------------------
@operation
def delete_unused_source(session: Session, source_id: int) -> dict[str, Any]:
    """Delete a source no evidence cites; otherwise say which claims cite it."""
    row = _row(session, source_id)
    cited = users(session, source_id)
    if cited:
        which = ", ".join(str(c) for c in cited[:10]) + ("\u2026" if len(cited) > 10 else "")
        raise ValidationError(
            f"Source {source_id} (\u201c{row.title}\u201d) is evidence for claim"
            f"{'s' if len(cited) > 1 else ''} {which}; unlink it there first. "
            "Nothing was deleted."
        )
    saved = _as_dict(row)
    session.delete(row)
    session.flush()
    return saved


@operation
def restore_source(session: Session, saved: dict[str, Any]) -> SourceRecord:
    if session.get(Source, int(saved["id"])) is not None:
        raise ValidationError(f"Source {saved['id']} already exists.")
    row = Source(**saved)
    if row.snapshot and not row.snapshot_sha256:
        row.snapshot_sha256 = hashlib.sha256(row.snapshot).hexdigest()
    session.add(row)
    session.flush()
    return source_record(row)
