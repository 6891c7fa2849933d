"""Where the window's start-up imports go, from ``python -X importtime`` (bench_startup.py).

    .venv/bin/python tests/benchmarks/startup_imports.py DESK   (offscreen)

Prints (1) each heavy package's first import on the start path with its cumulative
time and the claimdesk module whose import statement pulled it in, (2) the claimdesk
modules on the path that import a heavy package (or a claimdesk module that does) at
module level, and (3) the own cost (self time) of claimdesk.ui.*, the rest of claimdesk,
and everything else.  With PYTHONDONTWRITEBYTECODE=1 and no bytecode, claimdesk's self
times include compiling it.
"""

from __future__ import annotations

import ast
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "pydantic_core",
    "alembic",
    "httpx",
    "keyring",
    "spacy",
    "numpy",
    "platformdirs",
    "PySide6",
    "shiboken6",
)


@dataclass
class Entry:
    name: str
    self_us: int
    cum_us: int
    depth: int
    parent: Entry | None = None
    children: list[Entry] = field(default_factory=list)


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    for line in text.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|", 2)
        depth = (len(name) - len(name.lstrip())) // 2
        entries.append(Entry(name.strip(), int(self_us), int(cum_us), depth))
    pending: list[Entry] = []  # children are printed before their parent
    for e in entries:
        while pending and pending[-1].depth > e.depth:
            child = pending.pop()
            child.parent = e
            e.children.append(child)
        pending.append(e)
    return entries


def importer(e: Entry) -> str:
    p = e.parent
    while p is not None and not p.name.startswith("claimdesk"):
        p = p.parent
    return p.name if p is not None else "(interpreter / -m)"


def module_level_imports(module: str) -> set[str]:
    rel = Path(*module.split("."))
    for path in (REPO / rel.with_suffix(".py"), REPO / rel / "__init__.py"):
        if path.exists():
            break
    else:
        return set()
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def run(env: dict[str, str], desk: Path) -> str:
    home = tempfile.mkdtemp(prefix="bench-imports-home-")
    env = dict(env, CLAIMDESK_HOME=home, CLAIMDESK_EXIT_AFTER_READY="1")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimdesk", "--db", str(desk)],
        env=env,
        capture_output=True,
        text=True,
        cwd=str(REPO),
        timeout=120,
    )
    return done.stderr


SQL_FAMILY = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_extensions",
    "typing_inspection",
)


def _median(values: list[int]) -> float:
    return statistics.median(values) / 1000 if values else 0.0


def table(texts: list[str]) -> None:
    """Median times (ms) over the runs, on the tree of the first run."""
    runs = [parse(t) for t in texts]
    entries = runs[0]
    names = {e.name for e in entries}
    self_ms = {n: _median([e.self_us for r in runs for e in r if e.name == n]) for n in names}
    cum_ms = {n: _median([e.cum_us for r in runs for e in r if e.name == n]) for n in names}
    print(
        f"    heavy packages on the start path (first import), median of {len(runs)} runs: "
        "cumulative ms, pulled in by"
    )
    for e in entries:
        if e.name in HEAVY:
            print(f"      {e.name:30s} {cum_ms[e.name]:7.1f} ms   {importer(e)}")
    print("    claimdesk modules importing them at module level (directly, or via claimdesk)")
    on_path = [e for e in entries if e.name.startswith("claimdesk")]
    heavy_mods: set[str] = set()
    grown = True
    while grown:  # until no module is added: "via" needs the modules it imports decided
        grown = False
        for e in on_path:
            direct = module_level_imports(e.name)
            heavy = {d.split(".")[0] for d in direct} & set(HEAVY) - {"PySide6", "shiboken6"}
            if e.name not in heavy_mods and (heavy or direct & heavy_mods):
                heavy_mods.add(e.name)
                grown = True
    for e in on_path:
        if e.name not in heavy_mods:
            continue
        direct = module_level_imports(e.name)
        heavy = sorted({d.split(".")[0] for d in direct} & set(HEAVY) - {"PySide6", "shiboken6"})
        via = sorted(d for d in direct if d in heavy_mods and d in names)
        print(
            f"      {e.name:30s} cum {cum_ms[e.name]:6.1f} ms  "
            f"self {self_ms[e.name]:5.1f}  <- {', '.join(heavy + via)}"
        )

    def total(pick: object) -> float:
        return statistics.median(
            sum(e.self_us for e in r if pick(e.name)) / 1000  # type: ignore[operator]
            for r in runs
        )

    ui_light = total(lambda n: n.startswith("claimdesk.ui") and n not in heavy_mods)
    ui_heavy = total(lambda n: n.startswith("claimdesk.ui") and n in heavy_mods)
    other = total(lambda n: n.startswith("claimdesk") and not n.startswith("claimdesk.ui"))
    sql = total(lambda n: n.split(".")[0] in SQL_FAMILY)
    qt = total(lambda n: n.split(".")[0] in ("PySide6", "shiboken6", "shibokensupport"))
    print(
        f"    own (self) time, medians: all imports {total(lambda n: True):.0f} ms; "
        f"SQLAlchemy+SQLModel+pydantic {sql:.0f} ms; PySide6/shiboken {qt:.0f} ms;\n"
        f"      claimdesk.ui.* {ui_light + ui_heavy:.0f} ms (of which the modules that need "
        f"no SQLAlchemy {ui_light:.0f} ms); other claimdesk {other:.0f} ms"
    )


def report(env: dict[str, str], desk: Path, work: Path, runs: int = 5) -> None:
    print(f"(3) import times on the window's start path (small desk, {runs} runs each)")
    print("  PYTHONDONTWRITEBYTECODE=1, claimdesk compiled at start:")
    table([run(env, desk) for _ in range(runs)])
    cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    run(cached, desk)  # fills the cache if bench_startup did not
    print("  bytecode cached:")
    table([run(cached, desk) for _ in range(runs)])


if __name__ == "__main__":
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        report(env, Path(sys.argv[1]), Path(tmp))
