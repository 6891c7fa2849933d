"""Benchmark: import 1,000 generated HTML articles from a folder with iter_folder.

Run: .venv/bin/python tests/benchmarks/bench_import.py [COUNT]
Bar: 1,000 articles in under 60 s on 2 cores.  Not collected by pytest.
"""

from __future__ import annotations

import html
import random
import sys
import tempfile
import time
from pathlib import Path

from claimdesk.errors import ImportFailed
from claimdesk.io.importers import iter_folder

SUBJECTS = [
    "The mayor",
    "A union spokesperson",
    "The health ministry",
    "Local traders",
    "The opposition leader",
    "A university study",
    "The water company",
    "Residents",
]
VERBS = ["claims", "insists", "denies", "reports", "estimates", "suggests", "warns"]
OBJECTS = [
    "that bus ridership fell by {n} percent",
    "that {n} new homes were finished",
    "that waiting lists shrank by {n} weeks",
    "that rents rose {n} percent in a year",
    "that the park lost {n} trees",
    "that crime dropped to a {n}-year low",
    "that the budget gap reached {n} million",
]
TAILS = [
    "since the spring",
    "according to its own figures",
    "though critics disagree",
    "in a statement on Friday",
    "without citing a source",
    "after a long review",
]
SITES = ["The Valley Herald", "Northside Daily", "Coastal Observer", "Metro Bulletin"]


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 90))
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}, {rng.choice(TAILS)}."


def page(i: int, rng: random.Random) -> str:
    paragraphs = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(3, 25))
    ]
    title = f"Story {i}: {sentence(rng)[:60]}"
    site = rng.choice(SITES)
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    extra = ""
    if i % 3 == 0:
        extra += "<ul>" + "".join(f"<li>{sentence(rng)}</li>" for _ in range(4)) + "</ul>"
    if i % 5 == 0:
        extra += f"<blockquote><p>{sentence(rng)}</p></blockquote>"
    if i % 7 == 0:
        extra += (
            "<table><tr><th>Year</th><th>Value</th></tr>"
            + "".join(
                f"<tr><td>{2000 + k}</td><td>{rng.randint(1, 999)}</td></tr>" for k in range(5)
            )
            + "</table>"
        )
    comments = "".join(
        f"<div class='comment'><p>Reader {k} writes: {sentence(rng)}</p></div>"
        for k in range(rng.randint(0, 8))
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {site}</title><meta name="author" content="Writer {i % 40}">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}T10:00:00Z">
<link rel="canonical" href="https://news.example/{i}"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li></ul></nav>
<div class="ad">Advertisement: try our new app!</div>
<article><h1>{html.escape(title)}</h1>{body}{extra}</article>
<section class="comments">{comments}</section><footer>Contact us</footer></body></html>"""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(20240514)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            (folder / f"article-{i:05d}.html").write_text(page(i, rng), encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.iterdir())
        start = time.perf_counter()
        ok = failed = chars = leaked = 0
        for _path, result in iter_folder(folder):
            if isinstance(result, ImportFailed):
                failed += 1
            else:
                ok += 1
                chars += len(result.text)
                leaked += "Reader " in result.text or "Advertisement" in result.text
        total = time.perf_counter() - start
    print(f"articles: {count} ({size / 1e6:.1f} MB of HTML), imported {ok}, failed {failed}")
    print(f"total: {total:.2f} s, per article: {total / count * 1000:.1f} ms")
    print(f"text extracted: {chars / 1e6:.1f} M characters; pages with comments/ads left: {leaked}")
    print("bar: 60 s total ->", "PASS" if total < 60 else "FAIL")


if __name__ == "__main__":
    main()
