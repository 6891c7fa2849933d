"""Four processes editing one claim of a SQLite desk at once lose no edit."""

from __future__ import annotations

from pathlib import Path

from sqlite_race import race


def test_four_processes_editing_one_claim_lose_nothing(tmp_path: Path) -> None:
    result = race(tmp_path / "desk.sqlite3", processes=4, seconds=8.0)
    # The race really happened: saves went through and stale ones were refused.
    assert result.accepted > 0 and result.conflicts > 0, result
    assert result.lost == 0, result
    assert result.broken_links == 0, result
