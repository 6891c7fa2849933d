"""Every third-party module claimdesk imports comes from a distribution pyproject.toml
declares, pinned: a fresh install must not depend on what happens to be installed
(lxml_html_clean arrived only through trafilatura's dependencies)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Imported by what claimdesk imports, on the path claimdesk uses, so declared as well:
# lxml.html.clean (trafilatura's justext) is a stub that imports lxml_html_clean.
INDIRECT = {"lxml_html_clean"}
# Fine-tuning the check-worthiness encoder and fitting the spotter's combination
# (`claimdesk train-checkworthiness`): the modules that may import what only the `train`
# extra installs (torch, scikit-learn and the like).
TRAINING = {
    "claimdesk/nlp/train_transformer.py",
    "claimdesk/nlp/train_encoder.py",
    "claimdesk/nlp/train_combination.py",
    "claimdesk/nlp/train_depth.py",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(extra: str | None = None) -> dict[str, str]:
    """Canonical distribution name -> its requirement, from [project] dependencies (and
    the optional dependencies of ``extra``)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = {}
    wanted = list(project["dependencies"])
    if extra:
        wanted += project["optional-dependencies"][extra]
    for requirement in wanted:
        name = re.match(r"[A-Za-z0-9_.\-]+", requirement)
        assert name, requirement
        out[canonical(name.group())] = requirement
    return out


def imported_modules(training: bool = False) -> dict[str, str]:
    """Top-level module -> the first file importing it, over claimdesk/**/*.py (or, with
    ``training``, over the training module alone)."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "claimdesk").rglob("*.py")):
        if (str(path.relative_to(REPO)) in TRAINING) != training:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(REPO)))
    return found


def third_party(modules: dict[str, str]) -> dict[str, str]:
    local = {"claimdesk", "__future__"}
    return {
        m: where
        for m, where in modules.items()
        if m not in sys.stdlib_module_names and m not in local
    }


def test_every_imported_package_is_declared() -> None:
    wanted = declared()
    owners = packages_distributions()
    problems = []
    for module, where in sorted(
        {**third_party(imported_modules()), **dict.fromkeys(INDIRECT, "(indirect)")}.items()
    ):
        dists = owners.get(module)
        if not dists:
            problems.append(f"{module} (imported in {where}) is not installed")
        elif not any(canonical(d) in wanted for d in dists):
            problems.append(
                f"{module} (imported in {where}) comes from {', '.join(dists)}, "
                "which pyproject.toml does not declare"
            )
    assert not problems, "; ".join(problems)


def test_the_training_module_imports_only_the_runtime_and_the_train_extra() -> None:
    wanted = declared("train")
    owners = packages_distributions()
    modules = third_party(imported_modules(training=True))
    assert {"torch", "transformers", "sklearn"} <= set(modules)
    for module, where in sorted(modules.items()):
        dists = owners.get(module) or []
        assert any(canonical(d) in wanted for d in dists), f"{module} ({where}) is not declared"


def test_every_dependency_is_pinned() -> None:
    loose = [r for r in {**declared(), **declared("train")}.values() if "==" not in r]
    assert not loose, f"not pinned with ==: {loose}"


def test_the_ast_walk_sees_imports() -> None:
    # the check above must not pass by finding nothing
    modules = third_party(imported_modules())
    assert {"sqlalchemy", "httpx", "lxml", "PySide6", "docx"} <= set(modules)
