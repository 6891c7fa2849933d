"""Start-up against a bare PySide6 window, spawned alternately in the same run.

    .venv/bin/python tests/benchmarks/bench_startup.py [--rounds N] [--display auto|xvfb|offscreen]
        [--keep DIR] [--bytecode both|off|on] [--imports]

Bar: spawn -> interactive window on an existing desk within 3x a bare PySide6 window,
and at most 1.0 s on a desk of 10,000 articles (2 cores).

Each round spawns, one after the other, in this order:
  bare          a QMainWindow, ready at the first event-loop turn after show()
  claimdesk     ``python -m claimdesk --db DESK`` (CLAIMDESK_STARTUP_REPORT=1, exits once
                its services are loaded): "ready" is the first event-loop turn after the
                window is shown, painted from ``core.quickread``; "services" is when the
                desk takes edits (SQLAlchemy, SQLModel, pydantic imported on a thread)
on a small desk (the sample and 20 articles, through the services) and on 10,000
articles with 2,000 claims (bulk insert, as bench_store.py does), and prints median and
best wall time from spawn to the "ready" line, and each median over the bare one's.

Bytecode: "off" runs with PYTHONDONTWRITEBYTECODE=1 and no bytecode for claimdesk
(Python compiles each claimdesk module at every start; site-packages keep theirs); "on"
runs with a private PYTHONPYCACHEPREFIX, after one unmeasured start of each program
that compiles everything (its time is printed as the first run), as ``make run`` gets
after ``compileall``.  ``--imports`` prints, from ``-X importtime``, which claimdesk
modules import the heavy packages on the window's start path, and what the window's
own modules cost.  The load average is printed before and after: on a shared machine
read the medians and best together.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

ARTICLES = 10_000
CLAIMS = 2_000
BAR_RATIO, BAR_LARGE = 3.0, 1.0
ARTICLES_LABEL = f"{ARTICLES:,} articles"

BARE = """
import time
T0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1360, 860)
window.show()
def ready():
    print(f"bare: ready after {time.perf_counter() - T0:.3f} s", flush=True)
    QTimer.singleShot(0, window.close)
QTimer.singleShot(0, ready)
app.exec()
"""

# Records, in the app process, when spaCy is first imported and by which thread.
SPACY_WATCH = r"""
import sys, threading, time
T0 = time.perf_counter()
class _Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "spacy" or name.startswith("spacy."):
            sys.stderr.write(
                f"BENCH-SPACY {time.perf_counter() - T0:.3f} {threading.current_thread().name}\n"
            )
            sys.stderr.flush()
            sys.meta_path.remove(self)
        return None
sys.meta_path.insert(0, _Watch())
sys.argv = ["claimdesk", *sys.argv[1:]]
from claimdesk.cli.main import main
raise SystemExit(main())
"""


# desks ----------------------------------------------------------------------------------
def sentence(i: int, n: int = 14) -> str:
    from bench_ui import sentence as bench_sentence  # the same words as the UI benchmark

    return bench_sentence(i, n)


def build_small_desk(path: Path) -> None:
    """The sample and 20 articles with claims in several statuses, through the services."""
    from claimdesk.core import articles, claims, verify
    from claimdesk.core.records import ArticleDraft
    from claimdesk.core.sample import load_sample_if_empty
    from claimdesk.store.engine import Store

    store = Store.open(str(path))
    with store.session() as s:
        load_sample_if_empty(s)
        for i in range(20):
            text = f"Story {i}\n\n" + " ".join(sentence(i + k) for k in range(10))
            info = articles.add_article(s, ArticleDraft(text=text, outlet="The Example"))
            for k in range(3):
                quote = sentence(i + k + 1)[:40]
                rec = claims.create_claim_by_quote(s, info.id, quote, actor="bench")
                if k:
                    verify.set_status(s, rec.id, "in_progress", actor="bench")
    store.close()


def build_large_desk(path: Path) -> None:
    """10,000 articles and 2,000 claims in one bulk transaction (bench-only path)."""
    from sqlalchemy import insert

    from claimdesk.core.anchoring import describe
    from claimdesk.core.articles import text_sha256
    from claimdesk.store.engine import Store
    from claimdesk.store.models import Article, Claim, StatusChange

    store = Store.open(str(path))
    now = datetime.now(UTC)
    rows, texts = [], []
    for i in range(ARTICLES):
        text = f"Headline number {i}\n\n" + " ".join(sentence(i + k) for k in range(12))
        texts.append(text)
        rows.append(
            dict(
                title=f"Headline number {i}: {sentence(i, 6)}",
                outlet=("Daily Bench", "The Example", "Wire Service")[i % 3],
                url=f"https://example.org/{i}",
                published_at=now - timedelta(hours=i),
                text=text,
                text_sha256=text_sha256(text),
                language="en",
                created_at=now,
                updated_at=now,
            )
        )
    statuses = ("unverified", "in_progress", "unverified", "in_progress")
    with store.session() as session:
        session.execute(insert(Article), rows)
        ids = [
            r[0] for r in session.execute(Article.__table__.select().with_only_columns(Article.id))
        ]
        claim_rows = []
        for k in range(CLAIMS):
            idx = (k * 37) % ARTICLES
            text = texts[idx]
            start = text.index(".", 30) + 2
            sel = describe(text, start, start + 40)
            claim_rows.append(
                dict(
                    article_id=ids[idx],
                    quote_exact=sel.quote.exact,
                    quote_prefix=sel.quote.prefix,
                    quote_suffix=sel.quote.suffix,
                    pos_start=start,
                    pos_end=start + 40,
                    statement=sel.quote.exact,
                    status=statuses[k % 4],
                    created_by="bench",
                    created_at=now,
                    updated_at=now,
                )
            )
        session.execute(insert(Claim), claim_rows)
        claim_ids = [
            r[0] for r in session.execute(Claim.__table__.select().with_only_columns(Claim.id))
        ]
        session.execute(
            insert(StatusChange),
            [dict(claim_id=c, to_status="unverified", actor="bench", at=now) for c in claim_ids],
        )
        session.commit()
    store.close()


def desk(keep: Path, name: str, build: object) -> Path:
    path = keep / f"{name}.sqlite3"
    if not path.exists():
        t = time.perf_counter()
        build(path)  # type: ignore[operator]
        print(
            f"  built {path.name} in {time.perf_counter() - t:.1f} s "
            f"({path.stat().st_size / 1e6:.1f} MB)"
        )
    return path


# spawning -------------------------------------------------------------------------------
class Display:
    """Xvfb on a free display when asked for (or when installed, for "auto"), else offscreen."""

    def __init__(self, kind: str) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.name = ""
        if kind == "xvfb" or (kind == "auto" and shutil.which("Xvfb")):
            r, w = os.pipe()
            self.proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(w), "-screen", "0", "1400x900x24", "-noreset"],
                pass_fds=(w,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            os.close(w)
            ready, _, _ = select.select([r], [], [], 10)
            self.name = ":" + os.read(r, 64).decode().strip() if ready else ""
            self._fd = r  # keep it open: Xvfb dies if it cannot write to it later
            if not self.name:
                raise SystemExit("Xvfb did not start")

    def env(self) -> dict[str, str]:
        drop = ("QT_QPA_PLATFORM", "CLAIMDESK_DB", "DISPLAY", "PYTHONPYCACHEPREFIX")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["PYTHONPATH"] = str(REPO)  # this checkout's code, not the editable install's
        if self.name:
            env["DISPLAY"] = self.name
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def close(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            os.close(self._fd)


def spawn(
    cmd: list[str], env: dict[str, str], until: str = "ready after"
) -> tuple[float, float, str]:
    """Spawn -> the "ready" line, in s; spawn -> the line containing ``until``; its gap."""
    taskset = ["taskset", "-c", "0,1"] if shutil.which("taskset") else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*taskset, *cmd], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(REPO)
    )
    assert proc.stdout is not None
    ready = later = 0.0
    gap = ""
    while True:
        line = proc.stdout.readline().decode()
        if not line:
            proc.kill()
            raise SystemExit(
                f"{cmd[-3:]} ended before {until!r}: {proc.communicate()[1][-2000:]!r}"
            )
        if "ready after" in line and not ready:
            ready = time.perf_counter() - t0
        if until in line:
            later = time.perf_counter() - t0
            gap = line.split("heartbeat gap")[-1].split()[0] if "heartbeat gap" in line else ""
            break
    try:
        proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
    return ready, later, gap


class Case:
    def __init__(self, label: str, cmd: list[str], until: str = "ready after") -> None:
        self.label, self.cmd, self.until = label, cmd, until
        self.ready: list[float] = []
        self.later: list[float] = []
        self.gaps: list[float] = []

    def run(self, env: dict[str, str]) -> None:
        ready, later, gap = spawn(self.cmd, env, self.until)
        self.ready.append(ready)
        if self.until != "ready after":
            self.later.append(later)
        if gap:
            self.gaps.append(float(gap))


def cases(work: Path, small: Path, large: Path) -> list[Case]:
    bare = work / "bare_window.py"
    bare.write_text(BARE)
    py = sys.executable
    out = [Case("bare PySide6 window", [py, str(bare)])]
    for name, db in (("small desk", small), (ARTICLES_LABEL, large)):
        # painted from a read-only look first; "services" is when edits can be made
        out.append(
            Case(
                f"claimdesk, {name}",
                [py, "-m", "claimdesk", "--db", str(db)],
                "services ready after",
            )
        )
    return out


def seed_home(home: Path, env: dict[str, str], small: Path) -> None:
    """One window start per home, so that window.ini names a last article."""
    spawn(
        [sys.executable, "-m", "claimdesk", "--db", str(small)], dict(env, CLAIMDESK_HOME=str(home))
    )


def bench_mode(
    label: str, env: dict[str, str], work: Path, small: Path, large: Path, rounds: int
) -> None:
    home = work / f"home-{label}"
    home.mkdir(exist_ok=True)
    env = dict(
        env, CLAIMDESK_HOME=str(home), CLAIMDESK_STARTUP_REPORT="1", CLAIMDESK_EXIT_AFTER_READY="1"
    )
    all_cases = cases(work, small, large)
    if "PYTHONPYCACHEPREFIX" in env:
        first = all_cases[1]  # today, small desk
        ready, _, _ = spawn(first.cmd, env, first.until)
        print(f"  first start, empty bytecode cache (compiles everything): {ready:.3f} s")
        for case in all_cases:  # the rest of the cache, unmeasured
            spawn(case.cmd, env, case.until)
    else:
        seed_home(home, env, small)
    for _ in range(rounds):
        for case in all_cases:
            case.run(env)
    bare = statistics.median(all_cases[0].ready)
    print(f"  {'spawn -> ready':36s} {'median':>7s} {'best':>7s} {'x bare':>7s}   (n={rounds})")
    for case in all_cases:
        med = statistics.median(case.ready)
        ratio = med / bare
        verdict = ""
        if case is not all_cases[0]:
            large_over = ARTICLES_LABEL in case.label and med > BAR_LARGE
            verdict = "ok" if ratio <= BAR_RATIO and not large_over else "OVER BAR"
        print(f"  {case.label:36s} {med:7.3f} {min(case.ready):7.3f} {ratio:7.2f}   {verdict}")
        if case.later:
            gap = (
                f"   longest gap median {statistics.median(case.gaps):.0f} ms" if case.gaps else ""
            )
            print(
                f"  {'   ... services loaded (editable)':36s} "
                f"{statistics.median(case.later):7.3f} {min(case.later):7.3f} "
                f"{statistics.median(case.later) / bare:7.2f}{gap}"
            )


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def check_spacy(env: dict[str, str], work: Path, large: Path) -> None:
    wrapper = work / "watch_spacy.py"
    wrapper.write_text(SPACY_WATCH)
    home = Path(tempfile.mkdtemp(prefix="bench-startup-home-"))
    env = dict(env, CLAIMDESK_HOME=str(home), CLAIMDESK_STARTUP_REPORT="1")
    taskset = ["taskset", "-c", "0,1"] if shutil.which("taskset") else []
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*taskset, sys.executable, str(wrapper), "--db", str(large)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(REPO),
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    wall = time.perf_counter() - t0
    time.sleep(3.0)
    proc.kill()
    _, err = proc.communicate(timeout=10)
    shutil.rmtree(home, ignore_errors=True)
    spacy = next((x for x in err.decode(errors="replace").splitlines() if "BENCH-SPACY" in x), "")
    if not spacy:
        print(f"  spaCy: not imported by ready ({wall:.3f} s) nor in the 3 s after  ok")
    else:
        at, thread = spacy.split()[1:3]
        where = "BEFORE READY" if float(at) < wall else "after ready"
        print(
            f"  spaCy: first imported {at} s after start on thread {thread!r}; "
            f"ready at {wall:.3f} s  -> {where}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--display", choices=("auto", "xvfb", "offscreen"), default="auto")
    parser.add_argument("--bytecode", choices=("both", "off", "on"), default="both")
    parser.add_argument("--keep", type=Path, help="build the desks here once and reuse them")
    parser.add_argument("--imports", action="store_true", help="also the import-time table")
    args = parser.parse_args()
    stray = sorted(p for p in (REPO / "claimdesk").rglob("__pycache__"))
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        work = Path(tmp)
        keep = args.keep or work
        keep.mkdir(parents=True, exist_ok=True)
        print(f"start-up vs a bare window; load average {load()}, {os.cpu_count()} cores")
        small = desk(keep, "small-v1", build_small_desk)
        large = desk(keep, "large-v1", build_large_desk)
        display = Display(args.display)
        print(f"  display: {'Xvfb ' + display.name if display.name else 'offscreen'}, cores 0-1")
        try:
            base = display.env()
            if args.bytecode in ("both", "off"):
                print(
                    "(1) PYTHONDONTWRITEBYTECODE=1, no bytecode for claimdesk "
                    "(it compiles at each start; site-packages have theirs)"
                )
                if stray:
                    print(
                        f"  NOTE: {len(stray)} __pycache__ folders under claimdesk/: "
                        "this mode reads their bytecode"
                    )
                bench_mode(
                    "off", dict(base, PYTHONDONTWRITEBYTECODE="1"), work, small, large, args.rounds
                )
            if args.bytecode in ("both", "on"):
                print("(2) bytecode cached (a private PYTHONPYCACHEPREFIX, as after compileall)")
                env = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
                env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
                bench_mode("on", env, work, small, large, args.rounds)
            check_spacy(dict(base, PYTHONDONTWRITEBYTECODE="1"), work, large)
            if args.imports:
                from startup_imports import report

                report(dict(base, PYTHONDONTWRITEBYTECODE="1"), small, work)
        finally:
            display.close()
        print(f"  load average after: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
