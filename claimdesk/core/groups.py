"""The same claim across articles: suggested matches, confirmed groups, shared verdicts.

A group shares one status; evidence is counted over the whole group, so a member without
links of its own takes the group's verdict as "Verdict shared from claim N in group G".
Two claims holding different verdicts cannot be grouped.  docs/search-and-matching.md has
the full rules.  Comparing two statements is the job of a ``core.matcher.StatementMatcher``
the caller gives (``claimdesk.nlp.matching.ENGLISH``): core does not tokenise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, text
from sqlmodel import Session, col, select

from claimdesk.core import search, search_pg
from claimdesk.core.claims import claim_for_write, claim_row, record
from claimdesk.core.matcher import StatementMatcher
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.core.verify import apply_status, as_status, verdict_problem
from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import (
    Claim,
    ClaimGroup,
    ClaimGroupMember,
    Evidence,
    MatchRejection,
)
from claimdesk.store.types import utcnow

CANDIDATES = 30  # full-text candidates scored per lookup


@dataclass(frozen=True)
class Match:
    """A claim elsewhere on the desk that states the same thing."""

    claim_id: int
    article_id: int
    article_title: str
    statement: str
    status: str
    score: float
    reasons: tuple[str, ...]
    summary: str  # "Claim 12 in “Title” (article 4): Disputed on 12 March 2026"
    confirmed: bool = False  # in the same group (the analyst said so), not a suggestion
    verdict_at: datetime | None = None


@dataclass(frozen=True)
class GroupRecord:
    id: int
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class LeftGroup:
    """What ``rejoin_group`` needs to undo ``leave_group``."""

    claim_id: int
    group_id: int
    remaining: tuple[int, ...]


def excluded_claims(session: Session, claim_id: int) -> set[int]:
    """Claims never suggested for ``claim_id``: itself, its group, and rejected pairs."""
    rows = session.execute(
        text(
            "SELECT claim_high FROM match_rejection WHERE claim_low = :c UNION "
            "SELECT claim_low FROM match_rejection WHERE claim_high = :c UNION "
            "SELECT m2.claim_id FROM claim_group_member m1 JOIN claim_group_member m2 "
            "ON m2.group_id = m1.group_id WHERE m1.claim_id = :c"
        ),
        {"c": claim_id},
    )
    return {claim_id} | {r[0] for r in rows}


def _describe(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Statement, status, article and verdict date of each claim."""
    if not ids:
        return {}
    id_list = ", ".join(str(int(i)) for i in ids)
    rows = session.execute(
        text(
            "SELECT c.id, c.statement, c.status, c.article_id, a.title, "
            "(SELECT max(h.at) FROM status_change h WHERE h.claim_id = c.id "
            " AND h.to_status = c.status) FROM claim c JOIN article a ON a.id = c.article_id "
            f"WHERE c.id IN ({id_list})"
        )
    )
    out: dict[int, dict[str, Any]] = {}
    for cid, statement, status, aid, title, at in rows:
        when = datetime.fromisoformat(at).replace(tzinfo=UTC) if isinstance(at, str) else at
        info = STATUS_INFO[Status(status)]
        label = info.label + (f" on {when:%-d %B %Y}" if info.is_verdict and when else "")
        out[cid] = {
            "article_id": aid, "article_title": title, "statement": statement,
            "status": status, "verdict_at": when if info.is_verdict else None,
            "summary": f"Claim {cid} in \u201c{title[:60]}\u201d (article {aid}): {label}",
        }  # fmt: skip
    return out


def find_matches(
    session: Session,
    text_or_claim: str | int,
    *,
    matcher: StatementMatcher,
    exclude_article: int | None = None,
    limit: int = 10,
    min_score: float | None = None,
) -> list[Match]:
    """Suggested matches: the same claim elsewhere on the desk, best first.

    Give a claim id to leave out the claim itself, its confirmed group and the pairs an
    analyst rejected; give text to check a sentence before it becomes a claim.  Matches
    score at least ``min_score``, by default the matcher's threshold.
    """
    own_id = text_or_claim if isinstance(text_or_claim, int) else None
    excluded = excluded_claims(session, own_id) if own_id is not None else set()
    sentence = claim_row(session, own_id).statement if own_id is not None else str(text_or_claim)
    words = matcher.keywords(sentence)
    n = CANDIDATES + len(excluded) + (CANDIDATES if exclude_article is not None else 0)
    # Each dialect's full-text index proposes the candidates; scoring is the same for both.
    on_server = session.get_bind().dialect.name == "postgresql"
    candidates = search_pg.match_candidates if on_server else search.match_candidates
    rows = candidates(session, words, own_id, exclude_article, n)
    least = matcher.threshold if min_score is None else min_score
    results = [(matcher.compare(sentence, st), cid) for cid, st in rows if cid not in excluded]
    scored = [(r, cid) for r, cid in results if r.agrees and r.score >= least]
    scored = sorted(scored, key=lambda pair: -pair[0].score)[:limit]
    info = _describe(session, [cid for _, cid in scored])
    return [Match(claim_id=cid, score=r.score, reasons=r.reasons, **info[cid]) for r, cid in scored]


def summarize(matches: list[Match]) -> str:
    """One line for a claim's matches: "Seen in 3 articles: Disputed on 12 March 2026"."""
    if not matches:
        return "Not seen elsewhere on the desk."
    n = len({m.article_id for m in matches})
    seen = f"Seen in {n} article{'s' if n != 1 else ''}"
    verdicts = [m for m in matches if m.verdict_at is not None]
    if not verdicts:
        return seen + "; no verdict yet."
    last = max(verdicts, key=lambda m: m.verdict_at or datetime.min.replace(tzinfo=UTC))
    return f"{seen}: {STATUS_INFO[Status(last.status)].label} on {last.verdict_at:%-d %B %Y}"


# --- groups ---------------------------------------------------------------------------


def group_of(session: Session, claim_id: int) -> int | None:
    row = session.get(ClaimGroupMember, claim_id)
    return row.group_id if row else None


def members(session: Session, group_id: int) -> list[int]:
    """The group's claims that exist (a deleted claim drops out until it is restored)."""
    sql = "SELECT m.claim_id FROM claim_group_member m JOIN claim c ON c.id = m.claim_id "
    rows = session.execute(text(sql + "WHERE m.group_id = :g ORDER BY 1"), {"g": group_id})
    return [r[0] for r in rows]


def confirmed_matches(session: Session, claim_id: int, *, matcher: StatementMatcher) -> list[Match]:
    """The other members of the claim's group: matches the analyst confirmed."""
    group_id = group_of(session, claim_id)
    if group_id is None:
        return []
    sentence = claim_row(session, claim_id).statement
    others = [m for m in members(session, group_id) if m != claim_id]
    info = _describe(session, others)
    return [
        Match(claim_id=cid, score=matcher.compare(sentence, info[cid]["statement"]).score,
              reasons=("confirmed by an analyst",), confirmed=True, **info[cid])
        for cid in others
    ]  # fmt: skip


def _pair(claim_id: int, other_id: int) -> tuple[int, int]:
    if claim_id == other_id:
        raise ValidationError("A claim is always the same claim as itself; pick another one.")
    return min(claim_id, other_id), max(claim_id, other_id)


def _forget(session: Session, low: int, high: int) -> None:
    pair = (col(MatchRejection.claim_low) == low, col(MatchRejection.claim_high) == high)
    session.execute(delete(MatchRejection).where(*pair))


def _side(session: Session, claim_id: int) -> list[int]:
    group_id = group_of(session, claim_id)
    return members(session, group_id) if group_id is not None else [claim_id]


def _verdict_holder(session: Session, ids: list[int]) -> Claim | None:
    rows = [claim_row(session, i) for i in ids]
    held = [r for r in rows if STATUS_INFO[Status(r.status)].is_verdict]
    return max(held, key=lambda r: r.updated_at) if held else None


def _shared(origin: int, group_id: int, status: Status, rationale: str) -> str:
    what = "Verdict" if STATUS_INFO[status].is_verdict else "Status"
    return f"{what} shared from claim {origin} in group {group_id}: {rationale}".strip()


@operation
def confirm_match(session: Session, claim_id: int, other_id: int, *, actor: str) -> GroupRecord:
    """The analyst says both claims are the same claim: put them in one group."""
    low, high = _pair(claim_id, other_id)
    mine, theirs = _side(session, claim_id), _side(session, other_id)
    held_mine, held_theirs = _verdict_holder(session, mine), _verdict_holder(session, theirs)
    if held_mine and held_theirs and held_mine.status != held_theirs.status:
        raise ValidationError(
            f"Claim {held_mine.id} is {STATUS_INFO[Status(held_mine.status)].label} but claim "
            f"{held_theirs.id} is {STATUS_INFO[Status(held_theirs.status)].label}; give them "
            "the same verdict before grouping them."
        )
    _forget(session, low, high)
    group_id = group_of(session, claim_id) or group_of(session, other_id)
    if group_id is None:
        session.add(group := ClaimGroup(created_by=actor))
        session.flush()
        group_id = int(group.id or 0)
    now = utcnow()
    for cid in {*mine, *theirs}:
        member = session.get(ClaimGroupMember, cid) or ClaimGroupMember(
            claim_id=cid, group_id=group_id, added_by=actor
        )
        old_group, member.group_id = member.group_id, group_id
        session.add(member)
        session.flush()
        if old_group != group_id and not members(session, old_group):
            session.execute(delete(ClaimGroup).where(col(ClaimGroup.id) == old_group))
    holder = held_mine or held_theirs
    if holder is not None:
        assert holder.id is not None
        shared = _shared(holder.id, group_id, Status(holder.status), holder.rationale)
        for row in (claim_row(session, cid) for cid in {*mine, *theirs} - {holder.id}):
            if row.status != holder.status:
                apply_status(session, row, Status(holder.status), shared, actor, now)
    session.flush()
    return GroupRecord(group_id, tuple(members(session, group_id)))


@operation
def reject_match(session: Session, claim_id: int, other_id: int, *, actor: str) -> None:
    """The analyst says "not the same claim": never suggest this pair again."""
    low, high = _pair(claim_id, other_id)
    for cid in (claim_id, other_id):
        claim_row(session, cid)
    group_id = group_of(session, claim_id)
    if group_id is not None and group_id == group_of(session, other_id):
        raise ValidationError(
            f"Claims {claim_id} and {other_id} are in the same group; take one of them out "
            "of the group first."
        )
    _forget(session, low, high)  # saying it twice keeps one row
    session.add(MatchRejection(claim_low=low, claim_high=high, actor=actor))
    session.flush()


@operation
def forget_rejection(session: Session, claim_id: int, other_id: int) -> None:
    """Undo ``reject_match``: the pair may be suggested again."""
    _forget(session, *_pair(claim_id, other_id))


@operation
def leave_group(session: Session, claim_id: int) -> LeftGroup:
    """Take a claim out of its group; it keeps its status and history.  A group left with
    a single claim is dissolved."""
    claim_row(session, claim_id)
    member = session.get(ClaimGroupMember, claim_id)
    if member is None:
        raise NotFoundError(f"Claim {claim_id} is not in a group.")
    group_id = member.group_id
    session.delete(member)
    session.flush()
    remaining = members(session, group_id)
    if len(remaining) < 2:
        session.execute(delete(ClaimGroupMember).where(col(ClaimGroupMember.group_id) == group_id))
        session.execute(delete(ClaimGroup).where(col(ClaimGroup.id) == group_id))
    return LeftGroup(claim_id, group_id, tuple(remaining))


@operation
def rejoin_group(session: Session, left: LeftGroup, *, actor: str) -> GroupRecord:
    """Undo ``leave_group``: the group comes back under its id with the same claims."""
    if session.get(ClaimGroup, left.group_id) is None:
        session.add(ClaimGroup(id=left.group_id, created_by=actor))
        session.flush()
    for cid in (left.claim_id, *left.remaining):
        if session.get(ClaimGroupMember, cid) is None:
            session.add(ClaimGroupMember(claim_id=cid, group_id=left.group_id, added_by=actor))
    session.flush()
    return GroupRecord(left.group_id, tuple(members(session, left.group_id)))


@operation
def set_group_status(
    session: Session,
    claim_id: int,
    status: Status | str,
    *,
    actor: str,
    rationale: str | None = None,
    expected_version: int | None = None,
) -> list[ClaimRecord]:
    """Set the status of a claim and of every claim in its group, in one transaction.

    The others get "Verdict shared from claim N in group G: <rationale>"; evidence counts
    over the group.  A claim outside any group behaves as ``verify.set_status``.
    """
    new = as_status(status)
    # The origin is checked against the version the analyst saw, the other members
    # against the versions read here: any of them changed meanwhile is a conflict.
    origin = claim_for_write(session, claim_id, expected_version, lock=False)
    group_id = group_of(session, claim_id)
    ids = members(session, group_id) if group_id is not None else [claim_id]
    # Every row is read before any is changed: a read after a change would autoflush
    # that UPDATE early, and two writers starting from different members would then
    # lock the rows in opposite orders (a deadlock).  The flush updates in key order.
    others = [claim_for_write(session, cid, None, lock=False) for cid in ids if cid != claim_id]
    new_rationale = origin.rationale if rationale is None else rationale.strip()
    n_evidence = session.exec(
        select(func.count()).select_from(Evidence).where(col(Evidence.claim_id).in_(ids))
    ).one()
    problem = verdict_problem(new, new_rationale, int(n_evidence))
    if problem:
        where = " (counting every claim in its group)" if group_id is not None else ""
        raise ValidationError(problem.rstrip(".") + where + ".")
    now = utcnow()
    apply_status(session, origin, new, new_rationale, actor, now)
    if group_id is not None:
        shared = _shared(claim_id, group_id, new, new_rationale)
        for member in others:
            apply_status(session, member, new, shared, actor, now)
    session.flush()
    return [record(session, claim_row(session, cid)) for cid in ids]
