"""The log file: where it lives, what reaches it, and uncaught exceptions in a real process."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk import logs


def test_the_folder_follows_the_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMDESK_LOG_DIR", str(tmp_path / "logs"))
    assert logs.log_file() == tmp_path / "logs" / "claimdesk.log"
    monkeypatch.delenv("CLAIMDESK_LOG_DIR")
    monkeypatch.setenv("CLAIMDESK_HOME", str(tmp_path / "home"))
    assert logs.log_dir() == tmp_path / "home" / "log"
    monkeypatch.delenv("CLAIMDESK_HOME")
    from platformdirs import user_log_dir

    assert logs.log_dir() == Path(user_log_dir("claimdesk", appauthor=False))


def test_records_reach_the_file_once_however_often_it_is_set_up(tmp_path: Path) -> None:
    path = logs.setup_logging()
    assert path == Path(os.environ["CLAIMDESK_LOG_DIR"]) / "claimdesk.log"
    assert logs.setup_logging() == path
    logging.getLogger("claimdesk.test").warning("a marker line")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert text.count("a marker line") == 1
    assert "WARNING claimdesk.test: a marker line" in text


def test_a_new_log_folder_moves_the_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = logs.setup_logging()
    assert first is not None
    logging.getLogger("claimdesk.test").warning("before the move")
    monkeypatch.setenv("CLAIMDESK_LOG_DIR", str(tmp_path / "elsewhere"))
    second = logs.setup_logging()
    assert second == tmp_path / "elsewhere" / "claimdesk.log"
    logging.getLogger("claimdesk.test").warning("after the move")
    assert "after the move" in second.read_text(encoding="utf-8")
    assert "after the move" not in first.read_text(encoding="utf-8")
    assert "before the move" in first.read_text(encoding="utf-8")


def test_the_file_rotates() -> None:
    path = logs.setup_logging()
    assert path is not None
    line = "x" * 1000
    for _ in range(logs.MAX_BYTES // 1000 + 10):
        logging.getLogger("claimdesk.test").warning(line)
    assert path.with_name("claimdesk.log.1").exists()
    assert path.stat().st_size < logs.MAX_BYTES


SCRIPT = """
import threading
from claimdesk.logs import setup_logging

setup_logging()

def work():
    raise ValueError("raised in a thread")

t = threading.Thread(target=work, name="worker-7")
t.start()
t.join()
raise RuntimeError("raised in the main thread")
"""


def test_uncaught_exceptions_are_logged_with_their_traceback(tmp_path: Path) -> None:
    log_dir = tmp_path / "log"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "CLAIMDESK_LOG_DIR": str(log_dir)},
    )
    assert result.returncode == 1
    # stderr still shows what any Python program shows
    assert "RuntimeError: raised in the main thread" in result.stderr
    text = (log_dir / "claimdesk.log").read_text(encoding="utf-8")
    assert "Uncaught exception in thread worker-7" in text
    assert "ValueError: raised in a thread" in text
    assert "CRITICAL claimdesk: Uncaught exception\nTraceback (most recent call last):" in text
    assert "RuntimeError: raised in the main thread" in text
    assert text.count("Traceback (most recent call last):") == 2


def test_an_unwritable_folder_does_not_stop_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAIMDESK_LOG_DIR", str(blocker / "log"))
    assert logs.setup_logging() is None
    assert "cannot keep a log" in capsys.readouterr().err
