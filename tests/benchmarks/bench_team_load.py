"""Load on a team desk: 20 processes x 500 edits of the same few claims, no lost update.

Each worker reads a claim's version (as a window does when it shows the claim), then
edits its statement or moves its status with ``expected_version``.  Afterwards every
accepted edit must be on the server — each claim's accepted versions are exactly
2..final, the final statement is the last accepted edit's, every accepted status change
has its history row — and every refused one must have come back as a ConflictError
naming a newer version.  Any other error fails the run.

    TEST_DATABASE_URL=postgresql://user:pw@127.0.0.1/db .venv/bin/python \
        tests/benchmarks/bench_team_load.py [--workers 20] [--edits 500] [--claims 8]

A scratch database is created next to TEST_DATABASE_URL's and dropped at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy.engine import make_url

TEXT = "Exports of wheat rose by 40 percent in 2023, the ministry said. "


def _url(database: str) -> str:
    url = make_url(os.environ["TEST_DATABASE_URL"]).set(drivername="postgresql")
    return url.set(database=database).render_as_string(hide_password=False)


def _admin(sql: str) -> None:
    import psycopg

    base = make_url(os.environ["TEST_DATABASE_URL"]).database or "postgres"
    with psycopg.connect(_url(base), autocommit=True) as con:
        con.execute(sql)  # type: ignore[arg-type]


def worker(args: tuple[str, int, int, list[int], int]) -> dict[str, Any]:
    url, number, edits, claim_ids, seed = args
    from claimdesk.core import claims, verify
    from claimdesk.errors import ConflictError
    from claimdesk.store.engine import Store

    rng = random.Random(seed)
    store = Store.open(url, migrate=False, display_name=f"Analyst {number}")
    accepted: list[tuple[int, int, str, str]] = []  # claim, new version, kind, token
    refused: list[tuple[int, int, int | None]] = []  # claim, expected, current
    errors: list[str] = []
    start = time.perf_counter()
    try:
        for i in range(edits):
            cid = rng.choice(claim_ids)
            token = f"w{number}-e{i}"
            try:
                with store.session() as session:
                    seen = claims.get_claim(session, cid).version
                with store.session() as session:
                    if rng.random() < 0.5:
                        rec = claims.edit_claim(
                            session, cid, expected_version=seen, statement=f"Statement {token}"
                        )
                        accepted.append((cid, rec.version, "edit", token))
                    else:
                        status = rng.choice(("unverified", "in_progress"))
                        rec = verify.set_status(
                            session, cid, status, actor=f"a{number}", rationale=token,
                            expected_version=seen,
                        )  # fmt: skip
                        accepted.append((cid, rec.version, "status", token))
            except ConflictError as exc:
                refused.append((cid, seen, exc.current_version))
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
    return {
        "accepted": accepted,
        "refused": refused,
        "errors": errors,
        "seconds": time.perf_counter() - start,
    }


def verify_outcome(url: str, results: list[dict[str, Any]], claim_ids: list[int]) -> list[str]:
    from sqlalchemy import text

    from claimdesk.store.engine import Store

    problems: list[str] = []
    accepted = [a for r in results for a in r["accepted"]]
    by_claim: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for cid, version, kind, token in accepted:
        by_claim[cid].append((version, kind, token))
    for cid, expected, current in (x for r in results for x in r["refused"]):
        if current is None or current <= expected:
            problems.append(f"claim {cid}: a conflict without a newer version ({expected})")
    store = Store.open(url, migrate=False)
    try:
        with store.engine.connect() as con:
            rows = {r.id: r for r in con.execute(text("SELECT id, version, statement FROM claim"))}
            history = Counter(con.execute(text("SELECT rationale FROM status_change")).scalars())
    finally:
        store.close()
    for cid in claim_ids:
        mine = sorted(by_claim[cid])
        versions = [v for v, _, _ in mine]
        final = rows[cid].version
        if versions != list(range(2, final + 1)):
            problems.append(f"claim {cid}: accepted versions are not exactly 2..{final}")
        edits = [t for _v, kind, t in mine if kind == "edit"]
        if edits and rows[cid].statement != f"Statement {edits[-1]}":
            problems.append(f"claim {cid}: the last accepted edit is not what the server holds")
    for _cid, _v, kind, token in accepted:
        if kind == "status" and history[token] != 1:
            problems.append(f"status change {token} has {history[token]} history rows")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--claims", type=int, default=8)
    args = parser.parse_args()
    if not os.environ.get("TEST_DATABASE_URL"):
        print("TEST_DATABASE_URL is not set: no PostgreSQL server to load (skipped)")
        return 0
    from claimdesk.core import articles, claims
    from claimdesk.core.records import ArticleDraft
    from claimdesk.store.engine import Store

    name = f"claimdesk_bench_{uuid.uuid4().hex[:10]}"
    _admin(f'CREATE DATABASE "{name}"')
    url = _url(name)
    try:
        store = Store.open(url)
        with store.session() as session:
            aid = articles.add_article(session, ArticleDraft(text=TEXT * args.claims)).id
            claim_ids = [
                claims.create_claim(session, aid, i * len(TEXT), (i + 1) * len(TEXT) - 2,
                                    actor="setup").id
                for i in range(args.claims)
            ]  # fmt: skip
        store.close()
        jobs = [(url, n, args.edits, claim_ids, 1000 + n) for n in range(args.workers)]
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            results = pool.map(worker, jobs)
        wall = time.perf_counter() - started
        problems = verify_outcome(url, results, claim_ids)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    n_ok = sum(len(r["accepted"]) for r in results)
    n_conflict = sum(len(r["refused"]) for r in results)
    errors = [e for r in results for e in r["errors"]]
    total = n_ok + n_conflict + len(errors)
    # Workers start at slightly different times (process spawn, imports): the throughput
    # is over the longest worker's edit loop, the wall time includes start-up.
    busy = max(r["seconds"] for r in results)
    print(f"workers {args.workers} x edits {args.edits} on {args.claims} claims "
          f"({os.cpu_count()} CPUs, PostgreSQL)")  # fmt: skip
    print(f"  attempts      {total}  in {busy:.1f} s ({wall:.1f} s with start-up)  ->  "
          f"{total / busy:.0f} attempts/s")  # fmt: skip
    print(f"  accepted      {n_ok}  ({n_ok / busy:.0f}/s)")
    print(f"  conflicts     {n_conflict}  ({100 * n_conflict / max(total, 1):.1f}%)")
    print(f"  other errors  {len(errors)}")
    print(f"  lost updates  {len(problems)}")
    for line in errors[:5] + problems[:10]:
        print("   ", line)
    return 0 if not errors and not problems and total == args.workers * args.edits else 1


if __name__ == "__main__":
    sys.exit(main())
