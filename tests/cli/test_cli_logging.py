"""An unexpected error in a command: one sentence on stderr, the traceback in the log."""

from __future__ import annotations

import io
import os
from pathlib import Path

from claimdesk.cli.main import main


def test_an_unexpected_error_goes_to_the_log_with_its_traceback(tmp_path: Path) -> None:
    # a closed output stream makes the command itself fail, as a bug would
    out = io.StringIO()
    out.close()
    err = io.StringIO()
    code = main(["--db", str(tmp_path / "desk.sqlite3"), "articles"], stdout=out, stderr=err)
    assert code == 1
    log = Path(os.environ["CLAIMDESK_LOG_DIR"]) / "claimdesk.log"
    message = err.getvalue()
    assert message.startswith("claimdesk: unexpected error (ValueError: I/O operation on closed")
    assert str(log) in message
    assert "Traceback" not in message
    text = log.read_text(encoding="utf-8")
    failed = "ERROR claimdesk.cli.main: cmd_articles failed\nTraceback (most recent call last):"
    assert failed in text
    assert "ValueError: I/O operation on closed file" in text


def test_a_refusal_is_a_line_in_the_log_without_a_traceback(tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(["--db", str(tmp_path / "desk.sqlite3"), "article", "999"], stderr=err)
    assert code == 1
    text = (Path(os.environ["CLAIMDESK_LOG_DIR"]) / "claimdesk.log").read_text(encoding="utf-8")
    assert "cmd_article refused:" in text
    assert "Traceback" not in text
