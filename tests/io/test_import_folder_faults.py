"""A folder import says what it skipped and why, and its exit status says so too."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimdesk.errors import ImportFailed
from claimdesk.io import importers

REPO = Path(__file__).resolve().parents[2]
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _without_root_reading() -> None:
    """In the child, before exec: root reads every folder through two capabilities;
    drop them from the bounding set so the command is bound by file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture
def shared_dir(tmp_path: Path) -> Iterator[Path]:
    try:
        yield tmp_path
    finally:
        for p in tmp_path.rglob("*"):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)


def _folder(base: Path) -> Path:
    folder = base / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("A short note about tram delays in the city centre.")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("A note nobody may read.")
    (folder / "gone.txt").symlink_to(base / "missing.txt")
    locked.chmod(0o000)
    return folder


def test_an_unreadable_subfolder_is_listed_and_the_exit_status_says_so(shared_dir: Path) -> None:
    folder = _folder(shared_dir)
    as_root = os.geteuid() == 0
    db = shared_dir / "desk.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "import", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO), "CLAIMDESK_HOME": str(shared_dir / "home")},
        preexec_fn=_without_root_reading if as_root else None,
    )
    assert result.returncode == 2, result.stderr  # some inputs were not imported
    assert result.stdout.split() == ["1"]  # a.txt
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, lines
    reason = "locked was skipped: the folder cannot be read (Permission denied)"
    assert any(reason in line for line in lines), lines
    assert any("gone.txt was skipped: it is not a readable file" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_iter_folder_yields_what_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A short note about tram delays.")
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    results = dict(importers.iter_folder(tmp_path))
    assert not isinstance(results[tmp_path / "a.txt"], ImportFailed)
    assert "it is not a readable file" in str(results[tmp_path / "gone.md"])
