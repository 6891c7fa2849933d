"""Every UPDATE of a claim, whichever service issues it, checks the version it read, and
stale writes are ConflictErrors that say whose row moved on.  On both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from claimdesk.core import articles, backup, claims, groups, refresh, team, verify
from claimdesk.core.group_undo import restore_snapshot, snapshot_pair
from claimdesk.core.ops import operation
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ConflictError
from claimdesk.store.engine import Store
from claimdesk.store.models import Claim

TEXT = "Wages rose 4% in 2025. Rents fell 2% in 2024. Prices rose 3% in 2025."
UPDATE_CLAIM = re.compile(r"^\s*UPDATE claim\b", re.IGNORECASE)
CHECKED = re.compile(r"\bWHERE\b.*\bclaim\.version = ", re.IGNORECASE | re.DOTALL)


@pytest.fixture
def claim_updates(store: Store) -> Iterator[list[str]]:
    """The SQL of every UPDATE of the claim table the desk sends."""
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if UPDATE_CLAIM.match(statement):
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    yield seen
    event.remove(store.engine, "before_cursor_execute", record)


def _desk(session: Session) -> tuple[int, list[int]]:
    aid = articles.add_article(session, ArticleDraft(text=TEXT)).id
    quotes = ("Wages rose 4% in 2025.", "Rents fell 2% in 2024.", "Prices rose 3% in 2025.")
    return aid, [claims.create_claim_by_quote(session, aid, q, actor="ana").id for q in quotes]


def test_every_service_that_updates_a_claim_checks_its_version(
    store: Store, session: Session, claim_updates: list[str], tmp_path: Path
) -> None:
    aid, (a, b, c) = _desk(session)
    claims.edit_claim(session, a, expected_version=1, statement="Wages rose 4 percent")
    claims.edit_claim(session, b, priority=2)
    verify.set_status(session, a, "in_progress", actor="ana", expected_version=2)
    team.assign_claim(session, b, "ben", actor="ana")
    snap = snapshot_pair(session, a, c)
    groups.confirm_match(session, a, c, actor="ana")  # c takes a's status
    groups.set_group_status(session, c, "unverified", actor="ana", rationale="again")
    restore_snapshot(session, snap, actor="ana")
    moved = "Update: " + TEXT
    refresh.refresh_article(session, aid, ArticleDraft(text=moved), actor="ana")  # re-anchors
    claims.restore_claim(session, claims.delete_claim(session, b))
    assert len(claim_updates) >= 10
    unchecked = [s for s in claim_updates if not CHECKED.search(s)]
    assert unchecked == []
    # Each change moved a version by one, nothing twice or not at all.  a: edit, status,
    # the group's status, the snapshot, the refresh; b: edit, assignment, refresh (a
    # restore keeps the version); c: the group's status, the snapshot, the refresh.
    versions = [claims.get_claim(session, i).version for i in (a, b, c)]
    assert versions == [6, 4, 4]

    # A backup restored into an empty desk keeps each claim's version.
    data = backup.parse(backup.dumps(backup.dump_desk(session)))
    other = Store.open(str(tmp_path / "restored.sqlite3"))
    try:
        with other.session() as restored:
            backup.import_desk(restored, data)
            assert [claims.get_claim(restored, i).version for i in (a, b, c)] == versions
    finally:
        other.close()


def test_a_stale_write_names_the_claim_and_its_current_version(store: Store) -> None:
    with store.session() as mine:
        _aid, (a, _b, _c) = _desk(mine)
        held = claims.claim_row(mine, a)  # a long-lived session holds it at version 1
        with store.session() as theirs:
            claims.edit_claim(theirs, a, statement="Moved on once")
            claims.edit_claim(theirs, a, statement="Moved on twice")

        @operation
        def save_over_held_copy(s: Session) -> None:
            row = claims.claim_row(s, a)  # the identity map's copy: no read
            assert row is held and row.version == 1
            row.statement = "Stale"
            s.add(row)

        with pytest.raises(ConflictError) as info:
            save_over_held_copy(mine)
        assert info.value.current_version == 3
        assert str(info.value).startswith(f"Claim {a} was changed by someone else")
        assert claims.get_claim(mine, a).statement == "Moved on twice"


def test_versioned_update_helper_refuses_a_moved_on_row(store: Store, session: Session) -> None:
    from claimdesk.store.versioning import versioned_update

    _aid, (a, _b, _c) = _desk(session)

    @operation
    def set_priority(s: Session, seen: int) -> int:
        return versioned_update(s, Claim, a, seen, priority=3)

    assert set_priority(session, 1) == 2
    with pytest.raises(ConflictError) as info:
        set_priority(session, 1)
    assert info.value.current_version == 2
    row = session.execute(text("SELECT priority, version FROM claim WHERE id = :a"), {"a": a})
    assert tuple(row.one()) == (3, 2)
