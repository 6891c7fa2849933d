"""Fixtures shared by the whole suite: real SQLite desks in temporary folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt aborts the whole process without a display; tests use the offscreen platform unless
# a test (end-to-end) starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A file of ../shared/data, or skip: a user's clone has no shared/ folder."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/data exists only in the development checkout")
    return path


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's real settings or desk."""
    home = tmp_path_factory.mktemp("claimdesk-home")
    monkeypatch.setenv("CLAIMDESK_HOME", str(home))
    monkeypatch.delenv("CLAIMDESK_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    from claimdesk.store.engine import Store

    s = Store.open(str(db_path))
    yield s
    s.close()


@pytest.fixture
def session(store: object) -> Iterator[object]:
    from claimdesk.store.engine import Store

    assert isinstance(store, Store)
    with store.session() as s:
        yield s
