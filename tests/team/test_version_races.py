"""Eight analysts saving one claim version at once on a real PostgreSQL server.

For every write path that moves a claim's version, eight threads (each with its own
session and connection) are released together by a barrier against the same version:
exactly one save goes through and seven are ConflictErrors, round after round.  The
version check is the database's own (``UPDATE ... WHERE version = :seen``), so losers
that read the claim before the winner committed are refused too.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from claimdesk.core import articles, claims, groups, refresh, team, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ConflictError
from claimdesk.store.engine import Store

WRITERS = 8
ROUNDS = 4
TEXT = "Wages rose 4% in 2025. Rents fell 2% in 2024."

Write = Callable[[Session, int, int], object]  # (session, round, writer) -> anything


@pytest.fixture
def team_store(empty_db: str) -> Iterator[Store]:
    store = Store.open(empty_db)
    yield store
    store.close()


def _claim(store: Store, quote: str = "Wages rose 4% in 2025.", text_: str = TEXT) -> int:
    with store.session() as session:
        aid = articles.add_article(session, ArticleDraft(text=text_)).id
        return claims.create_claim_by_quote(session, aid, quote, actor="setup").id


def _version(store: Store, claim_id: int) -> int:
    with store.session() as session:
        return claims.get_claim(session, claim_id).version


def race(store: Store, write: Write, round_: int) -> tuple[list[str], int]:
    """Run ``write`` in eight threads at once; each one's outcome, and how many losers
    the database itself refused (their UPDATE matched no row)."""
    barrier = threading.Barrier(WRITERS)
    outcome = [""] * WRITERS
    by_database = 0

    def run(n: int) -> None:
        nonlocal by_database
        with store.session() as session:
            barrier.wait()
            try:
                write(session, round_, n)
                outcome[n] = "ok"
            except ConflictError as exc:
                outcome[n] = "conflict"
                if isinstance(exc.__cause__, StaleDataError):
                    by_database += 1
            except Exception as exc:  # reported, so a wrong failure is visible
                outcome[n] = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcome, by_database


ONE_WINNER = ["conflict"] * (WRITERS - 1) + ["ok"]


def _rounds(store: Store, claim_id: int, make: Callable[[int], Write]) -> None:
    by_database = 0
    for round_ in range(ROUNDS):
        seen = _version(store, claim_id)
        outcome, refused = race(store, make(seen), round_)
        assert sorted(outcome) == ONE_WINNER, (round_, outcome)
        assert _version(store, claim_id) == seen + 1
        by_database += refused
    # Some losers had read the claim before the winner committed: the UPDATE's own
    # version check refused them (typically about half of them do).
    assert by_database > 0


def test_set_status(team_store: Store) -> None:
    cid = _claim(team_store)

    def make(seen: int) -> Write:
        def write(session: Session, r: int, n: int) -> object:
            status = "in_progress" if r % 2 == 0 else "unverified"
            return verify.set_status(
                session, cid, status, actor=f"a{n}", rationale=f"r{r} w{n}", expected_version=seen
            )

        return write

    _rounds(team_store, cid, make)
    with team_store.session() as session:
        chain = verify.history(session, cid)
    assert len(chain) == 1 + ROUNDS  # created, then one change per round
    assert all(b.from_status == a.to_status for a, b in itertools.pairwise(chain))


def test_edit_claim(team_store: Store) -> None:
    cid = _claim(team_store)

    def make(seen: int) -> Write:
        def write(session: Session, r: int, n: int) -> object:
            return claims.edit_claim(session, cid, expected_version=seen, statement=f"r{r} w{n}")

        return write

    _rounds(team_store, cid, make)


def test_assign_claim(team_store: Store) -> None:
    cid = _claim(team_store)

    def make(seen: int) -> Write:
        def write(session: Session, r: int, n: int) -> object:
            return team.assign_claim(
                session, cid, f"analyst {r}-{n}", actor=f"a{n}", expected_version=seen
            )

        return write

    _rounds(team_store, cid, make)


def test_set_group_status_from_either_member(team_store: Store) -> None:
    """Half the writers start from one member, half from the other: a group status
    writes both, so still only one of the eight gets through."""
    first = _claim(team_store)
    second = _claim(team_store, "Wages rose 4% in 2025.", "In 2025 wages rose. " + TEXT)
    with team_store.session() as session:
        groups.confirm_match(session, first, second, actor="setup")
    by_database = 0
    for round_ in range(ROUNDS):
        seen = {cid: _version(team_store, cid) for cid in (first, second)}

        def write(session: Session, r: int, n: int, seen: dict[int, int] = seen) -> object:
            origin = first if n % 2 else second
            status = "in_progress" if r % 2 == 0 else "unverified"
            return groups.set_group_status(
                session,
                origin,
                status,
                actor=f"a{n}",
                rationale=f"r{r} w{n}",
                expected_version=seen[origin],
            )

        outcome, refused = race(team_store, write, round_)
        assert sorted(outcome) == ONE_WINNER, (round_, outcome)
        assert {cid: _version(team_store, cid) for cid in seen} == {
            cid: v + 1 for cid, v in seen.items()
        }
        by_database += refused
    assert by_database > 0  # see _rounds


def test_refresh_racing_edits_loses_none_of_them(team_store: Store) -> None:
    """A refresh re-anchors claims without an expected version: it may go through on top
    of an edit, but never over one.  Every save that went through moved the version."""
    cid = _claim(team_store)
    with team_store.session() as session:
        aid = claims.get_claim(session, cid).article_id
    for round_ in range(ROUNDS):
        seen = _version(team_store, cid)
        moved = f"Update {round_}: " * (round_ + 1) + TEXT  # the claim moves every round

        def write(session: Session, r: int, n: int, seen: int = seen, moved: str = moved) -> object:
            if n == 0:
                return refresh.refresh_article(session, aid, ArticleDraft(text=moved), actor="r")
            return claims.edit_claim(session, cid, expected_version=seen, statement=f"r{r} w{n}")

        outcome, _ = race(team_store, write, round_)
        assert set(outcome) <= {"ok", "conflict"}, outcome
        assert outcome[1:].count("ok") <= 1, outcome  # one edit of the version at most
        assert _version(team_store, cid) == seen + outcome.count("ok"), outcome


def test_a_commit_between_load_and_write_is_caught_by_the_database(team_store: Store) -> None:
    """A colleague commits after the service read the claim and before it writes (a
    flush hook runs their save right then): the UPDATE's version check refuses ours."""
    cid = _claim(team_store)

    def colleague_saves(session: Session, *_args: object) -> None:
        with team_store.session() as theirs:
            # Never wait on a row lock held by the session being flushed.
            theirs.execute(text("SET lock_timeout = '2s'"))
            claims.edit_claim(theirs, cid, expected_version=1, statement="Theirs")

    with team_store.session() as mine:
        event.listen(mine, "before_flush", colleague_saves, once=True)
        with pytest.raises(ConflictError) as info:
            claims.edit_claim(mine, cid, expected_version=1, statement="Mine")
    assert isinstance(info.value.__cause__, StaleDataError)
    assert info.value.current_version == 2
    assert "Claim" in str(info.value) and "version 2" in str(info.value)
    with team_store.session() as session:
        assert claims.get_claim(session, cid).statement == "Theirs"
