"""SQLite desks: operations take the write lock before they read, reads never do, and a
writer that cannot get the lock in time is told the desk is busy."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session

from claimdesk.core import articles, claims, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import DatabaseError
from claimdesk.store.engine import Store
from claimdesk.store.sqlite import BUSY_MESSAGE

BUSY_S = 0.3


@pytest.fixture
def desk(db_path: Path) -> Iterator[tuple[Store, int]]:
    store = Store.open(str(db_path), busy_timeout_s=BUSY_S)
    with store.session() as session:
        aid = articles.add_article(session, ArticleDraft(text="Wages rose 4% in 2025.")).id
        cid = claims.create_claim(session, aid, 0, 21, actor="ana").id
    yield store, cid
    store.close()


def _hold_write_lock(db_path: Path) -> sqlite3.Connection:
    """Another program in the middle of a write transaction."""
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE claim SET priority = 1")
    return other


def test_a_writer_kept_waiting_hears_the_desk_is_busy(
    desk: tuple[Store, int], db_path: Path
) -> None:
    store, cid = desk
    other = _hold_write_lock(db_path)
    try:
        with store.session() as session:
            # Reading goes on while someone writes (and sees only what was committed).
            assert claims.get_claim(session, cid).priority == 0
        with store.session() as session:
            started = time.monotonic()
            with pytest.raises(DatabaseError) as info:
                claims.edit_claim(session, cid, expected_version=1, statement="Pay rose")
            assert time.monotonic() - started >= BUSY_S * 0.9  # it waited its turn first
        assert str(info.value) == BUSY_MESSAGE
        with pytest.raises(DatabaseError, match=r"^The desk is busy"), store.transaction() as s:
            claims.claim_row(s, cid)
    finally:
        other.rollback()
        other.close()
    with store.session() as session:
        saved = claims.edit_claim(session, cid, expected_version=1, statement="Pay rose")
        assert saved.version == 2


def test_between_an_operations_read_and_its_write_no_one_else_writes(
    desk: tuple[Store, int], db_path: Path
) -> None:
    """The operation reads the claim under the write lock: another process trying to
    write in that moment waits for it, so what the operation read stays true."""
    store, cid = desk
    outcome: list[str] = []

    def intrude(session: Session, _flush: object, _instances: object) -> None:
        # Runs inside set_status, after it read the claim and before it writes.
        other = sqlite3.connect(db_path, isolation_level=None, timeout=BUSY_S)
        try:
            other.execute("UPDATE claim SET status = 'false'")
            outcome.append("the other process wrote in between")
        except sqlite3.OperationalError as exc:
            outcome.append(str(exc))
        finally:
            other.close()

    with store.session() as session:
        event.listen(session, "before_flush", intrude)
        rec = verify.set_status(session, cid, "in_progress", actor="ana", expected_version=1)
    assert outcome == ["database is locked"]
    assert rec.status == "in_progress" and rec.version == 2
    with store.session() as session:
        history = verify.history(session, cid)
        assert [(h.from_status, h.to_status) for h in history][-1] == ("unverified", "in_progress")


def test_reads_do_not_hold_the_write_lock(desk: tuple[Store, int]) -> None:
    """A window with a read open never makes another window's save wait."""
    store, cid = desk
    with store.session() as reader:
        assert claims.get_claim(reader, cid).version == 1  # a read transaction stays open
        saved: list[int] = []

        def save() -> None:
            with store.session() as writer:
                saved.append(
                    claims.edit_claim(writer, cid, expected_version=1, statement="x").version
                )

        thread = threading.Thread(target=save)
        thread.start()
        thread.join(timeout=10)
        assert saved == [2]
        # The same session can go on to write: its stale read snapshot is ended first.
        assert claims.edit_claim(reader, cid, expected_version=2, statement="y").version == 3
