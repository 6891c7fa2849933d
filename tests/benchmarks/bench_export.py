"""Benchmark: a 1,000-claim report as HTML and as PDF.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_export.py [CLAIMS]
Bars: HTML under 1 s, PDF under 5 s (report building measured separately).
Not collected by pytest.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlmodel import Session

from claimdesk.core.articles import add_article
from claimdesk.core.records import ArticleDraft
from claimdesk.core.report import build_report
from claimdesk.core.vocab import Status
from claimdesk.store.engine import Store
from claimdesk.store.models import Claim, Evidence, Source, StatusChange

SENTENCE = (
    "The council said spending on roads rose by {n} percent in {y}, "
    "the largest rise since records began. "
)
CLAIMS_PER_ARTICLE = 25


def fill(session: Session, n_claims: int) -> None:
    """Rows written in bulk: the benchmark is about exporting, not about the services."""
    rng = random.Random(7)
    source = Source(
        url="https://stats.example/roads",
        title="Road spending statistics",
        publisher="Statistics office",
        kind="primary_data",
    )
    session.add(source)
    session.flush()
    statuses = [s.value for s in Status]
    made = 0
    while made < n_claims:
        sentences = [
            SENTENCE.format(n=rng.randint(2, 40), y=rng.randint(2000, 2024))
            for _ in range(CLAIMS_PER_ARTICLE)
        ]
        text = "".join(sentences)
        article = add_article(
            session,
            ArticleDraft(
                text=text, title=f"Roads report {made}", url=f"https://news.example/{made}"
            ),
        )
        pos = 0
        for sentence in sentences[: n_claims - made]:
            start, end = pos, pos + len(sentence) - 2
            status = statuses[made % len(statuses)]
            claim = Claim(
                article_id=article.id,
                quote_exact=text[start:end],
                quote_prefix=text[max(0, start - 32) : start],
                quote_suffix=text[end : end + 32],
                pos_start=start,
                pos_end=end,
                statement=text[start:end][:90],
                claimant="The council",
                status=status,
                rationale="Checked against the statistics office.",
                tags=["roads"],
            )
            session.add(claim)
            session.flush()
            session.add(
                Evidence(
                    claim_id=claim.id,
                    source_id=source.id,
                    stance="contradicts",
                    excerpt="Spending rose by 3 percent.",
                    locator="table 1",
                )
            )
            session.add(StatusChange(claim_id=claim.id, to_status="unverified", actor="bench"))
            session.add(
                StatusChange(
                    claim_id=claim.id, from_status="unverified", to_status=status, actor="bench"
                )
            )
            pos += len(sentence)
            made += 1
    session.commit()


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from claimdesk.io.export_html import export_html
    from claimdesk.ui.export_pdf import ensure_app, export_pdf

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "bench.sqlite3"))
        with store.session() as session:
            fill(session, n)
            t0 = time.perf_counter()
            report = build_report(session, organisation="Bench desk")
            t_build = time.perf_counter() - t0
        store.close()
        t0 = time.perf_counter()
        export_html(report, Path(tmp) / "r.html")
        t_html = time.perf_counter() - t0
        # Qt's application object and font database: paid once per process (the window
        # already has them; the command line pays them once per export)
        t0 = time.perf_counter()
        ensure_app()
        t_qt = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = export_pdf(report, Path(tmp) / "r.pdf")
        t_pdf = time.perf_counter() - t0
        size = (Path(tmp) / "r.pdf").stat().st_size
    print(f"claims: {len(report.claims)}")
    print(f"build_report: {t_build:.2f} s")
    print(f"HTML: {t_html:.2f} s (bar 1 s)")
    print(f"Qt start (once per process): {t_qt:.2f} s")
    print(f"PDF: {t_pdf:.2f} s, {pages} pages, {size / 1e6:.1f} MB (bar 5 s)")
    return 0 if t_html < 1 and t_pdf < 5 else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12 can abort in interpreter finalisation after a large QTextDocument run
    # ("none_dealloc"); the figures are printed, so leave without finalising.
    os._exit(code)
