"""A claim's words: change its span, split it in two at a selection, merge two adjacent
claims.  Each is one transaction with history rows, and each has its inverse for undo.

A statement that was the quote itself (the default) follows the new quote; one the
analyst wrote is kept.  Versions are checked as for every claim edit, so on a team desk
a colleague's newer version is a conflict, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from claimdesk.core.anchoring import describe
from claimdesk.core.claim_notes import note_change
from claimdesk.core.claims import (
    DeletedClaim,
    checked_statement,
    claim_for_write,
    delete_claim_rows,
    record,
    restore_claim_rows,
)
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.errors import ConflictError, ValidationError
from claimdesk.store.models import Article, Claim, Evidence, StatusChange
from claimdesk.store.types import utcnow


@dataclass(frozen=True)
class SpanState:
    """What a claim's words were, to put them back."""

    start: int
    end: int
    statement: str
    tags: tuple[str, ...] = ()


def _short(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _folded(text: str) -> str:
    return " ".join(text.split())


def _state(row: Claim) -> SpanState:
    return SpanState(row.pos_start, row.pos_end, row.statement, tuple(row.tags or ()))


def _text(session: Session, row: Claim) -> str:
    article = session.get(Article, row.article_id)
    assert article is not None  # the claim's foreign key keeps it
    return article.text


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _place(row: Claim, text: str, start: int, end: int, statement: str | None = None) -> None:
    """Give ``row`` the span ``text[start:end]``; its statement follows a quote it was."""
    old_quote = _folded(row.quote_exact)
    sel = describe(text, start, end)
    if statement is None:
        statement = _folded(text[start:end]) if _folded(row.statement) == old_quote else None
    row.pos_start, row.pos_end = start, end
    row.quote_exact, row.quote_prefix, row.quote_suffix = (
        sel.quote.exact,
        sel.quote.prefix,
        sel.quote.suffix,
    )
    row.orphaned = False
    if statement is not None:
        row.statement = checked_statement(statement)
    row.updated_at = utcnow()


def _check_span(text: str, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(text)):
        raise ValidationError(
            f"The selection {start}-{end} is outside the article (0-{len(text)}); "
            "nothing was changed."
        )
    start, end = _trim(text, start, end)
    if start >= end:
        raise ValidationError("The selection is only white space; select the words of the claim.")
    return start, end


# the span ------------------------------------------------------------------------------------
@operation
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
) -> ClaimRecord:
    """Move a claim onto ``text[start:end]`` (a new selection), re-describing its anchor.

    ``expect_span`` (undo and redo) refuses when the claim no longer has the span the
    command left it with; ``statement`` puts back a statement exactly (undo)."""
    row = claim_for_write(session, claim_id, expected_version)
    if expect_span is not None and (row.pos_start, row.pos_end) != tuple(expect_span):
        raise ConflictError(
            f"Claim {claim_id}'s quote was changed by someone else since; it was left as "
            "they saved it.",
            current_version=row.version,
        )
    text = _text(session, row)
    start, end = _check_span(text, start, end)
    if (start, end) == (row.pos_start, row.pos_end) and statement is None:
        return record(session, row)
    old = row.quote_exact
    _place(row, text, start, end, statement)
    note_change(
        session,
        row,
        f"Quote changed from \u201c{_short(old)}\u201d to \u201c{_short(row.quote_exact)}\u201d.",
        actor,
    )
    session.add(row)
    session.flush()
    return record(session, row)


# splitting -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Split:
    kept: ClaimRecord
    new: ClaimRecord
    before: SpanState


def split_point(claim_start: int, claim_end: int, start: int, end: int) -> int:
    """Where a selection splits a claim: at its start, or at its end when it starts
    where the claim does.  A selection outside the claim is refused."""
    if start < claim_start or end > claim_end or start >= end:
        raise ValidationError(
            f"The selection ({start}-{end}) is not inside the claim ({claim_start}-"
            f"{claim_end}); select the words where it should split. Nothing was changed."
        )
    point = start if start > claim_start else end
    if not claim_start < point < claim_end:
        raise ValidationError(
            "Select part of the claim, not all of it: the claim splits where the "
            "selection begins (or ends, when it starts with the claim). Nothing was changed."
        )
    return point


def _copy_claim(row: Claim, actor: str, now: Any) -> Claim:
    return Claim(
        article_id=row.article_id,
        quote_exact=row.quote_exact,
        pos_start=row.pos_start,
        pos_end=row.pos_end,
        statement=row.statement,
        claimant=row.claimant,
        claim_date=row.claim_date,
        status=row.status,
        rationale=row.rationale,
        priority=row.priority,
        tags=list(row.tags or []),
        kinds=list(row.kinds or []),
        facets=dict(row.facets or {}),
        created_by=actor,
        created_at=now,
        updated_at=now,
        assigned_to=row.assigned_to,
    )


def copy_evidence(session: Session, source_claim: int, target_claim: int, actor: str) -> list[int]:
    """Copy evidence links not already on the target; the new links' ids."""
    have = {
        (e.source_id, e.stance, e.excerpt, e.locator)
        for e in session.exec(select(Evidence).where(Evidence.claim_id == target_claim))
    }
    made = []
    for e in session.exec(
        select(Evidence).where(Evidence.claim_id == source_claim).order_by(col(Evidence.id))
    ).all():
        if (e.source_id, e.stance, e.excerpt, e.locator) in have:
            continue
        copy = Evidence(
            claim_id=target_claim,
            source_id=e.source_id,
            stance=e.stance,
            excerpt=e.excerpt,
            locator=e.locator,
            note=e.note,
            created_by=actor,
            created_at=utcnow(),
        )
        session.add(copy)
        session.flush()
        assert copy.id is not None
        made.append(copy.id)
    return made


@operation
def split_claim(
    session: Session,
    claim_id: int,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Split:
    """Split a claim in two at a selection inside it: the words before the split stay
    this claim, the rest become a new claim with the same status, fields and evidence."""
    row = claim_for_write(session, claim_id, expected_version)
    text = _text(session, row)
    point = split_point(row.pos_start, row.pos_end, start, end)
    first = _trim(text, row.pos_start, point)
    second = _trim(text, point, row.pos_end)
    if first[0] >= first[1] or second[0] >= second[1]:
        raise ValidationError(
            "Both parts of a split need words; split between words. Nothing was changed."
        )
    before = _state(row)
    old_quote = row.quote_exact
    now = utcnow()
    new = _copy_claim(row, actor, now)
    _place(new, text, *second)
    if _folded(row.statement) != _folded(old_quote):
        new.statement = row.statement  # the analyst's own words: both parts keep them
    _place(row, text, *first)
    session.add(row)
    session.add(new)
    session.flush()
    assert new.id is not None
    copy_evidence(session, claim_id, new.id, actor)
    note_change(
        session,
        row,
        f"Split: the quote \u201c{_short(old_quote)}\u201d became \u201c{_short(row.quote_exact)}"
        f"\u201d; the rest is claim {new.id}.",
        actor,
        now,
    )
    session.add(
        StatusChange(
            claim_id=new.id,
            from_status=None,
            to_status=new.status,
            actor=actor,
            at=now,
            rationale=f"Split from claim {claim_id} (\u201c{_short(old_quote)}\u201d).",
        )
    )
    session.flush()
    return Split(record(session, row), record(session, new), before)


@dataclass(frozen=True)
class Unsplit:
    kept: ClaimRecord
    removed: DeletedClaim
    after: SpanState  # the kept claim's words after the split (for redo)


@operation
def unsplit_claim(
    session: Session, kept_id: int, new_id: int, before: SpanState, *, actor: str
) -> Unsplit:
    """Undo of a split: the new claim goes, the kept one gets its words back."""
    row = claim_for_write(session, kept_id, None)
    after = _state(row)
    removed = delete_claim_rows(session, new_id)
    text = _text(session, row)
    _place(row, text, before.start, before.end, before.statement)
    note_change(session, row, f"Split undone: claim {new_id} joined back.", actor)
    session.add(row)
    session.flush()
    return Unsplit(record(session, row), removed, after)


@operation
def resplit_claim(session: Session, undone: Unsplit, *, actor: str) -> Split:
    """Redo of a split after its undo: the same new claim, under its old id."""
    row = claim_for_write(session, undone.kept.id, None)
    before = _state(row)
    text = _text(session, row)
    _place(row, text, undone.after.start, undone.after.end, undone.after.statement)
    note_change(session, row, f"Split again: the rest is claim {undone.removed.claim_id}.", actor)
    session.add(row)
    session.flush()
    new = restore_claim_rows(session, undone.removed)
    return Split(record(session, row), new, before)
