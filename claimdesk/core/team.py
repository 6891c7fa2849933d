"""Working as a team: assignments, who made each change, and what changed since a poll.

``changes_since`` reads ``desk_change`` (migration 0006), which triggers keep for every
writer.  On SQLite its ``seq`` is max+1 under the single writer lock, so it grows in
commit order.  On PostgreSQL it is the writing transaction's id: transactions commit in
any order, so the cursor handed back is the oldest transaction still running (the
snapshot's xmin) and rows at or after it are read again next time.  A window may see a
change twice, never miss one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from claimdesk.core.claims import claim_for_write, list_claims, record
from claimdesk.core.ops import operation
from claimdesk.core.records import ClaimRecord
from claimdesk.errors import ValidationError
from claimdesk.store.models import Claim, StatusChange
from claimdesk.store.types import utcnow

POLL_SECONDS = 2.0  # how often an open window should call changes_since


class Changes(NamedTuple):
    cursor: int
    claim_ids: tuple[int, ...]  # created, edited, deleted, evidence or history changed
    article_ids: tuple[int, ...]


def current_cursor(session: Session) -> int:
    """The cursor of "now": changes from here on are reported."""
    return changes_since(session, None).cursor


def changes_since(session: Session, cursor: int | None) -> Changes:
    """What changed after ``cursor`` (None: nothing yet, just the cursor of now)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    horizon = 0
    if postgres:
        # First the horizon, then the rows: every transaction older than the horizon has
        # finished and is visible to the (later) read of the rows.
        horizon = int(
            session.execute(
                text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            ).scalar_one()
        )
        if cursor is None:
            return Changes(horizon, (), ())
    elif cursor is None:
        top = session.execute(text("SELECT coalesce(max(seq), 0) FROM desk_change")).scalar_one()
        return Changes(int(top) + 1, (), ())
    rows = session.execute(
        text("SELECT kind, row_id, seq FROM desk_change WHERE seq >= :c ORDER BY seq"),
        {"c": cursor},
    ).all()
    claims = sorted({r.row_id for r in rows if r.kind == "claim"})
    articles = sorted({r.row_id for r in rows if r.kind == "article"})
    # SQLite: one past the newest row read.  PostgreSQL: the horizon (see above).
    new = max(horizon, cursor) if postgres else max([cursor, *(int(r.seq) + 1 for r in rows)])
    return Changes(new, tuple(claims), tuple(articles))


@operation
def assign_claim(
    session: Session,
    claim_id: int,
    analyst: str | None,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRecord:
    """Give a claim to an analyst (None or "" takes it back).  The version moves on, so
    a window holding the old one learns of it, and a history row is written."""
    row = claim_for_write(session, claim_id, expected_version)
    who = (analyst or "").strip() or None
    if who is not None and len(who) > 200:
        raise ValidationError("An analyst's name is at most 200 characters.")
    if row.assigned_to == who:
        return record(session, row)
    now = utcnow()
    note = f"Assigned to {who}." if who else f"No longer assigned to {row.assigned_to}."
    session.add(
        StatusChange(
            claim_id=claim_id,
            from_status=row.status,
            to_status=row.status,
            actor=actor,
            at=now,
            rationale=note,
        )
    )
    row.assigned_to = who
    row.updated_at = now
    session.add(row)
    session.flush()
    return record(session, row)


def assignee(session: Session, claim_id: int) -> str | None:
    return session.exec(select(Claim.assigned_to).where(Claim.id == claim_id)).first()


def claims_assigned_to(
    session: Session, analyst: str | None, **filters: object
) -> list[ClaimRecord]:
    """``list_claims`` narrowed to one analyst's claims (None: the unassigned ones).

    Takes the same keyword filters as ``claims.list_claims``.
    """
    ids_query = select(Claim.id)
    if analyst is None:
        ids_query = ids_query.where(col(Claim.assigned_to).is_(None))
    else:
        ids_query = ids_query.where(col(Claim.assigned_to) == analyst)
    wanted = set(session.exec(ids_query))
    return [c for c in list_claims(session, **filters) if c.id in wanted]  # type: ignore[arg-type]


def workload(session: Session) -> dict[str, int]:
    """Open claims per analyst, for the team panel."""
    rows = session.exec(
        select(Claim.assigned_to, func.count())
        .where(col(Claim.assigned_to).is_not(None))
        .group_by(col(Claim.assigned_to))
    )
    return {str(who): int(n) for who, n in rows}


@dataclass(frozen=True)
class TeamHistoryEntry:
    at: datetime
    from_status: str | None
    to_status: str
    rationale: str
    actor: str  # the name the service was given
    actor_user: str  # the server user the change was made as ("" on a local desk)
    actor_name: str  # the display name of that user's profile

    @property
    def who(self) -> str:
        """The analyst, by the one name they act under (display name or --user)."""
        return self.actor_name or self.actor

    @property
    def detail(self) -> str:
        """Who that was on the server, for a tooltip: 'database role ana_db'."""
        return f"database role {self.actor_user}" if self.actor_user else ""


def team_history(session: Session, claim_id: int) -> list[TeamHistoryEntry]:
    rows = session.exec(
        select(StatusChange)
        .where(StatusChange.claim_id == claim_id)
        .order_by(col(StatusChange.at), col(StatusChange.id))
    )
    return [
        TeamHistoryEntry(
            r.at,
            r.from_status,
            r.to_status,
            r.rationale,
            r.actor,
            r.actor_user or "",
            r.actor_name or "",
        )
        for r in rows
    ]


# who saved what, and field-level merging ---------------------------------------------------
MERGED_FIELDS = (
    "statement",
    "claimant",
    "claim_date",
    "tags",
    "priority",
    "status",
    "rationale",
    "assigned_to",
)


def saved_by(session: Session, claim_id: int) -> str | None:
    """The analyst whose save made the claim's current version (None: not recorded)."""
    return session.exec(select(Claim.saved_by).where(Claim.id == claim_id)).first()


def comparable(name: str, value: object) -> object:
    """A field's value in one form, so that (), [] and None, or None and "", agree."""
    if name == "tags":
        return tuple(value or ())  # type: ignore[arg-type]
    if name in ("claimant", "claim_date", "assigned_to", "rationale"):
        return str(value or "").strip()
    if name == "statement":
        return " ".join(str(value or "").split())
    if name == "priority":
        return int(value or 0)  # type: ignore[call-overload]
    return value


def clashing_fields(
    base: dict[str, object] | None, theirs: dict[str, object], mine: dict[str, object]
) -> list[str]:
    """The fields of ``mine`` that the other analyst also changed, to something else.

    A three-way merge by field: a field they left as it was in ``base`` (the version the
    analyst started from) takes mine without asking; one they changed to what I typed is
    no clash either.  Without the base every field that differs from theirs clashes."""
    out = []
    for name, value in mine.items():
        mine_v, theirs_v = comparable(name, value), comparable(name, theirs.get(name))
        if mine_v == theirs_v:
            continue
        if base is not None and name in base and comparable(name, base[name]) == theirs_v:
            continue
        out.append(name)
    return out
