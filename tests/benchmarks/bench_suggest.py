"""Benchmark of the suggestion pipeline (a script: pytest does not collect it).

    .venv/bin/python tests/benchmarks/bench_suggest.py [--articles N] [--pipeline NAME]
        [--processes N]

Prints the pipeline load time, whole-library throughput (words/second over many
articles built from dev-set sentences when ../shared/data is present, else synthetic
ones) in one process and with ``--processes`` workers (worker start-up included),
latency for one 1,000-word article once loaded, and peak memory.  Wall-clock figures
suffer when others share the cores, so CPU time of this process is printed as well.
Bars: 20,000 words/s on 2 cores; 150 ms for a 1,000-word article.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from claimdesk.nlp.data import DEV, TRAIN, default_data_dir, read_tsv  # noqa: E402
from claimdesk.nlp.suggest import Suggester  # noqa: E402

SYNTHETIC = (
    "The port handled 4.2 million containers in 2023, up 8% from a year earlier.",
    "Officials said the new rail line would cut journey times by a third.",
    "It was a cold morning and the market opened late.",
    "The region is the country's largest producer of barley.",
    "Critics argue the plan is unfair to small farmers.",
    "According to the census office, the population fell by 12,000 people.",
    "We are delighted to welcome everyone here tonight.",
    "Fuel prices have doubled since 2021 because of supply problems.",
)


def _sentences() -> list[str]:
    data = default_data_dir()
    if (data / DEV).exists():
        return [r.text for r in read_tsv(data / DEV) + read_tsv(data / TRAIN)]
    return list(SYNTHETIC)


def _article(rng: random.Random, sentences: list[str], words: int) -> str:
    """Sentences drawn without replacement while the pool lasts, so caches do not flatter
    the figures (real articles rarely repeat sentences)."""
    out: list[str] = []
    count = 0
    while count < words:
        if len(sentences) > 1:
            s = sentences.pop(rng.randrange(len(sentences)))
        else:
            s = rng.choice(SYNTHETIC)
        out.append(s)
        count += len(s.split())
    return " ".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--words", type=int, default=800, help="words per library article")
    parser.add_argument("--pipeline", default="auto")
    parser.add_argument("--processes", type=int, default=2, help="workers for the 2nd pass")
    args = parser.parse_args()
    rng = random.Random(7)
    sentences = _sentences()
    rng.shuffle(sentences)

    started = time.perf_counter()
    suggester = Suggester(args.pipeline)
    suggester.load()
    load_s = time.perf_counter() - started
    print(f"pipeline      {suggester.info['label']}")
    print(f"load time     {load_s:.2f} s")

    library = [_article(rng, sentences, args.words) for _ in range(args.articles)]
    words = sum(len(a.split()) for a in library)
    suggester.suggest(library[0])  # warm up
    started, cpu = time.perf_counter(), time.process_time()
    found = suggester.suggest_many(library)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"library pass  {args.articles} articles, {words} words in {elapsed:.2f} s "
        f"= {words / elapsed:,.0f} words/s (bar 20,000); {words / cpu:,.0f} words per "
        f"CPU-second; {sum(map(len, found))} suggestions"
    )
    if args.processes > 1:
        started = time.perf_counter()
        again = suggester.suggest_many(library, n_process=args.processes)
        elapsed = time.perf_counter() - started
        same = "same suggestions" if again == found else "SUGGESTIONS DIFFER"
        print(
            f"{args.processes} processes   {words} words in {elapsed:.2f} s "
            f"= {words / elapsed:,.0f} words/s (bar 20,000), start-up included; {same}"
        )

    timings = []
    for _ in range(20):
        article = _article(rng, sentences, 1000)
        t0 = time.perf_counter()
        suggester.suggest(article)
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"1,000 words   median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms (bar 150 ms)"
    )

    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory   {peak_kb / 1024:.0f} MB (max RSS)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
