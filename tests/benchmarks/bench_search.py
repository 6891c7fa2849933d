"""Benchmark: search and claim matching on a desk of 10,000 articles and 100,000 claims.

Run: ``.venv/bin/python tests/benchmarks/bench_search.py [--articles N] [--claims-per-article N]``

Builds a fresh desk in a temporary folder with bulk inserts (executemany; the FTS5
triggers index every row as it goes in, as they would for the services), then prints:

* the time to fill the desk, and to rebuild the whole index (what migration 0004 does to
  an existing desk);
* ``search()`` median and p95 over a mix of queries (one word, two words, a phrase, a
  prefix, OR, a status filter) — bar: 30 ms median;
* ``find_matches()`` median and p95 for new claim sentences (spaCy loaded beforehand; its
  load time is printed separately) — bar: 50 ms;
* the database size and the share taken by the index.

Sentences are synthetic, assembled from the word lists below.  Not collected by pytest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert, text

from claimdesk.core import groups, search
from claimdesk.core.articles import text_sha256
from claimdesk.core.search import SearchFilters
from claimdesk.nlp.matching import ENGLISH, blank_english
from claimdesk.store.engine import Store
from claimdesk.store.models import Article, Claim, Evidence, Source
from claimdesk.store.types import utcnow

PLACES = str.split(
    "India Russia China Brazil Nigeria Germany France Japan Kenya Mexico Canada Spain Italy "
    "Poland Sweden Egypt Chile Peru Ghana Norway Turkey Iran Iraq Vietnam Indonesia"
)
TOPICS = str.split(
    "arms imports|wheat exports|coal output|rail fares|rents|wages|hospital beds|teacher "
    "numbers|broadband coverage|bus routes|river levels|energy prices|tax receipts|school "
    "places|police officers|house prices|car sales|steel production|rice harvests|water "
    "leaks|plastic recycling|youth unemployment|birth rates|tourist arrivals|defence spending",
    "|",
)
VERBS = ("rose", "fell", "doubled", "grew", "dropped", "climbed", "shrank", "stayed flat")
SHARES = ("nearly half", "a third", "a quarter", "two thirds", "one in five", "most")
WHO = ("The ministry", "A think tank", "The central bank", "Opposition leaders", "Analysts")


def claim_sentence(rng: random.Random) -> str:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    pick = rng.randrange(3)
    if pick == 0:
        return (
            f"{place}'s {topic} {rng.choice(VERBS)} by {rng.randint(2, 90)}% "
            f"in {rng.randint(2005, 2025)}"
        )
    if pick == 1:
        return f"{place} gets {rng.choice(SHARES)} of its {topic} from {rng.choice(PLACES)}"
    return f"{topic.capitalize()} in {place} reached {rng.randint(2, 900)} million last year"


def article_text(rng: random.Random, claims: list[str]) -> str:
    body = [f"{rng.choice(WHO)} said that {c.lower()}." for c in claims]
    body += [f"{claim_sentence(rng)}, {rng.choice(WHO).lower()} added." for _ in range(12)]
    rng.shuffle(body)
    return " ".join(body)


def fill(store: Store, n_articles: int, per_article: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    now = utcnow()
    outlets = [f"Outlet {i}" for i in range(40)]
    article_rows: list[dict[str, Any]] = []
    pending: list[list[str]] = []
    for i in range(n_articles):
        sentences = [claim_sentence(rng) for _ in range(per_article)]
        body = article_text(rng, sentences)
        pending.append(sentences)
        article_rows.append(
            {"title": f"Report {i}: {rng.choice(TOPICS)} in {rng.choice(PLACES)}",
             "text": body, "text_sha256": text_sha256(body), "outlet": rng.choice(outlets),
             "retrieved_at": now, "created_at": now, "updated_at": now}
        )  # fmt: skip
    with store.engine.begin() as con:
        con.execute(insert(Article), article_rows)
        first = con.exec_driver_sql("SELECT min(id) FROM article").scalar_one()
        claim_rows: list[dict[str, Any]] = []
        for offset, sentences in enumerate(pending):
            body = article_rows[offset]["text"]
            for s in sentences:
                quote = s.lower()
                start = body.find(quote)
                claim_rows.append(
                    {"article_id": first + offset, "quote_exact": quote, "quote_prefix": "",
                     "quote_suffix": "", "pos_start": start, "pos_end": start + len(quote),
                     "statement": s, "status": rng.choice(("unverified", "in_progress",
                     "verified", "false")), "rationale": "", "tags": [], "kinds": [],
                     "facets": {}, "created_by": "bench", "created_at": now,
                     "updated_at": now, "version": 1, "orphaned": False}
                )  # fmt: skip
        con.execute(insert(Claim), claim_rows)
        con.execute(
            insert(Source),
            [{"title": f"{t} statistics {i}", "publisher": rng.choice(WHO), "kind": "other",
              "notes": claim_sentence(rng), "created_at": now}
             for i, t in enumerate(rng.choice(TOPICS) for _ in range(2000))],
        )  # fmt: skip
        n_claims = len(claim_rows)
        con.execute(
            insert(Evidence),
            [{"claim_id": rng.randint(1, n_claims), "source_id": rng.randint(1, 2000),
              "stance": "supports", "excerpt": claim_sentence(rng), "locator": "", "note": "",
              "created_by": "bench", "created_at": now} for _ in range(20000)],
        )  # fmt: skip
    return n_articles, n_claims


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(name: str, times: list[float], bar_ms: float) -> None:
    med, p95 = statistics.median(times) * 1000, percentile(times, 0.95) * 1000
    verdict = "ok" if med <= bar_ms else "OVER THE BAR"
    print(f"{name:<34} median {med:7.2f} ms   p95 {p95:7.2f} ms   (bar {bar_ms:.0f} ms: {verdict})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed + 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "desk.sqlite3"
        store = Store.open(str(path))
        began = time.perf_counter()
        n_articles, n_claims = fill(store, args.articles, args.claims_per_article, args.seed)
        print(f"desk: {n_articles:,} articles, {n_claims:,} claims, 2,000 sources, "
              f"20,000 evidence links")  # fmt: skip
        print(
            f"fill with bulk inserts (index kept by triggers): {time.perf_counter() - began:.1f} s"
        )
        began = time.perf_counter()
        with store.engine.begin() as con:
            for fts in ("article", "claim", "source", "evidence"):
                con.execute(
                    text(f"INSERT INTO search_fts_{fts}(search_fts_{fts}) VALUES ('rebuild')")
                )
        print(
            f"rebuild the whole index (as migration 0004 does): {time.perf_counter() - began:.1f} s"
        )
        with store.engine.begin() as con:
            con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            for fts in ("article", "claim", "source", "evidence"):
                con.execute(
                    text(f"INSERT INTO search_fts_{fts}(search_fts_{fts}) VALUES ('optimize')")
                )

        queries: list[tuple[str, SearchFilters | None]] = []
        for _ in range(args.runs):
            place, topic = rng.choice(PLACES), rng.choice(TOPICS)
            queries.append(rng.choice([
                (place.lower(), None), (f"{place} {topic}", None), (f'"{topic}"', None),
                (topic.split()[0][:4] + "*", None), (f"{place} OR {rng.choice(PLACES)}", None),
                (f"{topic} {rng.randint(2005, 2025)}", None),
                (topic, SearchFilters(statuses=("verified",))),
            ]))  # fmt: skip
        times: list[float] = []
        with store.session() as session:
            search.search(session, "warm up")
            for query, flt in queries:
                t0 = time.perf_counter()
                search.search(session, query, flt, limit=50)
                times.append(time.perf_counter() - t0)
        report("search()", times, 30)

        t0 = time.perf_counter()
        blank_english()
        print(f"spaCy blank English, first use: {time.perf_counter() - t0:.2f} s (once, lazily)")
        times = []
        found = 0
        with store.session() as session:
            for _ in range(args.runs // 2):
                sentence = claim_sentence(rng)
                t0 = time.perf_counter()
                found += bool(groups.find_matches(session, sentence, matcher=ENGLISH))
                times.append(time.perf_counter() - t0)
        report("find_matches(new claim)", times, 50)
        print(f"  new claims with at least one suggested match: {found}/{len(times)}")

        with store.engine.connect() as con:
            size = path.stat().st_size
            try:
                index = con.exec_driver_sql(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts_%'"
                ).scalar_one()
            except Exception:
                index = None
        print(f"database size: {size / 1e6:.1f} MB", end="")
        print(f" (index {index / 1e6:.1f} MB)" if index else " (dbstat unavailable)")
        store.close()


if __name__ == "__main__":
    main()
