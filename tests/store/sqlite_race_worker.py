"""One analyst of the SQLite race (tests/store/test_sqlite_race.py and
tests/benchmarks/bench_sqlite_race.py): a separate process that, until its time is up,
reads a claim's version and saves an edit or a status change against it.

    python sqlite_race_worker.py DB CLAIM_ID START_AT SECONDS NAME

Prints one JSON line: {"accepted": n, "conflicts": n, "busy": n}.  Only the desk's
public services are used, so the same worker runs against any version of claimdesk.
"""

from __future__ import annotations

import json
import sys
import time

from claimdesk.core import claims, verify
from claimdesk.errors import ConflictError, DatabaseError
from claimdesk.store.engine import Store


def run(db: str, claim_id: int, start_at: float, seconds: float, name: str) -> dict[str, int]:
    store = Store.open(db, migrate=False)
    counts = {"accepted": 0, "conflicts": 0, "busy": 0}
    time.sleep(max(0.0, start_at - time.time()))  # every worker starts at once
    end, i = start_at + seconds, 0
    try:
        while time.time() < end:
            i += 1
            # What the analyst sees, read in a session of its own as a window does.
            with store.session() as session:
                seen = claims.get_claim(session, claim_id)
            try:
                with store.session() as session:
                    if i % 2:
                        new = "in_progress" if seen.status == "unverified" else "unverified"
                        verify.set_status(
                            session,
                            claim_id,
                            new,
                            actor=name,
                            rationale=f"{name}-{i}",
                            expected_version=seen.version,
                        )
                    else:
                        claims.edit_claim(
                            session,
                            claim_id,
                            expected_version=seen.version,
                            statement=f"Statement {name}-{i}",
                        )
                counts["accepted"] += 1
            except ConflictError:
                counts["conflicts"] += 1
            except DatabaseError:
                counts["busy"] += 1  # the busy timeout ran out: nothing was written
    finally:
        store.close()
    return counts


if __name__ == "__main__":
    db, claim_id, start_at, seconds, name = sys.argv[1:6]
    print(json.dumps(run(db, int(claim_id), float(start_at), float(seconds), name)))
