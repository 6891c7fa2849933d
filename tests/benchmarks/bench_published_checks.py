"""Benchmark: a library of 100,000 published fact-checks.

Run: ``.venv/bin/python tests/benchmarks/bench_published_checks.py [--checks N] [--rounds N]``

Writes a schema.org DataFeed of N synthetic ClaimReviews (JSON-LD) and prints:

* the import of that file into a desk (``claimdesk.io.claimreview_import``, streamed, one
  transaction): time, the importing process's peak resident memory over what it held
  before, and how much the database grew;
* ``find_published()`` for one claim against the library: median and p95 over 200
  sentences (half of them rewordings of checks in the library), spaCy loaded beforehand
  — bar: 50 ms median on 2 cores;
* the window's start-up (spawn -> painted; spawn -> edits possible) on the same small desk
  with and without the library, alternately, as ``bench_startup.py`` measures it: the
  library must not slow it.

Sentences come from ``bench_search.py``'s word lists.  Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import claim_sentence
from bench_startup import Display, build_small_desk, seed_home, spawn

from claimdesk.core import published, published_match
from claimdesk.io.claimreview_import import import_path
from claimdesk.nlp.matching import ENGLISH, blank_english
from claimdesk.store.engine import Store

ORGS = ("Harbour Checks", "Full Facts Desk", "Verdict Weekly", "The Checker", "Truth Lab")
RATINGS = ("False", "Mostly false", "Half true", "Mostly true", "True", "Misleading")


def write_feed(path: Path, n: int, rng: random.Random) -> list[str]:
    claims: list[str] = []
    with path.open("w", encoding="utf-8") as f:
        f.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [')
        for i in range(n):
            claim = claim_sentence(rng)
            claims.append(claim)
            day = f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
            rating = {
                "@type": "Rating",
                "alternateName": rng.choice(RATINGS),
                "ratingValue": rng.randint(1, 5),
                "bestRating": 5,
                "worstRating": 1,
            }
            claimant = {"@type": "Person", "name": "A. Minister"}
            item = {
                "@type": "ClaimReview",
                "url": f"https://checks{i % 50}.example/review/{i}",
                "claimReviewed": claim,
                "datePublished": day,
                "inLanguage": "en",
                "author": {"@type": "Organization", "name": rng.choice(ORGS)},
                "reviewRating": rating,
                "itemReviewed": {"@type": "Claim", "author": claimant, "datePublished": day},
            }  # fmt: skip
            f.write(("," if i else "") + json.dumps(item))
        f.write("]}")
    return claims


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def startup(small: Path, with_library: Path, rounds: int) -> None:
    display = Display("auto")
    try:
        base = dict(display.env(), PYTHONDONTWRITEBYTECODE="1")
        home = Path(tempfile.mkdtemp(prefix="bench-checks-home-"))
        env = dict(base, CLAIMDESK_HOME=str(home), CLAIMDESK_STARTUP_REPORT="1",
                   CLAIMDESK_EXIT_AFTER_READY="1")  # fmt: skip
        seed_home(home, env, small)
        times: dict[str, tuple[list[float], list[float]]] = {"without": ([], []), "with": ([], [])}
        for _ in range(rounds):
            for label, db in (("without", small), ("with", with_library)):
                cmd = [sys.executable, "-m", "claimdesk", "--db", str(db)]
                ready, later, _gap = spawn(cmd, env, "services ready after")
                times[label][0].append(ready)
                times[label][1].append(later)
        print(f"window start-up, {rounds} rounds, {'Xvfb' if display.name else 'offscreen'}:")
        for label, (ready, later) in times.items():
            print(
                f"  {label:8s} the library: painted {statistics.median(ready):.3f} s median "
                f"(best {min(ready):.3f}); edits possible {statistics.median(later):.3f} s"
            )
        shutil.rmtree(home, ignore_errors=True)
    finally:
        display.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="window starts of each desk")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(17)
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-checks-") as tmp:
        work = Path(tmp)
        feed = work / "feed.jsonld"
        t0 = time.perf_counter()
        claims = write_feed(feed, args.checks, rng)
        print(f"feed of {args.checks:,} ClaimReviews: {feed.stat().st_size / 1e6:.1f} MB "
              f"(written in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        small = work / "small.sqlite3"
        build_small_desk(small)
        desk = work / "with-library.sqlite3"
        shutil.copy(small, desk)
        before = desk.stat().st_size
        store = Store.open(str(desk))
        rss0 = rss_mb()
        t0 = time.perf_counter()
        with store.session() as s:
            report = import_path(s, feed, actor="bench")
        took = time.perf_counter() - t0
        store.close()
        with Store.open(str(desk)).session() as s:
            s.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        grown = desk.stat().st_size - before
        print(
            f"import: {report.added:,} added in {took:.1f} s "
            f"({report.added / took:,.0f} checks/s); "
            f"peak RSS +{rss_mb() - rss0:.0f} MB (process {rss_mb():.0f} MB); "
            f"database +{grown / 1e6:.1f} MB ({grown / max(report.added, 1):.0f} bytes a check)"
        )

        store = Store.open(str(desk))
        t0 = time.perf_counter()
        blank_english()
        published_match.find_published(store.session(), "warm up", matcher=ENGLISH)
        print(f"spaCy blank English loaded in {time.perf_counter() - t0:.2f} s (not counted)")
        queries = [
            rng.choice(claims).replace(" rose ", " climbed ").replace(" gets ", " receives ")
            if i % 2 else claim_sentence(rng)
            for i in range(args.queries)
        ]  # fmt: skip
        times, hits = [], 0
        with store.session() as s:
            assert published.count_checks(s) == args.checks
            for q in queries:
                t0 = time.perf_counter()
                found = published_match.find_published(s, q, matcher=ENGLISH)
                times.append((time.perf_counter() - t0) * 1000)
                hits += bool(found)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        verdict = "ok" if statistics.median(times) <= 50 else "OVER BAR"
        print(
            f"match one claim against {args.checks:,} checks: {statistics.median(times):.1f} ms "
            f"median, {p95:.1f} ms p95 (bar 50 ms median: {verdict}); {hits}/{len(queries)} "
            "found a published check"
        )
        store.close()
        if args.rounds:
            startup(small, desk, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
