"""The locks (requirements/run.lock, requirements/dev.lock) agree with pyproject.toml: a pin
changed, added or removed there and not re-locked with `make lock` fails here, so what
`make` installs cannot silently drift from what pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
RUN_LOCK = REPO / "requirements" / "run.lock"
DEV_LOCK = REPO / "requirements" / "dev.lock"
# how pip-compile names the requirements it read from pyproject.toml
FROM_PROJECT = "claimdesk (pyproject.toml)"
FROM_BUILD = "claimdesk (pyproject.toml::build-system.requires)"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass
class Pin:
    version: str
    hashes: int = 0
    via: set[str] = field(default_factory=set)


def read_lock(path: Path) -> dict[str, Pin]:
    """Canonical name -> its pin, the number of its hashes and what it is there for."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = re.match(r"([A-Za-z0-9][A-Za-z0-9_.\-]*)==(\S+)", line)
        if entry:
            name = canonical(entry.group(1))
            assert name not in pins, f"{path.name}: {name} pinned twice"
            current = pins[name] = Pin(entry.group(2))
        elif current is not None and "--hash=sha256:" in line:
            current.hashes += 1
        elif current is not None and (via := re.match(r"\s+#\s+(?:via\s+)?(\S.*)", line)):
            if via.group(1) != "via":
                current.via.add(via.group(1).strip())
        elif line and not line.startswith(" "):
            current = None  # a comment of pip-compile's own, not about the entry above
        else:
            assert not line.strip() or line.lstrip().startswith("#"), f"{path.name}: {line!r}"
    assert pins, f"{path.name} pins nothing"
    return pins


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def requirements(extras: tuple[str, ...] = ()) -> list[Requirement]:
    project = pyproject()["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return reqs


def disagreements(lock: dict[str, Pin], wanted: list[Requirement], name: str) -> list[str]:
    problems = []
    for req in wanted:
        pin = lock.get(canonical(req.name))
        if pin is None:
            problems.append(f"{req} is not in {name}")
        elif not req.specifier.contains(pin.version, prereleases=True):
            problems.append(f"pyproject.toml says {req}, {name} pins {pin.version}")
    # a direct dependency dropped from pyproject.toml but still locked as one
    direct = {n for n, pin in lock.items() if FROM_PROJECT in pin.via}
    for extra in sorted(direct - {canonical(r.name) for r in wanted}):
        problems.append(f"{name} locks {extra} for pyproject.toml, which no longer asks for it")
    return problems


def test_the_runtime_lock_matches_pyproject() -> None:
    problems = disagreements(read_lock(RUN_LOCK), requirements(), RUN_LOCK.name)
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_the_dev_lock_matches_pyproject() -> None:
    problems = disagreements(read_lock(DEV_LOCK), requirements(("dev",)), DEV_LOCK.name)
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_the_locks_satisfy_the_build_backend() -> None:
    # `make` installs claimdesk with --no-build-isolation, from the locked setuptools
    for lock_path in (RUN_LOCK, DEV_LOCK):
        lock = read_lock(lock_path)
        for raw in pyproject()["build-system"]["requires"]:
            req = Requirement(raw)
            pin = lock.get(canonical(req.name))
            assert pin is not None, f"{lock_path.name} lacks the build requirement {req}"
            assert req.specifier.contains(pin.version), f"{lock_path.name}: {req} vs {pin.version}"
            assert FROM_BUILD in pin.via, f"{lock_path.name}: {req.name} not locked for the build"


def test_the_runtime_lock_is_the_dev_lock_less_the_dev_tools() -> None:
    # `make run` uses the dev environment: the runtime lock must install the same versions
    run, dev = read_lock(RUN_LOCK), read_lock(DEV_LOCK)
    differ = {n: (p.version, dev[n].version) for n, p in run.items() if n in dev}
    differ = {n: v for n, v in differ.items() if v[0] != v[1]}
    missing = sorted(set(run) - set(dev))
    assert not differ and not missing, f"run.lock vs dev.lock: {differ}, missing {missing}"


def test_every_locked_package_has_hashes() -> None:
    # pip install --require-hashes refuses a lock with a package without one
    for lock_path in (RUN_LOCK, DEV_LOCK):
        bare = [n for n, pin in read_lock(lock_path).items() if not pin.hashes]
        assert not bare, f"{lock_path.name}: no hashes for {bare}"


def test_the_reader_sees_the_lock() -> None:
    # the checks above must not pass by reading nothing
    dev = read_lock(DEV_LOCK)
    assert len(dev) > 50
    assert FROM_PROJECT in dev["sqlmodel"].via
    assert "sqlmodel" in dev["pydantic"].via
    assert dev["setuptools"].hashes > 0


def test_make_installs_from_the_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(STAMP\):(.*)$", makefile, re.M)
    assert rule, "no rule for the install stamp"
    assert {"pyproject.toml", "$(DEV_LOCK)"} <= set(rule.group(1).split())
    # the lock is the whole tree: pip must not resolve (an extra such as weasel's
    # smart-open[http] would otherwise pull a release newer than the pin)
    assert "--no-deps --require-hashes -r $(DEV_LOCK)" in makefile
    assert "pip check" in makefile
