"""Benchmark of the check-worthiness encoder in the suggestion pipeline (a script).

    .venv/bin/python tests/benchmarks/bench_checkworthiness.py [--articles N] [--words N]
        [--processes N] [--skip-rss]

Prints, on this machine (the bars are for 2 cores):
  - model load time (the int8 ONNX session and tokenizer) and the whole pipeline's;
  - a 1,000-word article once loaded, through the whole pipeline (bar <= 250 ms);
  - a whole-library pass in words/s, in one process and with ``--processes`` workers
    (bar >= 3,000 words/s);
  - the analysis process's peak RSS, measured in a spawned process that runs the
    window's own entry point (``nlp.service.suggest_for``) over the library (bar <= 500 MB);
  - the installed size the runtime adds: onnxruntime, tokenizers, what only they pull
    in, and the model folder;
  - that the window's modules do not import onnxruntime (start-up itself: run
    tests/benchmarks/bench_startup.py, which this change leaves alone).
The library is built from CT24 dev/train sentences when ../shared/data is present, else
from synthetic ones.  Wall-clock figures suffer when others share the cores; the load
average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from claimdesk.nlp.data import DEV, TRAIN, default_data_dir, read_tsv  # noqa: E402

SYNTHETIC = (
    "The port handled 4.2 million containers in 2023, up 8% from a year earlier.",
    "Officials said the new rail line would cut journey times by a third.",
    "It was a cold morning and the market opened late.",
    "The region is the country's largest producer of barley.",
    "Critics argue the plan is unfair to small farmers.",
    "According to the census office, the population fell by 12,000 people.",
)


def sentences() -> list[str]:
    data = default_data_dir()
    if (data / DEV).exists():
        return [r.text for r in read_tsv(data / DEV) + read_tsv(data / TRAIN)]
    return list(SYNTHETIC)


def article(rng: random.Random, pool: list[str], words: int) -> str:
    out: list[str] = []
    count = 0
    while count < words:
        s = pool.pop(rng.randrange(len(pool))) if len(pool) > 1 else rng.choice(SYNTHETIC)
        out.append(s)
        count += len(s.split())
    # paragraphs of four sentences, as articles come
    return "\n\n".join(" ".join(out[i : i + 4]) for i in range(0, len(out), 4))


def load() -> str:
    a, b, c = os.getloadavg()
    return f"load {a:.2f} {b:.2f} {c:.2f}"


def cpu_name() -> str:
    """The CPU and the vector instruction sets onnxruntime chooses its kernels by (int8
    scores differ a little between them; see the model card)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return "CPU unknown"
    name = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE)
    flags = re.search(r"^flags\s*:\s*(.+)$", info, re.MULTILINE)
    have = set(flags.group(1).split()) if flags else set()
    sets = [f for f in ("avx", "avx2", "avx512f", "avx512_vnni", "avx_vnni") if f in have]
    return f"{name.group(1).strip() if name else 'CPU'} ({', '.join(sets) or 'no AVX'})"


def _name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [n.lower() for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(_name(req))
    return seen


def installed_size(names: set[str]) -> int:
    total = 0
    for name in names:
        dist = metadata.distribution(name)
        for f in dist.files or []:
            p = Path(str(dist.locate_file(f)))
            if p.is_file():
                total += p.stat().st_size
    return total


def runtime_added() -> tuple[list[str], int, int]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = [_name(r) for r in project["dependencies"]]
    new = ["onnxruntime", "tokenizers"]
    others = closure([n for n in runtime if n not in new])
    added = closure(new) - others
    model = REPO / "claimdesk" / "nlp" / "model"
    model_bytes = sum(p.stat().st_size for p in model.rglob("*") if p.is_file())
    return sorted(added), installed_size(added), model_bytes


RSS_CHILD = """
import resource, sys, json
sys.path.insert(0, {repo!r})
from claimdesk.nlp.service import start_worker, suggest_for
start_worker()  # as the window's analysis process starts
texts = json.load(open({path!r}, encoding="utf-8"))
n = 0
for t in texts:
    n += len(suggest_for("blank", t)[0])
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=800, help="words per library article")
    parser.add_argument("--processes", type=int, default=2, help="workers for the 2nd pass")
    parser.add_argument("--skip-rss", action="store_true", dest="skip_rss")
    args = parser.parse_args()
    from claimdesk.nlp.service import start_worker

    start_worker()  # this process scores like the analysis process: without torch
    print(f"machine       {os.cpu_count()} cores, {load()}; {cpu_name()}")
    rng = random.Random(7)
    pool = sentences()
    rng.shuffle(pool)

    t0 = time.perf_counter()
    from claimdesk.nlp.pipeline import load_checkworthy_model

    model = load_checkworthy_model()
    model_s = time.perf_counter() - t0
    from claimdesk.nlp.suggest import Suggester

    t1 = time.perf_counter()
    suggester = Suggester("blank")
    suggester.load()
    pipe_s = time.perf_counter() - t1
    print(
        f"model         claimdesk-checkworthy {model.version}, {model.meta['settings']['encoder']}"
    )
    print(f"load time     model {model_s:.2f} s (imports included); pipeline {pipe_s:.2f} s more")

    one = [article(rng, pool, 1000) for _ in range(21)]
    suggester.suggest(one[0])  # warm up
    timings = []
    for text in one[1:]:
        t = time.perf_counter()
        suggester.suggest(text)
        timings.append((time.perf_counter() - t) * 1000)
    print(
        f"1,000 words   median {statistics.median(timings):.0f} ms, "
        f"max {max(timings):.0f} ms (bar 250 ms)"
    )

    library = [article(rng, pool, args.words) for _ in range(args.articles)]
    words = sum(len(a.split()) for a in library)
    t, cpu = time.perf_counter(), time.process_time()
    found = suggester.suggest_many(library)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        f"library pass  1 process: {args.articles} articles, {words:,} words in {elapsed:.1f} s "
        f"= {words / elapsed:,.0f} words/s (bar 3,000); {words / cpu:,.0f} words per "
        f"CPU-second; {sum(map(len, found))} suggestions"
    )
    if args.processes > 1:
        t = time.perf_counter()
        again = suggester.suggest_many(library, n_process=args.processes)
        elapsed = time.perf_counter() - t
        same = "same suggestions" if again == found else "SUGGESTIONS DIFFER"
        print(
            f"              {args.processes} processes: {words / elapsed:,.0f} words/s, "
            f"start-up included; {same}"
        )
    print(
        f"this process  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )

    if not args.skip_rss:
        import json
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(library[:40], fh)
        code = RSS_CHILD.format(repo=str(REPO), path=fh.name)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.split()
        os.unlink(fh.name)
        print(
            f"analysis      peak RSS {int(out[1]) / 1024:.0f} MB after 40 articles "
            "through nlp.service.suggest_for (bar 500 MB)"
        )

    added, size, model_bytes = runtime_added()
    print(
        f"installed     runtime adds {size / 1e6:.0f} MB of packages ({', '.join(added)}) "
        f"+ {model_bytes / 1e6:.0f} MB model = {(size + model_bytes) / 1e6:.0f} MB"
    )
    window = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; import claimdesk.ui.main_window, claimdesk.ui.wiring, "
            "claimdesk.ui.ctl_adapt; "
            "print([m for m in ('onnxruntime', 'tokenizers', 'torch') if m in sys.modules])",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)},
        check=True,
    ).stdout.strip()
    print(f"window        modules import {window or '[]'} of onnxruntime/tokenizers/torch")
    print(f"machine       {load()} (after)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
