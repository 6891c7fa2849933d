"""Benchmark: following a story and archiving its evidence (issue 15).

Run: ``.venv/bin/python tests/benchmarks/bench_archive.py [--verify-mb 1024] [--sources 100]``

1. Refresh with re-anchoring: a 50,000-word article with 1,000 claims gets 200 scattered
   edits; ``refresh_article`` (what the window's database thread runs) stores the new
   version, re-anchors every claim and flags changed wording, on a real SQLite desk.
2. Word-level diff of the two 50,000-word versions (bar: 300 ms).
3. Capture of N sources from a local HTTP server on 127.0.0.1 (throughput, peak memory
   of the Python heap), each kept in the archive.
4. ``verify-archive`` over about ``--verify-mb`` MB of snapshots (MB/s).

Figures depend on the machine (a shared 2-core box in development); they are printed,
not asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive_http import PAGE, serve

from claimdesk.core import archive, articles, claims, refresh
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft, add_source
from claimdesk.core.worddiff import word_diff
from claimdesk.io.capture import capture_url
from claimdesk.store.engine import Store

WORDS = 50_000
CLAIMS = 1_000
EDITS = 200


def synthetic(rng: random.Random) -> str:
    vocab = ["".join(rng.choice("abcdefghiklmnoprstuvw") for _ in range(rng.randint(2, 9)))
             for _ in range(3000)]  # fmt: skip
    words = [rng.choice(vocab) for _ in range(WORDS)]
    paragraphs, at = [], 0
    while at < len(words):
        n = rng.randint(40, 120)
        paragraphs.append(" ".join(words[at : at + n]) + ".")
        at += n
    return "Synthetic story\n\n" + "\n\n".join(paragraphs)


def edited(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(EDITS):
        i = rng.randrange(len(words))
        kind = rng.random()
        if kind < 0.33:
            words.insert(i, "inserted")
        elif kind < 0.66 and "\n" not in words[i]:
            words.pop(i)
        elif "\n" not in words[i]:
            words[i] = str(rng.randint(10, 99))
    return " ".join(words)


def bench_refresh(store: Store, rng: random.Random) -> tuple[str, str]:
    old = synthetic(rng)
    with store.session() as session:
        article_id = articles.add_article(session, ArticleDraft(text=old)).id
        step = len(old) // CLAIMS
        for k in range(CLAIMS):
            start = old.index(" ", k * step + 20) + 1
            end = old.index(" ", start + 30)
            claims.create_claim(session, article_id, start, end, actor="bench")
    new = edited(old, rng)
    with store.session() as session:
        t = time.perf_counter()
        result = refresh.refresh_article(session, article_id, ArticleDraft(text=new), actor="b")
        took = time.perf_counter() - t
        flagged = sum(1 for c in claims.list_claims(session, article_id=article_id)
                      if c.wording_changed)  # fmt: skip
    kinds = {k: sum(1 for c in result.claims if c.kind == k)
             for k in ("kept", "moved", "changed", "orphaned")}  # fmt: skip
    print(
        f"refresh + re-anchor {CLAIMS:,} claims, {WORDS:,} words, {EDITS} edits: "
        f"{took * 1000:.0f} ms (one transaction on the database thread); {kinds}, "
        f"{flagged} flagged wording changed"
    )
    return old, new


def bench_diff(old: str, new: str) -> None:
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        pieces = word_diff(old, new)
        runs.append(time.perf_counter() - t)
    changed = sum(1 for p in pieces if p.kind != "same")
    print(
        f"word-level diff of two {WORDS:,}-word versions: median "
        f"{sorted(runs)[2] * 1000:.0f} ms, worst {max(runs) * 1000:.0f} ms "
        f"(bar 300 ms); {changed} changed pieces"
    )


def bench_capture(store: Store, n: int) -> None:
    with serve() as web:
        ids = []
        with store.session() as session:
            for i in range(n):
                web.pages[f"s{i}"] = PAGE.replace(b"paragraph 0", f"paragraph {i}".encode())
                src = add_source(session, SourceDraft(url=web.url(f"/page/s{i}"), title=f"S{i}"))
                ids.append((src.id, src.url or ""))
        t = time.perf_counter()
        size = 0
        for source_id, url in ids:
            got = capture_url(url)
            size += len(got.content)
            with store.session() as session:
                archive.add_snapshot(session, source_id, got, actor="bench")
        took = time.perf_counter() - t
        # the heap is measured on a second pass: tracing slows Python down severalfold
        tracemalloc.start()
        for source_id, url in ids:
            got = capture_url(url)
            with store.session() as session:
                archive.add_snapshot(session, source_id, got, actor="bench")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"capture of {n} sources from 127.0.0.1: {took:.2f} s, {n / took:.0f} sources/s "
        f"({size / 1024:.0f} KB); Python heap peak while capturing {peak / 1024 / 1024:.1f} MB"
    )


def bench_verify(store: Store, megabytes: int) -> None:
    chunk = 25 * 1024 * 1024
    count = max(1, megabytes * 1024 * 1024 // chunk)
    with store.session() as session:
        src = add_source(session, SourceDraft(url="https://bench.example/big", title="Big"))
    for i in range(count):
        body = os.urandom(1024) * (chunk // 1024)
        got = archive.Capture(body[:-8] + i.to_bytes(8, "big"), "application/pdf",
                              time_now(), requested_url=src.url)  # fmt: skip
        with store.session() as session:
            archive.add_snapshot(session, src.id, got, actor="bench")
    with store.session() as session:
        tracemalloc.start()
        t = time.perf_counter()
        result = archive.verify_archive(session)
        took = time.perf_counter() - t
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    mb = result.bytes_checked / 1024 / 1024
    print(
        f"verify-archive over {result.snapshots} snapshots, {mb:,.0f} MB: {took:.1f} s, "
        f"{mb / took:.0f} MB/s, {len(result.mismatches)} mismatches, peak Python heap "
        f"{peak / 1024 / 1024:.0f} MB"
    )


def time_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--verify-mb", type=int, default=1024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(str(Path(folder) / "bench.sqlite3"))
        try:
            old, new = bench_refresh(store, rng)
            bench_diff(old, new)
            bench_capture(store, args.sources)
            bench_verify(store, args.verify_mb)
        finally:
            store.close()


if __name__ == "__main__":
    main()
