"""`make lint` as tests, so the code stays clean: ruff's rules, ruff's formatting and mypy
(strict; configured in pyproject.toml, which also says what mypy leaves alone). The import
contracts (`lint-imports`) are checked by tests/test_layers.py.

The tools are the ones installed in the running virtualenv, next to ``sys.executable``;
each test skips, saying so, when its tool is not installed there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The same paths `make lint` checks.
PATHS = ["claimdesk", "tests"]


def tool(name: str) -> str:
    """The virtualenv's own executable ``name``, or skip the test."""
    found = shutil.which(name, path=str(BIN))
    if found is None:
        pytest.skip(f"{name} is not installed in {BIN} (the dev extras: pip install -e '.[dev]')")
    return found


def run(*args: str, timeout: float = 300) -> None:
    result = subprocess.run(list(args), cwd=REPO, capture_output=True, text=True, timeout=timeout)
    shown = " ".join([Path(args[0]).name, *args[1:]])
    assert result.returncode == 0, f"`{shown}` failed:\n{result.stdout}{result.stderr}"


def test_ruff_check() -> None:
    run(tool("ruff"), "check", "--no-cache", *PATHS)


def test_ruff_format() -> None:
    run(tool("ruff"), "format", "--check", "--no-cache", *PATHS)


def test_mypy() -> None:
    run(tool("mypy"))
