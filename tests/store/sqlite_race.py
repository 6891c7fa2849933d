"""The SQLite race shared by its test and its benchmark: a desk with one claim, worker
processes editing it at once, and what the desk holds afterwards."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from claimdesk.core import articles, claims
from claimdesk.core.records import ArticleDraft
from claimdesk.store.engine import Store
from claimdesk.store.models import StatusChange

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("sqlite_race_worker.py")


@dataclass(frozen=True)
class RaceResult:
    accepted: int
    conflicts: int
    busy: int
    initial_version: int
    final_version: int
    broken_links: int  # history rows whose from_status is not the previous to_status

    @property
    def lost(self) -> int:
        """Accepted saves that left no trace in the version: overwritten by another."""
        return self.initial_version + self.accepted - self.final_version


def new_desk(db: Path) -> int:
    """A desk with one claim; returns its id."""
    store = Store.open(str(db))
    try:
        with store.session() as session:
            text = "Wages rose 4% in 2025 while rents fell."
            aid = articles.add_article(session, ArticleDraft(text=text)).id
            return claims.create_claim(session, aid, 0, 21, actor="setup").id
    finally:
        store.close()


def race(db: Path, processes: int, seconds: float) -> RaceResult:
    claim_id = new_desk(db)
    store = Store.open(str(db))
    with store.session() as session:
        initial = claims.get_claim(session, claim_id).version
    # The workers run the code under test (the caller's PYTHONPATH, else this checkout),
    # not whatever claimdesk is installed.
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH") or str(REPO)}
    start_at = time.time() + 2.0  # time for every interpreter to start
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db), str(claim_id), str(start_at),
             str(seconds), f"p{n}"],
            stdout=subprocess.PIPE, text=True, env=env,
        )
        for n in range(processes)
    ]  # fmt: skip
    counts = {"accepted": 0, "conflicts": 0, "busy": 0}
    for worker in workers:
        out, _ = worker.communicate(timeout=seconds + 60)
        assert worker.returncode == 0, f"a worker failed: {out}"
        for name, n in json.loads(out.strip().splitlines()[-1]).items():
            counts[name] += n
    try:
        with store.session() as session:
            final = claims.get_claim(session, claim_id).version
            chain = list(
                session.exec(
                    select(StatusChange)
                    .where(StatusChange.claim_id == claim_id)
                    .order_by(col(StatusChange.id))
                )
            )
    finally:
        store.close()
    broken = sum(1 for a, b in itertools.pairwise(chain) if b.from_status != a.to_status)
    return RaceResult(
        counts["accepted"], counts["conflicts"], counts["busy"], initial, final, broken
    )
