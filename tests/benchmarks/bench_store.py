"""Benchmark: a desk of 10,000 articles and 100,000 claims on SQLite.

Run: ``.venv/bin/python tests/benchmarks/bench_store.py [--articles N] [--claims-per-article N]``

Prints, for a fresh desk in a temporary folder:

* the time to add the articles and claims through the real services (``add_article``,
  ``create_claim``), each of which is one operation and so one commit;
* the same rows written by a bench-only bulk path (one transaction, executemany), so the
  cost of a commit per operation is visible beside it;
* the median time of ``list_claims(statuses=[...])`` for one status out of all claims;
* the database size;
* the time of ``anchor_many`` for 1,000 claims in a 50,000-word article after 200 edits,
  using the generator of ``bench_anchoring.py``.

Articles are synthetic: sentences assembled from word lists in this file.  Not collected
by pytest.

Figures (defaults, 2 shared cores, other test suites running beside it).  The service
path, one commit per operation, before the search index existed:

    [services] 10,000 articles + 100,000 claims: 295.0 s (2.68 ms per row)

and, with the search index (migration 0004) and list_claims reading plain rows:

    [bulk] 10,000 articles + 100,000 claims: 20.6 s (0.19 ms per row)
    [bulk] list_claims(statuses=['disputed']) -> 16,667 claims: median 1022 ms over 5 runs
    [bulk] database size: 99.2 MB
    anchor_many: 1,000 claims in a 50,000-word article after 200 edits: 376 ms (10 orphans)

list_claims returns every matching claim as a record, so its cost grows with the number
returned (about 60 µs a claim, mostly decoding JSON and date columns); the window never
lists more than one article's claims at a time.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert

from claimdesk.core import articles, claims
from claimdesk.core.anchoring import describe
from claimdesk.core.articles import text_sha256
from claimdesk.core.records import ArticleDraft
from claimdesk.store.engine import Store
from claimdesk.store.models import Article, Claim, StatusChange
from claimdesk.store.types import utcnow

HERE = Path(__file__).resolve().parent
STATUSES = ("unverified", "in_progress", "verified", "disputed", "false", "misleading")

WHO = [
    "The council",
    "A regional bank",
    "The transport minister",
    "Hospital managers",
    "A farmers' group",
    "The statistics office",
    "Two city planners",
    "The school board",
]
SAID = ["announced", "stated", "wrote", "told reporters", "estimated", "argued", "admitted"]
WHAT = [
    "that fares climbed by {n} percent",
    "that {n} bridges need urgent repair",
    "that harvests were {n} percent below average",
    "that {n} teachers left last year",
    "that the deficit narrowed to {n} million",
    "that emergency calls doubled in {n} days",
    "that {n} households still lack broadband",
    "that exports grew for {n} months",
]
WHEN = [
    "during the winter",
    "in its annual review",
    "despite earlier promises",
    "at a packed meeting",
    "before the vote",
    "in a letter to residents",
]


def sentence(rng: random.Random) -> str:
    what = rng.choice(WHAT).format(n=rng.randint(2, 400))
    return f"{rng.choice(WHO)} {rng.choice(SAID)} {what}, {rng.choice(WHEN)}."


def article_text(rng: random.Random, words: int = 300) -> str:
    paragraphs: list[str] = []
    total = 0
    while total < words:
        para = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        paragraphs.append(para)
        total += len(para.split())
    return "\n\n".join(paragraphs)


def claim_spans(rng: random.Random, text: str, count: int) -> list[tuple[int, int]]:
    """``count`` spans of 3 to 10 whole words, starting at word starts."""
    starts = [0] + [
        i + 1 for i, ch in enumerate(text) if ch in " \n" and text[i + 1 : i + 2].strip()
    ]
    spans: list[tuple[int, int]] = []
    for _ in range(count):
        start = rng.choice(starts[:-12])
        end = start
        for _ in range(rng.randint(3, 10)):
            nxt = text.find(" ", end + 1)
            end = len(text) if nxt == -1 else nxt
        spans.append((start, end))
    return spans


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def fill_with_services(store: Store, texts: list[str], per_article: int, seed: int) -> int:
    rng = random.Random(seed)
    n = 0
    with store.session() as session:
        for i, text in enumerate(texts):
            info = articles.add_article(session, ArticleDraft(text=text, title=f"Article {i}"))
            for start, end in claim_spans(rng, text, per_article):
                claims.create_claim(session, info.id, start, end, actor="bench")
                n += 1
    return n


def set_statuses(store: Store) -> None:
    # The workflow service needs evidence for verdicts; status spread is not what is being
    # measured, so one UPDATE per status puts a sixth of the claims in each.
    from sqlalchemy import text

    with store.engine.begin() as con:
        for k, status in enumerate(STATUSES):
            con.execute(
                text("UPDATE claim SET status=:s WHERE id % :n = :k"),
                {"s": status, "n": len(STATUSES), "k": k},
            )


def fill_in_bulk(store: Store, texts: list[str], per_article: int, seed: int) -> int:
    """Bench-only: the same rows in one transaction with executemany (no core API)."""
    rng = random.Random(seed)
    now = utcnow()
    with store.engine.begin() as con:
        article_rows = [
            {
                "title": f"Article {i}",
                "text": t,
                "text_sha256": text_sha256(t),
                "retrieved_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for i, t in enumerate(texts)
        ]
        con.execute(insert(Article), article_rows)
        first = con.exec_driver_sql("SELECT min(id) FROM article").scalar_one()
        claim_rows: list[dict[str, Any]] = []
        for offset, text in enumerate(texts):
            for start, end in claim_spans(rng, text, per_article):
                sel = describe(text, start, end)
                claim_rows.append(
                    {
                        "article_id": first + offset,
                        "quote_exact": sel.quote.exact,
                        "quote_prefix": sel.quote.prefix,
                        "quote_suffix": sel.quote.suffix,
                        "pos_start": start,
                        "pos_end": end,
                        "statement": sel.quote.exact,
                        "status": "unverified",
                        "tags": [],
                        "kinds": [],
                        "facets": {},
                        "created_by": "bench",
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        "orphaned": False,
                    }
                )
        con.execute(insert(Claim), claim_rows)
        ids = con.exec_driver_sql("SELECT id FROM claim ORDER BY id").scalars().all()
        con.execute(
            insert(StatusChange),
            [
                {
                    "claim_id": cid,
                    "to_status": "unverified",
                    "actor": "bench",
                    "at": now,
                    "rationale": "Claim created.",
                }
                for cid in ids
            ],
        )
    return len(claim_rows)


def median_list_time(store: Store, status: str, runs: int) -> tuple[float, int]:
    times: list[float] = []
    found = 0
    for _ in range(runs):
        with store.session() as session:
            elapsed, items = timed(lambda s=session: claims.list_claims(s, statuses=[status]))
        times.append(elapsed)
        found = len(items)
    return statistics.median(times), found


def db_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def anchoring_figure(seed: int) -> tuple[float, int, int]:
    """anchor_many over bench_anchoring's own article, claims and edits."""
    spec = importlib.util.spec_from_file_location("bench_anchoring", HERE / "bench_anchoring.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up while being built
    spec.loader.exec_module(bench)
    rng = random.Random(seed)
    vocab = bench.make_vocabulary(rng)
    original = bench.make_article(rng, vocab)
    made = bench.make_claims(rng, original)
    selectors = [describe(original, c.start, c.end) for c in made]
    edited = bench.edit_article(rng, vocab, original, made)
    elapsed, results = timed(lambda: bench.anchor_many(edited, selectors))
    return elapsed, len(selectors), sum(1 for r in results if r.orphaned)


def report_desk(
    label: str,
    path: Path,
    store: Store,
    n_articles: int,
    n_claims: int,
    fill_time: float,
    runs: int,
) -> None:
    set_statuses(store)
    list_time, found = median_list_time(store, "disputed", runs)
    store.engine.dispose()  # fold the WAL back so the size is the file a user would copy
    print(
        f"[{label}] {n_articles:,} articles + {n_claims:,} claims: {fill_time:.1f} s "
        f"({fill_time / (n_articles + n_claims) * 1e3:.2f} ms per row)"
    )
    print(
        f"[{label}] list_claims(statuses=['disputed']) -> {found:,} claims: "
        f"median {list_time * 1e3:.0f} ms over {runs} runs"
    )
    print(f"[{label}] database size: {db_size(path) / 1024 / 1024:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims-per-article", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="list_claims repetitions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--skip-services",
        action="store_true",
        help="only the bulk path (the service path takes minutes)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [article_text(rng) for _ in range(args.articles)]
    words = statistics.mean(len(t.split()) for t in texts)
    print(f"generated {len(texts):,} articles, {words:.0f} words each on average")

    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        if not args.skip_services:
            path = Path(tmp) / "services.sqlite3"
            store = Store.open(str(path))
            elapsed, n = timed(
                lambda: fill_with_services(store, texts, args.claims_per_article, args.seed)
            )
            report_desk("services", path, store, len(texts), n, elapsed, args.runs)
            store.close()
        path = Path(tmp) / "bulk.sqlite3"
        store = Store.open(str(path))
        elapsed, n = timed(lambda: fill_in_bulk(store, texts, args.claims_per_article, args.seed))
        report_desk("bulk", path, store, len(texts), n, elapsed, args.runs)
        store.close()

    elapsed, n, orphans = anchoring_figure(20_240_601)
    print(
        f"anchor_many: {n:,} claims in a 50,000-word article after 200 edits: "
        f"{elapsed * 1e3:.0f} ms ({orphans} orphans)"
    )


if __name__ == "__main__":
    main()
