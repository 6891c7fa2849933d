"""Start-up: the window paints the desk before the database layer is loaded.

The real ``claimdesk`` process is started offscreen on an existing desk: its first
event-loop turn after show (the "ready" line) comes before SQLAlchemy is imported, and
the controllers take over afterwards ("services ready").  A new desk takes the normal
path (it is created, migrated and given the sample first).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "spacy")


def start(db: Path, home: Path) -> list[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CLAIMDESK_HOME": str(home),
        "CLAIMDESK_STARTUP_REPORT": "1",
        "CLAIMDESK_EXIT_AFTER_READY": "1",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stdout.splitlines() if line.startswith("claimdesk:")]


def test_the_window_modules_import_no_database_layer() -> None:
    code = (
        "import sys\n"
        "import claimdesk.ui.main_window, claimdesk.ui.first_paint, claimdesk.core.quickread\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_an_existing_desk_is_painted_before_the_database_layer_loads(tmp_path: Path) -> None:
    db, home = tmp_path / "desk.sqlite3", tmp_path / "home"
    first = start(db, home)  # a new desk: created, migrated, the sample loaded
    assert any("services ready" in line for line in first), first
    lines = start(db, home)
    ready = next(
        i for i, line in enumerate(lines) if " ready after" in line and "services" not in line
    )
    services = next(i for i, line in enumerate(lines) if "services ready after" in line)
    assert ready < services, lines
    assert "database layer loaded: no" in lines[ready], lines
