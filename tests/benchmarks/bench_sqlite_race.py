"""Four processes edit one claim of a SQLite desk for 30 seconds; prints what happened.

    PYTHONPATH=. python tests/benchmarks/bench_sqlite_race.py [--processes 4] [--seconds 30]

Each process reads the claim's version and saves a status change or an edit against it,
as fast as it can (tests/store/sqlite_race_worker.py).  "lost" counts accepted saves the
claim's version does not account for (overwritten by another process); "broken" counts
history rows whose from-status is not the status the previous row left.  Both must be 0.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from sqlite_race import race


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = race(Path(tmp) / "desk.sqlite3", args.processes, args.seconds)
    attempts = r.accepted + r.conflicts + r.busy
    print(f"{args.processes} processes x {args.seconds:g} s on one claim")
    print(f"accepted   {r.accepted:>7}  ({r.accepted / args.seconds:.1f}/s)")
    print(f"conflicts  {r.conflicts:>7}  ({r.conflicts / max(attempts, 1):.0%} of attempts)")
    print(f"busy       {r.busy:>7}")
    print(f"lost       {r.lost:>7}  (version {r.initial_version} -> {r.final_version})")
    print(f"broken     {r.broken_links:>7}  history rows not following the previous one")


if __name__ == "__main__":
    main()
