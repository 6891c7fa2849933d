"""The Fact Check Tools API key lives only in the real keyring (Secret Service), and the
online lookup uses it against a local server that answers like the API."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk import secrets
from claimdesk.config import Settings, config_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from checks_server import KEY, api_server

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    from claimdesk.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(["--db", str(db), *args], stdout=out, stderr=err)
    finally:
        sys.stdin = saved
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def test_the_key_is_kept_in_the_keyring_and_used_for_the_lookup(
    keyring_service: None, tmp_path: Path
) -> None:
    db = tmp_path / "desk.sqlite3"
    secrets.forget_factcheck_key()
    try:
        with api_server() as api:
            Settings(checks_online="on", checks_api_url=api.search_url).save()
            refused = run(db, "checks", "lookup", "India is the world's largest arms importer")
            assert refused.returncode != 0 and "No API key is in the keyring" in refused.stderr
            assert run(db, "checks", "key", "set", stdin=KEY + "\n").returncode == 0
            assert secrets.get_factcheck_key() == KEY
            found = run(db, "checks", "lookup", "India is the world's largest arms importer")
            assert found.returncode == 0, found.stderr
            assert "Imported 1 new published check(s)" in found.stdout
            assert api.requests[-1][1]["X-Goog-Api-Key"] == KEY
            match = run(db, "checks", "match", "India is the largest arms importer in the world")
            assert "Harbour Checks, 9 January 2025: True" in match.stdout
        # the key is nowhere but in the keyring: not in the settings, the desk or the log
        for path in [*config_dir().rglob("*"), db, *Path(tmp_path).rglob("*.log")]:
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path
        from claimdesk.logs import log_dir

        for path in log_dir().rglob("*"):
            if path.is_file():
                assert KEY.encode() not in path.read_bytes(), path
    finally:
        assert run(db, "checks", "key", "forget").returncode == 0
    assert secrets.get_factcheck_key() is None
