"""End to end: the real ``claimdesk`` window under its own Xvfb, driven with xdotool.

A fresh desk opens the sample article; the test selects two lines of it with the keyboard,
makes them a claim (Ctrl+E), marks the claim In progress (Ctrl+2), takes a screenshot and
quits (Ctrl+Q).  Every step is confirmed before the next one is taken, by polling the
window list or the desk's SQLite file, so a step that does not happen fails the test with
the app's standard error attached instead of passing by luck.
"""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

pytestmark = pytest.mark.e2e

T = TypeVar("T")
POLL = 0.05  # seconds between checks; `xdotool search --sync` only polls every 0.5 s
TEST_BUDGET = 60.0  # the whole test, start of Xvfb to the last assertion
SCREEN = "1400x900x24"


def _require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(
            f"end-to-end test needs {', '.join(missing)} on PATH "
            "(apt-get install xvfb xdotool imagemagick, as .ci/run does)"
        )


@pytest.fixture
def display() -> Iterator[str]:
    """A private X server on a display number it picks itself (``-displayfd``)."""
    _require("Xvfb", "xdotool", "import")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        # -noreset: otherwise the server resets when its last client leaves and the next
        # connection fails with a misleading "xcb-cursor0 is needed" from Qt.
        [
            *("Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN),
            "-noreset",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 10.0)
        number = os.read(read_fd, 64).decode().strip() if ready else ""
        if not number:
            server.kill()
            err = server.communicate(timeout=5)[1].decode(errors="replace")
            pytest.fail(f"Xvfb did not report a display within 10 s: {err[-2000:]}")
        yield f":{number}"
    finally:
        os.close(read_fd)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class App:
    """The claimdesk process and the helpers to drive and watch it."""

    def __init__(self, display: str, tmp_path: Path) -> None:
        self.display = display
        self.tmp_path = tmp_path
        self.db = tmp_path / "desk.sqlite3"
        self.out = tmp_path / "app.stdout"
        self.err = tmp_path / "app.stderr"
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "CLAIMDESK_DB")}
        env.update(
            DISPLAY=display,
            CLAIMDESK_HOME=str(tmp_path / "home"),
            CLAIMDESK_STARTUP_REPORT="1",
            QT_ACCESSIBILITY="0",
        )
        self.env = env
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "claimdesk", "--db", str(self.db), "--user", "e2e"],
                env=env,
                stdout=out,
                stderr=err,
                cwd=tmp_path,
            )

    # diagnostics ----------------------------------------------------------------------------
    def stderr_tail(self) -> str:
        try:
            return self.err.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def wait_for(self, what: str, check: Callable[[], T | None], timeout: float) -> T:
        """Poll ``check`` every 50 ms until it returns something truthy; fail if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            if self.proc.poll() is not None and what != "the app to exit":
                pytest.fail(
                    f"claimdesk exited with {self.proc.returncode} while waiting for {what}:\n"
                    f"{self.stderr_tail()}"
                )
            if time.monotonic() > deadline:
                shot = self.screenshot("timeout.png", quiet=True)
                pytest.fail(
                    f"timed out after {timeout:.0f} s waiting for {what} "
                    f"(screen: {shot})\nclaimdesk stderr:\n{self.stderr_tail()}"
                )
            time.sleep(POLL)

    # X11 --------------------------------------------------------------------------------------
    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if done.returncode not in (0, 1) or (done.returncode == 1 and args[0] != "search"):
            pytest.fail(f"xdotool {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "20", *keys)

    def main_window(self) -> str | None:
        """The id of the visible top-level window whose title ends in "claimdesk"."""
        for wid in self.xdotool("search", "--onlyvisible", "--name", "claimdesk").split():
            geometry = self.xdotool("getwindowgeometry", "--shell", wid)
            fields = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            if int(fields.get("WIDTH", 0)) > 400 and int(fields.get("HEIGHT", 0)) > 300:
                return wid
        return None

    def screenshot(self, name: str, *, quiet: bool = False) -> Path | None:
        path = self.tmp_path / name
        done = subprocess.run(
            ["import", "-display", self.display, "-window", "root", str(path)],
            capture_output=True,
            timeout=20,
        )
        if done.returncode != 0 or not path.exists():
            if quiet:
                return None
            pytest.fail(f"import could not take a screenshot: {done.stderr.decode()}")
        return path

    # the desk ---------------------------------------------------------------------------------
    def query(self, sql: str, *params: object) -> list[tuple[object, ...]] | None:
        """Rows of a read-only query, or None while the desk is not there or is busy."""
        if not self.db.exists():
            return None
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=0.2) as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            return None  # not created or migrated yet, or locked by a write in progress

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def app(display: str, tmp_path: Path) -> Iterator[App]:
    running = App(display, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def test_make_a_claim_and_set_it_in_progress(app: App) -> None:
    started = time.monotonic()

    # 1. the window is shown, has opened the sample article and has run its event loop
    window = app.wait_for("the claimdesk window", app.main_window, timeout=30)
    app.wait_for("the startup report", lambda: "ready after" in app.out.read_text(), timeout=15)
    title = app.xdotool("getwindowname", window).strip()
    assert title.startswith("India and France agree"), f"sample article not opened: {title!r}"
    articles = app.query("SELECT id, text FROM article")
    assert articles is not None and len(articles) == 1, (
        f"fresh desk should hold the sample: {articles}"
    )
    article_id, article_text = articles[0]
    assert isinstance(article_text, str)
    assert app.query("SELECT count(*) FROM claim") == [(0,)]

    # 2. select two visual lines of the body with the keyboard: click into the reader (the
    # central widget), go to the top, down past the headline and first paragraphs, then
    # Home, Shift+Down, Shift+End.  Two lines, because one might wrap onto a blank line
    # with other fonts; the quote is checked against the article text below.
    app.xdotool("mousemove", "--window", window, "600", "450", "click", "1")
    app.key("ctrl+Home", *(["Down"] * 16), "Home", "shift+Down", "shift+End")

    # 3. Ctrl+E makes it a claim
    app.key("ctrl+e")
    claims = app.wait_for(
        "the claim to be stored (Ctrl+E)",
        lambda: app.query("SELECT id, article_id, quote_exact, status FROM claim"),
        timeout=10,
    )
    assert len(claims) == 1, claims
    claim_id, claim_article, quote, status = claims[0]
    assert claim_article == article_id
    assert status == "unverified"

    # 4. Ctrl+2 (Claim > Set status > In progress) on the claim the window now shows
    app.key("ctrl+2")
    app.wait_for(
        "the claim to be In progress (Ctrl+2)",
        lambda: app.query("SELECT 1 FROM claim WHERE id = ? AND status = 'in_progress'", claim_id),
        timeout=10,
    )

    # 5. screenshot of the whole screen, kept with the test's files
    shot = app.screenshot("window-e2e.png")
    assert shot is not None and shot.stat().st_size > 10_000, "screenshot is empty"
    artifacts = os.environ.get("CLAIMDESK_TEST_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shot = Path(shutil.copy2(shot, Path(artifacts) / shot.name))
    print(f"\ne2e screenshot: {shot}")

    # 6. Ctrl+Q quits cleanly
    app.key("ctrl+q")
    app.wait_for("the app to exit", lambda: app.proc.poll() is not None, timeout=15)
    assert app.proc.returncode == 0, (
        f"claimdesk exited with {app.proc.returncode}:\n{app.stderr_tail()}"
    )

    # 7. what the desk holds afterwards
    with sqlite3.connect(app.db) as conn:
        rows = conn.execute("SELECT id, quote_exact, status FROM claim").fetchall()
        history = conn.execute(
            "SELECT from_status, to_status, actor FROM status_change WHERE claim_id = ? "
            "ORDER BY at, id",
            (claim_id,),
        ).fetchall()
        total_changes = conn.execute("SELECT count(*) FROM status_change").fetchone()[0]
    assert len(rows) == 1, rows
    assert rows[0][2] == "in_progress"
    quote = rows[0][1]
    assert isinstance(quote, str) and quote.strip() == quote and len(quote) >= 20, repr(quote)
    assert quote in article_text, f"{quote!r} is not in the article"
    assert total_changes == 2
    assert [(h[0], h[1]) for h in history] == [(None, "unverified"), ("unverified", "in_progress")]
    assert {h[2] for h in history} == {"e2e"}

    elapsed = time.monotonic() - started
    assert elapsed < TEST_BUDGET, f"end-to-end run took {elapsed:.1f} s"
