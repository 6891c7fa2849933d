"""The start-up probe (bench_startup.py) paints from quickread and then loads the services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claimdesk.core import articles, claims
from claimdesk.core.records import ArticleDraft
from claimdesk.store.engine import Store

REPO = Path(__file__).resolve().parents[2]


def probe(db: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        PYTHONDONTWRITEBYTECODE="1",
        CLAIMDESK_HOME=str(home),
    )
    return subprocess.run(
        [sys.executable, "-m", "claimdesk.ui.startup_probe", "--db", str(db), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(REPO),
    )


def test_probe_paints_then_loads_the_services(tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    store = Store.open(str(db))
    with store.session() as s:
        info = articles.add_article(s, ArticleDraft(text="Exports rose 8 percent last year."))
        claims.create_claim_by_quote(s, info.id, "rose 8 percent", actor="a")
    store.close()
    for extra in ((), ("--thread",)):
        done = probe(db, tmp_path / "home", *extra)
        assert done.returncode == 0, done.stderr[-2000:]
        lines = done.stdout.splitlines()
        assert lines[0].startswith("probe: ready after"), lines
        assert lines[1].startswith("probe: services after"), lines


def test_probe_refuses_what_quickread_refuses(tmp_path: Path) -> None:
    done = probe(tmp_path / "absent.sqlite3", tmp_path / "home")
    assert done.returncode == 2
    assert "refused" in done.stdout
    assert not (tmp_path / "absent.sqlite3").exists()
