"""Figures for the model card's "Claim spans, claimants and kinds" (a script: pytest
does not collect it).

    .venv/bin/python tests/benchmarks/eval_spans.py [--pipeline NAME]

Prints the whole suggester on the project's news validation set (a sentence is flagged
when it gets at least one suggestion at --min-score) and the claimants' precision and
recall on the project's three claimant sets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from claimdesk.nlp.evaluate import (  # noqa: E402
    claimant_scores,
    prf,
    read_news_validation,
    suggester_flags,
)
from claimdesk.nlp.pipeline import load_pipeline  # noqa: E402
from claimdesk.nlp.suggest import Suggester  # noqa: E402

DATA = REPO / "tests" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pipeline", default="blank")
    parser.add_argument("--min-score", type=float, default=0.5)
    args = parser.parse_args()
    suggester = Suggester(args.pipeline)
    suggester.load()
    print(f"pipeline      {suggester.info['label']}")
    news = DATA / "checkworthiness" / "news_validation.tsv"
    rows = read_news_validation(news)
    flags = suggester_flags(suggester, news, min_score=args.min_score)
    p, r, f1, c = prf([row[2] for row in rows], flags)
    share = c["fp"] / (c["fp"] + c["tn"])
    print(
        f"news set      {len(rows)} sentences: P {p:.3f} R {r:.3f} F1 {f1:.3f}; "
        f"non-claims flagged {share:.1%} ({c['fp']} of {c['fp'] + c['tn']})"
    )
    nlp = load_pipeline(args.pipeline)
    for name in ("claimants.tsv", "claimants_heldout.tsv", "claimants_heldout2.tsv"):
        precision, recall, counts = claimant_scores(nlp, DATA / name)
        print(f"{name:22s} P {precision:.3f} R {recall:.3f} {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
