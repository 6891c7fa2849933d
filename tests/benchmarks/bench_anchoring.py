"""Benchmark: re-anchor 1,000 claims in a 50,000-word article after 200 scattered edits.

Run: ``.venv/bin/python tests/benchmarks/bench_anchoring.py [--seed N]``

The article is synthetic (sentences drawn from generated word lists), so the figures do
not depend on any data set. Edits insert, delete or replace one to four words; about a
quarter are aimed inside claim quotes. The ground truth for every claim is tracked
through the edits, so the script can check that every claim whose quote text was left
untouched is re-placed exactly where it now is.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from claimdesk.core.anchoring import Selectors, anchor_many, describe

WORDS = 50_000
CLAIMS = 1_000
EDITS = 200
HIT_SHARE = 0.25

FUNCTION_WORDS = (
    *("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "was", "with", "as"),
    *("by", "at", "from", "it", "be", "this", "has", "have", "are", "said", "were", "which"),
    *("an", "or", "its", "more", "than", "after", "but", "about", "their", "not", "would"),
)
ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "st", "tr"]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
CODAS = ["", "n", "r", "s", "t", "l", "nd", "ck"]


@dataclass
class Claim:
    start: int
    end: int
    touched: bool = False


def make_vocabulary(rng: random.Random, size: int = 3_000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        syllables = rng.randint(1, 3)
        words.add(
            "".join(
                rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                for _ in range(syllables)
            )
        )
    return sorted(words)


def random_words(rng: random.Random, vocab: list[str], count: int) -> list[str]:
    # Function words make up about a third of running English text; keep that texture so
    # short quotes repeat the way they do in real articles.
    return [
        rng.choice(FUNCTION_WORDS) if rng.random() < 0.35 else rng.choice(vocab)
        for _ in range(count)
    ]


def make_article(rng: random.Random, vocab: list[str]) -> str:
    paragraphs: list[str] = []
    sentences: list[str] = []
    total = 0
    while total < WORDS:
        size = min(rng.randint(8, 24), WORDS - total)
        words = random_words(rng, vocab, size)
        if rng.random() < 0.3:
            words[rng.randrange(size)] = f"{rng.randint(2, 980)}%"
        sentences.append(" ".join(words).capitalize() + ".")
        total += size
        if len(sentences) >= rng.randint(3, 7):
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def word_starts(text: str) -> list[int]:
    return [
        i for i in range(len(text)) if (i == 0 or text[i - 1] in " \n") and text[i] not in " \n"
    ]


def word_end(text: str, start: int, words: int) -> int:
    at = start
    for _ in range(words):
        at = text.find(" ", at + 1)
        if at == -1:
            return len(text)
    return at


def make_claims(rng: random.Random, text: str) -> list[Claim]:
    starts = word_starts(text)
    claims: list[Claim] = []
    for _ in range(CLAIMS):
        start = rng.choice(starts)
        claims.append(Claim(start, word_end(text, start, rng.randint(4, 14))))
    return claims


def apply_edit(text: str, claims: list[Claim], at: int, cut: int, new: str) -> str:
    """Replace text[at:at+cut] with ``new`` and carry every claim's true span along."""
    stop = at + cut
    delta = len(new) - cut
    for claim in claims:
        if claim.end <= at:
            continue
        if claim.start >= stop:
            claim.start += delta
            claim.end += delta
            continue
        # The edit overlaps the quote: its true place is now the edited region around it.
        claim.touched = True
        claim.start = min(claim.start, at)
        claim.end = claim.end + delta if claim.end >= stop else at + len(new)

    return text[:at] + new + text[stop:]


def next_word_start(text: str, at: int) -> int:
    space = text.find(" ", at)
    return 0 if space == -1 else space + 1


def edit_article(rng: random.Random, vocab: list[str], text: str, claims: list[Claim]) -> str:
    for _ in range(EDITS):
        if rng.random() < HIT_SHARE:
            target = rng.choice([c for c in claims if not c.touched] or claims)
            at = next_word_start(text, rng.randrange(target.start, target.end))
            if at >= target.end:
                at = target.start
        else:
            at = next_word_start(text, rng.randrange(len(text)))
        count = rng.randint(1, 4)
        kind = rng.choice(("insert", "delete", "replace"))
        words = " ".join(random_words(rng, vocab, count)) + " "
        end = min(word_end(text, at, count) + 1, len(text))
        if kind == "insert":
            text = apply_edit(text, claims, at, 0, words)
        elif kind == "delete":
            text = apply_edit(text, claims, at, end - at, "")
        else:
            text = apply_edit(text, claims, at, end - at, words)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20_240_601)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    vocab = make_vocabulary(rng)
    original = make_article(rng, vocab)
    claims = make_claims(rng, original)

    began = time.perf_counter()
    selectors: list[Selectors] = [describe(original, c.start, c.end) for c in claims]
    describe_time = time.perf_counter() - began

    edited = edit_article(rng, vocab, original, claims)

    began = time.perf_counter()
    results = anchor_many(edited, selectors)
    elapsed = time.perf_counter() - began

    methods = Counter(r.method for r in results)
    untouched = [(c, r) for c, r in zip(claims, results, strict=True) if not c.touched]
    exact_right = sum(1 for c, r in untouched if (r.start, r.end) == (c.start, c.end))
    touched = [(c, r) for c, r in zip(claims, results, strict=True) if c.touched]
    touched_overlap = sum(
        1
        for c, r in touched
        if r.start is not None and r.end is not None and r.start < c.end and c.start < r.end
    )
    touched_orphans = sum(1 for _, r in touched if r.orphaned)

    words = len(original.split())
    print(f"article: {words:,} words, {len(original):,} chars -> {len(edited):,} chars")
    print(f"claims: {len(claims):,}, edits: {EDITS} (seed {args.seed})")
    print(f"describe: {describe_time * 1000:.1f} ms")
    per_claim = elapsed / len(claims) * 1e6
    print(f"anchor_many: {elapsed * 1000:.1f} ms total, {per_claim:.1f} µs per claim")
    print(
        "by method: "
        + ", ".join(f"{m}={methods.get(m, 0)}" for m in ("position", "quote", "fuzzy", "orphan"))
    )
    print(f"orphans: {methods.get('orphan', 0)}")
    print(f"untouched quotes re-placed exactly right: {exact_right}/{len(untouched)}")
    print(
        f"edited quotes: {len(touched)}; placed over their edited text: {touched_overlap}, "
        f"orphaned: {touched_orphans}, "
        f"placed elsewhere: {len(touched) - touched_overlap - touched_orphans}"
    )
    if exact_right != len(untouched):
        raise SystemExit("FAIL: some untouched quotes were misplaced")


if __name__ == "__main__":
    main()
