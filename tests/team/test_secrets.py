"""Passwords in the real OS keyring (Secret Service), and what happens without one."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from claimdesk import profiles, secrets
from claimdesk.config import config_dir

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _python(
    code: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def test_secrets_round_trip_in_the_real_keyring(keyring_service: None) -> None:
    name = f"test-{uuid.uuid4().hex[:8]}"
    assert secrets.get_secret(name) is None
    secrets.set_secret(name, "s3cret value")
    assert secrets.get_secret(name) == "s3cret value"
    secrets.delete_secret(name)
    assert secrets.get_secret(name) is None
    secrets.delete_secret(name)  # forgetting twice is fine


def test_a_profile_keeps_its_password_only_in_the_keyring(
    keyring_service: None, empty_db: str
) -> None:
    from sqlalchemy.engine import make_url

    from claimdesk.cli.main import main
    from claimdesk.store.engine import Store

    server = make_url(empty_db)
    role, password, database = server.username or "", server.password or "", server.database
    host, port = server.host or "localhost", server.port or 5432
    assert database
    name = f"desk-{uuid.uuid4().hex[:6]}"
    profiles.save_profile(
        profiles.Profile(name, host, database, role, port, "prefer", display_name="Ana Ruiz")
    )
    try:
        sys_stdin = sys.stdin
        sys.stdin = io.StringIO(password + "\n")
        try:
            out = io.StringIO()
            assert main(["password", "set", name, "--stdin"], stdout=out) == 0
        finally:
            sys.stdin = sys_stdin
        assert secrets.get_profile_password(name) == password
        for file in Path(config_dir()).glob("*.json"):
            assert password not in file.read_text("utf-8")
        assert "password" not in json.loads(profiles.profiles_path().read_text())["profiles"][0]
        store = Store.open(f"profile:{name}")
        try:
            assert store.identity == (role, "Ana Ruiz")
            assert password not in store.target
        finally:
            store.close()
        # The same server by URL without a password finds the profile's entry too.
        Store.open(f"postgresql://{role}@{host}:{port}/{database}").close()
        profiles.delete_profile(name)
        assert secrets.get_profile_password(name) is None
    finally:
        secrets.forget_profile_password(name)


def _password_set(name: str, password: str, *flags: str) -> tuple[int, str]:
    from claimdesk.cli.main import main

    sys_stdin, sys.stdin = sys.stdin, io.StringIO(password + "\n")
    try:
        out, err = io.StringIO(), io.StringIO()
        code = main(["password", "set", name, "--stdin", *flags], stdout=out, stderr=err)
    finally:
        sys.stdin = sys_stdin
    return code, out.getvalue() + err.getvalue()


def test_password_set_tries_the_password_before_storing_it(
    keyring_service: None, empty_db: str
) -> None:
    from sqlalchemy.engine import make_url

    server = make_url(empty_db)
    name = f"desk-{uuid.uuid4().hex[:6]}"
    profiles.save_profile(
        profiles.Profile(
            name, server.host or "localhost", server.database or "", server.username or "",
            server.port or 5432, "prefer",
        )
    )  # fmt: skip
    try:
        code, said = _password_set(name, "not-the-password")
        assert code != 0
        assert "refused the user name or password" in said
        assert "Nothing was stored" in said and "--no-check" in said
        assert secrets.get_profile_password(name) is None
        # --no-check stores what it is given, for a server that cannot be reached now
        code, said = _password_set(name, "not-the-password", "--no-check")
        assert code == 0, said
        assert secrets.get_profile_password(name) == "not-the-password"
        code, said = _password_set(name, server.password or "")
        assert code == 0, said
        assert secrets.get_profile_password(name) == server.password
    finally:
        secrets.forget_profile_password(name)
        profiles.delete_profile(name)


def test_without_a_session_bus_there_is_no_keyring_and_no_plain_text(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["CLAIMDESK_HOME"] = str(tmp_path)
    result = _python(
        """
        from claimdesk import secrets
        for call in (lambda: secrets.set_profile_password("p", "pw-typed"),
                     lambda: secrets.get_profile_password("p")):
            try:
                call()
            except secrets.SecretsUnavailable as exc:
                print("unavailable:", exc)
        print("status:", secrets.keyring_status() is not None)
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("unavailable: The system keyring is not available") == 2
    assert "status: True" in result.stdout
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not any("pw-typed" in p.read_text(errors="ignore") for p in written)


def test_a_locked_keyring_is_unavailable(tmp_path: Path, private_keyring_tools: None) -> None:
    """A private D-Bus session and gnome-keyring: store a secret, lock the collection,
    then claimdesk must refuse to read or write rather than prompt or fall back."""
    script = f"""
        set -e
        echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        {sys.executable} -c '
import keyring, secretstorage
from claimdesk import secrets
secrets.set_secret("k", "v1")
assert secrets.get_secret("k") == "v1"
bus = secretstorage.dbus_init()
secretstorage.get_default_collection(bus).lock()
for call in (lambda: secrets.get_secret("k"), lambda: secrets.set_secret("k", "v2")):
    try:
        call()
        print("answered")
    except secrets.SecretsUnavailable as exc:
        print("unavailable:", exc)
'
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env["HOME"] = str(tmp_path)  # a fresh keyring folder: the daemon creates "login"
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", textwrap.dedent(script)],
        env=env, capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("unavailable:") == 2, result.stdout
    assert "locked" in result.stdout


def test_with_the_fail_backend_the_cli_says_what_works_and_never_cuts_a_word(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "CLAIMDESK_HOME": str(tmp_path)}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    add = ["profile", "add", "desk", "--database", "d", "--user", "u"]
    made = subprocess.run([sys.executable, "-m", "claimdesk", *add], env=env, timeout=60)
    assert made.returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "password", "set", "desk", "--stdin"],
        input="pw-typed\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    said = result.stderr
    assert result.returncode == 1, said
    assert "PGPASSWORD" in said and "~/.pgpass" in said
    assert "type it for this session only" not in said  # impossible on the command line
    assert "non-recommend" not in said.replace("non-recommended", "")
    assert "pw-typed" not in said
    assert secrets.shorten("the non-recommended backends", 18) == "the\u2026"
    assert secrets.shorten("the non-recommended backends", 20) == "the non-recommended\u2026"
