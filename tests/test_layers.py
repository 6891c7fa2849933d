"""Architecture rules that keep claimdesk maintainable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = REPO / "pyproject.toml"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with this checkout's contracts, on the claimdesk package under ``root``.

    PYTHONPATH puts ``root`` first: the editable install may point at another checkout
    (a git worktree shares the main checkout's virtualenv)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(CONTRACTS)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_contracts_hold() -> None:
    """The import-linter contracts of pyproject.toml: the layers, no cycles, Qt only in
    ui, spaCy only in nlp, the keyring only in secrets."""
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


# (module, line added to it, the contract that must break, what the report must name)
BAD_IMPORTS = [
    # Imports inside functions count: hiding one there does not get it past the check.
    ("core/sources.py", "def _peek() -> None:\n    from claimdesk.nlp import matching\n",
     "Layers: each imports only the ones below it",
     "claimdesk.core.sources -> claimdesk.nlp.matching"),
    ("store/types.py", "from claimdesk.core import records\n",
     "Layers: each imports only the ones below it",
     "claimdesk.store.types -> claimdesk.core.records"),
    ("io/text.py", "from claimdesk.nlp import lexicon\n",
     "Layers: each imports only the ones below it",
     "claimdesk.io.text -> claimdesk.nlp.lexicon"),
    ("profiles.py", "from claimdesk.store import engine\n",
     "Layers: each imports only the ones below it",
     "claimdesk.profiles -> claimdesk.store.engine"),
    ("unplaced.py", "",
     "Layers: each imports only the ones below it", "- claimdesk.unplaced"),
    ("core/vocab.py", "from claimdesk.core import groups\n",
     "No import cycles between the modules of any claimdesk package", ".vocab -> .groups"),
    ("core/anchoring.py", "import spacy\n",
     "spaCy lives only in claimdesk.nlp", "claimdesk.core.anchoring -> spacy"),
    ("io/html.py", "from PySide6 import QtCore\n",
     "Qt lives only in claimdesk.ui", "claimdesk.io.html -> PySide6"),
    ("ui/theme.py", "import keyring\n",
     "Only claimdesk.secrets talks to the keyring", "claimdesk.ui.theme -> keyring"),
]  # fmt: skip


@pytest.mark.parametrize(("module", "line", "contract", "named"), BAD_IMPORTS)
def test_a_bad_import_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str, named: str
) -> None:
    shutil.copytree(
        REPO / "claimdesk",
        tmp_path / "claimdesk",
        ignore=shutil.ignore_patterns("__pycache__", "model"),
    )
    target = tmp_path / "claimdesk" / module
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(before + "\n" + line, encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    assert named in result.stdout


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
