"""Claims: creating them from a span of an article, editing, deleting and restoring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from claimdesk.core.anchoring import (
    describe,
)
from claimdesk.core.claim_notes import HISTORY_FIELDS, note_change, shown
from claimdesk.core.claim_text import MAX_STATEMENT as MAX_STATEMENT
from claimdesk.core.claim_text import checked_statement as checked_statement
from claimdesk.core.claim_text import clean_tags, reanchor
from claimdesk.core.claim_text import locate_quote as locate_quote
from claimdesk.core.convert import claim_record
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.core.vocab import Status
from claimdesk.errors import ConflictError, NotFoundError, ValidationError
from claimdesk.store.models import Article, Claim, Evidence, StatusChange
from claimdesk.store.types import utcnow
from claimdesk.store.versioning import set_version

EDITABLE = (
    "statement",
    "claimant",
    "claim_date",
    "rationale",
    "priority",
    "tags",
    "kinds",
    "facets",
)


def claim_row(session: Session, claim_id: int) -> Claim:
    row = session.get(Claim, claim_id)
    if row is None:
        raise NotFoundError(f"There is no claim {claim_id}; it may have been deleted.")
    return row


def claim_for_write(
    session: Session, claim_id: int, expected_version: int | None, *, lock: bool = True
) -> Claim:
    """The claim as committed now, to be changed by a service.

    With ``expected_version`` (the version the analyst saw) a claim that has moved on is
    refused at once; otherwise the loaded version is the one the mapping's UPDATE checks
    (``WHERE version = :loaded``), so a commit between this read and the write is a
    conflict too.  Without it the caller wants the claim as it is: on PostgreSQL the row
    is then read ``FOR UPDATE`` (when ``lock``) so a concurrent writer waits instead of
    conflicting.  Group operations pass ``lock=False``: their rows are updated in key
    order at flush, and locking some at read time could deadlock two of them.
    ``populate_existing`` replaces a stale copy a long-lived session may still hold.
    """
    row = session.get(
        Claim,
        claim_id,
        populate_existing=True,
        with_for_update=lock and expected_version is None,
    )
    if row is None:
        raise NotFoundError(f"There is no claim {claim_id}; it may have been deleted.")
    check_version(row, expected_version)
    return row


def _evidence_counts(session: Session, claim_ids: Sequence[int]) -> dict[int, int]:
    if not claim_ids:
        return {}
    stmt = (
        select(Evidence.claim_id, func.count())
        .where(col(Evidence.claim_id).in_(list(claim_ids)))
        .group_by(col(Evidence.claim_id))
    )
    return {claim_id: n for claim_id, n in session.exec(stmt)}


def record(session: Session, row: Claim) -> ClaimRecord:
    from claimdesk.core.group_evidence import shared_counts

    assert row.id is not None
    shared = shared_counts(session, [row.id]).get(row.id, 0)
    return claim_record(row, _evidence_counts(session, [row.id]).get(row.id, 0), shared)


@operation
def create_claim(
    session: Session,
    article_id: int,
    start: int,
    end: int,
    *,
    actor: str,
    statement: str | None = None,
    claimant: str | None = None,
    claim_date: str | None = None,
    kinds: Iterable[str] = (),
    facets: dict[str, Any] | None = None,
    tags: Iterable[str] = (),
    priority: int = 0,
) -> ClaimRecord:
    """Make the span ``text[start:end]`` of an article a tracked claim."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"There is no article {article_id}.")
    text = article.text
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            f"The selection {start}-{end} is outside the article (0-{len(text)})."
        )
    if not text[start:end].strip():
        raise ValidationError("The selection is only white space; select the words of the claim.")
    selectors = describe(text, start, end)
    if statement is None:  # the quote itself; a very long one is shortened, not refused
        statement = " ".join(text[start:end].split())[:MAX_STATEMENT]
    statement = statement.strip()
    if not statement:
        raise ValidationError("A claim needs a statement.")
    now = utcnow()
    row = Claim(
        article_id=article_id,
        quote_exact=selectors.quote.exact,
        quote_prefix=selectors.quote.prefix,
        quote_suffix=selectors.quote.suffix,
        pos_start=start,
        pos_end=end,
        statement=checked_statement(statement),
        claimant=(claimant or "").strip() or None,
        claim_date=claim_date,
        status=Status.UNVERIFIED.value,
        priority=priority,
        tags=clean_tags(tags),
        kinds=list(kinds),
        facets=dict(facets or {}),
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    session.add(
        StatusChange(
            claim_id=row.id,
            from_status=None,
            to_status=row.status,
            actor=actor,
            at=now,
            rationale="Claim created.",
        )
    )
    session.flush()
    return claim_record(row, 0)


def create_claim_by_quote(
    session: Session, article_id: int, quote: str, *, actor: str, **fields: Any
) -> ClaimRecord:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"There is no article {article_id}.")
    start, end = locate_quote(article.text, quote)
    return create_claim(session, article_id, start, end, actor=actor, **fields)


def check_version(row: Claim, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"Claim {row.id} was changed by someone else since you opened it "
            f"(version {row.version}, yours was {expected_version}).",
            current_version=row.version,
        )


@operation
def edit_claim(
    session: Session,
    /,
    claim_id: int,
    *,
    expected_version: int | None = None,
    actor: str = "",
    **changes: Any,
) -> ClaimRecord:
    """Change the analyst's fields of a claim (not its status: see ``set_status``); a
    change of statement, claimant, date or tags goes to its history with ``actor``."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    row = claim_for_write(session, claim_id, expected_version)
    if "statement" in changes:
        statement = " ".join(str(changes["statement"]).split())
        if not statement:
            raise ValidationError("A claim needs a statement; it cannot be empty.")
        changes["statement"] = checked_statement(statement)
    if "tags" in changes:
        changes["tags"] = clean_tags(changes["tags"])
    if "claimant" in changes:
        changes["claimant"] = (changes["claimant"] or "").strip() or None
    if "priority" in changes and not 0 <= int(changes["priority"]) <= 3:
        raise ValidationError("Priority is 0 (none) to 3 (high).")
    now = utcnow()
    for name, value in changes.items():
        old = getattr(row, name)
        if name in HISTORY_FIELDS and old != value:
            note_change(
                session,
                row,
                f"{HISTORY_FIELDS[name]} changed from \u201c{shown(old)}\u201d to "
                f"\u201c{shown(value)}\u201d.",
                actor,
                now,
            )
        setattr(row, name, list(value) if name in ("kinds",) else value)
    row.updated_at = now
    session.add(row)
    session.flush()
    return record(session, row)


@dataclass(frozen=True)
class DeletedClaim:
    """Everything needed to put a deleted claim back exactly as it was."""

    claim: dict[str, Any]
    evidence: tuple[dict[str, Any], ...]
    history: tuple[dict[str, Any], ...]

    @property
    def claim_id(self) -> int:
        return int(self.claim["id"])


def _as_dict(row: Any) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}


@operation
def delete_claim(session: Session, claim_id: int) -> DeletedClaim:
    """Delete a claim with its evidence links and history; ``restore_claim`` undoes it."""
    return delete_claim_rows(session, claim_id)


def delete_claim_rows(session: Session, claim_id: int) -> DeletedClaim:
    """``delete_claim`` inside a larger operation (it does not commit)."""
    row = claim_row(session, claim_id)
    evidence = session.exec(select(Evidence).where(Evidence.claim_id == claim_id)).all()
    history = session.exec(select(StatusChange).where(StatusChange.claim_id == claim_id)).all()
    snapshot = DeletedClaim(
        claim=_as_dict(row),
        evidence=tuple(_as_dict(e) for e in evidence),
        history=tuple(_as_dict(h) for h in history),
    )
    # Explicit statements in child-first order: the rows have no ORM relationships, so the
    # unit of work would not know to delete children before their claim.
    session.execute(delete(Evidence).where(col(Evidence.claim_id) == claim_id))
    session.execute(delete(StatusChange).where(col(StatusChange.claim_id) == claim_id))
    session.execute(delete(Claim).where(col(Claim.id) == claim_id))
    session.expunge(row)
    return snapshot


@operation
def restore_claim(session: Session, deleted: DeletedClaim) -> ClaimRecord:
    """Put a deleted claim back with the same id, evidence links and history.

    The article may have changed since (a refresh): the quote is then found again in
    the current text, or the claim comes back flagged as an orphan, never at offsets that
    now point at other words.
    """
    return restore_claim_rows(session, deleted)


def restore_claim_rows(session: Session, deleted: DeletedClaim) -> ClaimRecord:
    """``restore_claim`` inside a larger operation (it does not commit)."""
    if session.get(Claim, deleted.claim_id) is not None:
        raise ValidationError(f"Claim {deleted.claim_id} already exists.")
    row = Claim(**deleted.claim)
    article = session.get(Article, row.article_id)
    if article is None:
        raise NotFoundError(f"The article of claim {row.id} no longer exists.")
    from claimdesk.core.wording_flag import note_new_words

    old_quote = row.quote_exact
    reanchor(row, article.text)
    note = (
        None
        if row.orphaned
        else note_new_words(row, old_quote, version=None, actor=row.created_by or "", now=utcnow())
    )
    session.add(row)
    session.flush()
    # The claim comes back exactly as it was, version included (the ORM inserts 1).
    set_version(session, row, int(deleted.claim["version"]))
    session.add_all(Evidence(**e) for e in deleted.evidence)
    session.add_all(StatusChange(**h) for h in deleted.history)
    if note is not None:
        session.add(note)
    session.flush()
    return record(session, row)


def get_claim(session: Session, claim_id: int) -> ClaimRecord:
    return record(session, claim_row(session, claim_id))


def list_claims(
    session: Session,
    *,
    article_id: int | None = None,
    statuses: Iterable[str] = (),
    tag: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ClaimRecord]:
    """Claims in text order (by article, then position).

    Reads plain rows rather than ORM objects: listing tens of thousands of claims is
    several times faster without the identity map, and records are all we return.
    """
    table = Claim.__table__  # type: ignore[attr-defined]
    n_evidence = (
        select(func.count())
        .where(col(Evidence.claim_id) == table.c.id)
        .correlate(table)
        .scalar_subquery()
        .label("n_evidence")
    )
    stmt = select(table, n_evidence)
    if article_id is not None:
        stmt = stmt.where(table.c.article_id == article_id)
    wanted = [str(s) for s in statuses]
    if wanted:
        stmt = stmt.where(table.c.status.in_(wanted))
    stmt = stmt.order_by(table.c.article_id, table.c.pos_start, table.c.id)
    if tag is None:
        stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
    rows = list(session.execute(stmt))
    if tag is not None:  # tags are a JSON list; filter here to stay portable across databases
        rows = [r for r in rows if tag in (r.tags or [])]
        rows = rows[offset : None if limit is None else offset + limit]
    from claimdesk.core.group_evidence import shared_counts

    shared = shared_counts(session, [row.id for row in rows])
    return [
        claim_record(row, row.n_evidence or 0, shared.get(row.id, 0))  # type: ignore[arg-type]
        for row in rows
    ]
