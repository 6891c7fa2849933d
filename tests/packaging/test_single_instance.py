"""One window per desk: a second claimdesk hands its files to the first (QtNetwork)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtNetwork")

from claimdesk.config import APP_ID
from claimdesk.ui.single_instance import SingleInstance, server_name

SECOND = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication
    from claimdesk.ui.single_instance import SingleInstance
    app = QCoreApplication(sys.argv[:1])
    sent = SingleInstance(sys.argv[1], analyst="tester").send_to_running(sys.argv[2:])
    sys.exit(0 if sent else 3)
    """
)


def test_name_depends_on_app_user_and_desk(tmp_path: Path) -> None:
    a = server_name(str(tmp_path / "a.sqlite3"), "ann")
    assert a.startswith(APP_ID + "-")
    assert a != server_name(str(tmp_path / "b.sqlite3"), "ann")
    assert a != server_name(str(tmp_path / "a.sqlite3"), "bob")
    assert server_name("postgresql://desk/x", "ann") != server_name("postgresql://desk/y", "ann")


def test_nobody_listening_means_first_instance(qapp: object, tmp_path: Path) -> None:
    instance = SingleInstance(str(tmp_path / "desk.sqlite3"), analyst="tester")
    started = time.perf_counter()
    assert not instance.send_to_running(["x.txt"], timeout_ms=500)
    assert time.perf_counter() - started < 2


def test_second_instance_sends_absolute_paths(qtbot: object, tmp_path: Path) -> None:
    db = str(tmp_path / "desk.sqlite3")
    first = SingleInstance(db, analyst="tester")
    assert first.listen()
    try:
        with qtbot.waitSignal(first.files_received, timeout=15000) as signal:  # type: ignore[attr-defined]
            second = subprocess.Popen(
                [sys.executable, "-c", SECOND, db, "article.txt", "https://example.org/a"],
                cwd=tmp_path,
            )
        assert signal.args[0] == [
            str((tmp_path / "article.txt").resolve()),
            "https://example.org/a",
        ]
        assert second.wait(15) == 0
    finally:
        first.close()


def test_stale_socket_is_replaced(qapp: object, tmp_path: Path) -> None:
    db = str(tmp_path / "desk.sqlite3")
    crashed = SingleInstance(db, analyst="tester")
    assert crashed.listen()
    # a crashed instance leaves its name behind; the next one must still be able to listen
    crashed._server = None  # forget it without closing, as a crash would
    fresh = SingleInstance(db, analyst="tester")
    assert fresh.listen()
    fresh.close()


def test_attach_imports_and_raises(qtbot: object, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    opened: list[list[str]] = []
    window = QWidget()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    instance = SingleInstance(str(tmp_path / "desk.sqlite3"), analyst="tester")
    instance.attach(window, opened.append)
    instance.files_received.emit(["/tmp/a.txt"])
    instance.files_received.emit([])
    assert opened == [["/tmp/a.txt"]]


def _launch(desk: Path, user: str, home: Path) -> subprocess.Popen[str]:
    import os

    env = {**os.environ, "CLAIMDESK_HOME": str(home), "CLAIMDESK_STARTUP_REPORT": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "--db", str(desk), "--user", user],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_ready(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if "services ready" in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"claimdesk exited early ({proc.returncode})")
    raise AssertionError("claimdesk did not get ready")


def test_two_analysts_on_one_os_account_get_two_windows(tmp_path: Path) -> None:
    """Two real claimdesk processes, one desk, one OS account: Alice and Bob each get a
    window; Alice launching again hands over to her window and says so, exit 0."""
    desk = tmp_path / "desk.sqlite3"
    alice = _launch(desk, "alice", tmp_path / "alice-home")
    bob = None
    try:
        _wait_ready(alice)
        bob = _launch(desk, "bob", tmp_path / "bob-home")
        _wait_ready(bob)  # a window of his own, not Alice's raised
        assert bob.poll() is None
        again = _launch(desk, "alice", tmp_path / "alice-home")
        out, _ = again.communicate(timeout=120)
        assert again.returncode == 0
        assert "alice already has this desk open; that window was raised" in out
        assert alice.poll() is None and bob.poll() is None
    finally:
        for proc in (alice, bob):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
