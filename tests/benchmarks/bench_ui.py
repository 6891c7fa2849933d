"""The window's speed: opening a long article, a status change.

    .venv/bin/python tests/benchmarks/bench_ui.py

(b) open a 50,000-word article carrying 2,000 claims, until painted     bar 250 ms
(c) status change of one claim among those 2,000, until repainted       bar 30 ms

Both run in a child process on the offscreen platform.  Start-up, (a), has its own
benchmark against a bare PySide6 window: tests/benchmarks/bench_startup.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

LONG_WORDS = 50_000
LONG_CLAIMS = 2_000

WORDS = [
    "the",
    "minister",
    "said",
    "government",
    "report",
    "percent",
    "budget",
    "defence",
    "trade",
    "exports",
    "rose",
    "fell",
    "million",
    "billion",
    "agreement",
    "analysts",
    "officials",
    "year",
    "decade",
    "shipyards",
    "engines",
    "jets",
    "talks",
    "imports",
    "country",
    "workers",
    "prices",
    "inflation",
    "election",
    "council",
    "police",
    "hospital",
    "schools",
]


def sentence(i: int, n: int = 14) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return (" ".join(words)).capitalize() + f" {i}."


# building desks ------------------------------------------------------------------------------
def build_long_desk(path: Path) -> tuple[int, list[int]]:
    from claimdesk.core import articles, claims
    from claimdesk.core.records import ArticleDraft
    from claimdesk.store.engine import Store

    paragraphs, words = [], 0
    i = 0
    while words < LONG_WORDS:
        para = " ".join(sentence(i + k) for k in range(6))
        paragraphs.append(para)
        words += len(para.split())
        i += 6
    text = "A very long article\n\n" + "\n\n".join(paragraphs)
    store = Store.open(str(path))
    with store.session() as session:
        info = articles.add_article(session, ArticleDraft(text=text, title="A very long article"))
        articles.add_article(session, ArticleDraft(text=sentence(1), title="A short article"))
        step = len(text) // LONG_CLAIMS
        ids = []
        for k in range(LONG_CLAIMS):
            start = k * step + 30
            while text[start].isspace():
                start += 1
            rec = claims.create_claim(session, info.id, start, start + 60, actor="bench")
            ids.append(rec.id)
        session.commit()
    store.close()
    return info.id, ids


# (b) and (c) -------------------------------------------------------------------------------------
def bench_long_article(work: Path, pipeline: str) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["CLAIMDESK_HOME"] = str(work / f"home-{pipeline}")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from claimdesk.config import Settings
    from claimdesk.core import articles, claims
    from claimdesk.store.engine import Store
    from claimdesk.ui.main_window import MainWindow
    from claimdesk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["bench"])
    apply_theme(app)  # type: ignore[arg-type]
    db = work / "long.sqlite3"
    store = Store.open(str(db))
    settings = Settings()
    settings.pipeline = pipeline
    window = MainWindow(settings, QSettings(str(work / "w.ini"), QSettings.Format.IniFormat))
    window.show()
    ctl = window.attach(store)
    runner = ctl.runner
    with store.session() as session:
        by_title = {a.title: a.id for a in articles.list_articles(session, limit=10_000)}
        article_id, short_id = by_title["A very long article"], by_title["A short article"]
        claim_ids = [c.id for c in claims.list_claims(session, article_id=article_id)]

    def settled() -> None:
        """Until the runner has answered and the window has repainted."""
        while True:
            app.processEvents()
            if runner.idle():
                app.processEvents()
                if runner.idle():
                    break
            time.sleep(0.0005)
        window.repaint()

    opens = []
    for _ in range(5):
        ctl.article.open_article(short_id)
        settled()
        t = time.perf_counter()
        ctl.article.open_article(article_id)
        settled()
        opens.append(time.perf_counter() - t)
    med = statistics.median(opens) * 1000
    print(
        f"(b) open {LONG_WORDS:,}-word article, {len(claim_ids):,} claims (suggestions "
        f"{pipeline}), read off the UI thread, to painted: median {med:.0f} ms, "
        f"min {min(opens) * 1000:.0f} ms, bar 250 ms  {'ok' if med <= 250 else 'OVER BAR'}"
    )

    target = claim_ids[len(claim_ids) // 2]
    ctl.article.select_claim(target)
    settled()
    changes, repaints = [], []
    for k in range(10):
        action = ctl.claims.status_actions[1 if k % 2 == 0 else 0]  # In progress / Unverified
        painted: list[float] = []

        def seen(*_args: object, painted: list[float] = painted) -> None:
            painted.append(time.perf_counter())

        ctl.article.claims.model.dataChanged.connect(seen)
        t = time.perf_counter()
        action.trigger()  # what Ctrl+2 / Ctrl+1 do
        settled()
        done = time.perf_counter()
        ctl.article.claims.model.dataChanged.disconnect()
        changes.append(done - t)
        if painted:
            # from the runner's answer (the change set) to the repainted window
            repaints.append(done - painted[0])
    med = statistics.median(changes) * 1000
    rep = statistics.median(repaints) * 1000 if repaints else float("nan")
    print(
        f"(c) status change of 1 claim among {len(claim_ids):,} (suggestions {pipeline}): "
        f"key to repainted median {med:.0f} ms (min {min(changes) * 1000:.0f}); of which the "
        f"repaint from the change set median {rep:.0f} ms; bar 30 ms  "
        f"{'ok' if med <= 30 else 'OVER BAR'}"
    )
    window.close()
    import shiboken6

    shiboken6.delete(window)
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-only", choices=("auto", "off"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.long_only:
        bench_long_article(args.work, args.long_only)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as tmp:
        work = Path(tmp)
        build_long_desk(work / "long.sqlite3")
        for pipeline in ("off", "auto"):
            # a child process each: the suggestion worker has crashed the process before
            done = subprocess.run(
                [sys.executable, __file__, "--long-only", pipeline, "--work", str(work)],
                env={
                    **{k: v for k, v in os.environ.items() if k != "DISPLAY"},
                    "PYTHONUNBUFFERED": "1",
                    "PYTHONFAULTHANDLER": "1",
                },
                capture_output=True,
                text=True,
                timeout=600,
            )
            for line in done.stdout.splitlines():
                print(line)
            if done.returncode != 0:
                err = [x for x in done.stderr.splitlines() if "Fatal" in x or "Error" in x]
                print(
                    f"    (suggestions {pipeline}) process died, exit {done.returncode}: {err[:2]}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
