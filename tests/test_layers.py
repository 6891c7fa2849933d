"""Architecture rules that keep claimdesk maintainable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_qt_lives_only_in_ui() -> None:
    """import-linter contract from pyproject.toml: core, store, nlp, io never import Qt."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_start_up_does_not_import_spacy_or_qt() -> None:
    code = (
        "import sys, claimdesk.cli.main as m; m.build_parser(); "
        "slow = ('spacy', 'PySide6', 'trafilatura', 'pypdf', 'httpx'); "
        "bad = [n for n in slow if n in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


def test_every_package_is_listed_in_pyproject() -> None:
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "claimdesk").rglob("__init__.py")
    }
    assert found <= listed, f"add these to [tool.setuptools] packages: {sorted(found - listed)}"


def test_modules_stay_small() -> None:
    big = [
        (p.relative_to(REPO), n)
        for p in (REPO / "claimdesk").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert big == [], "split these modules by responsibility"
