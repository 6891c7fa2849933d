"""Driving the real ``claimdesk`` process under a private Xvfb with xdotool.

Shared by the end-to-end tests (``conftest.py`` turns these into fixtures).  Every helper
that waits polls a condition (a window title, the X input focus, a file, a row of the
desk) until a deadline, so a slow, loaded machine makes the test slower, not flaky, and a
step that does not happen fails with the app's standard error and a screenshot attached.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
POLL = 0.05  # seconds between checks; `xdotool search --sync` only polls every 0.5 s
SCREEN = "1400x900x24"
STEP_TIMEOUT = 60.0  # the longest any one step may take on a loaded machine
TOOLS = ("Xvfb", "xdotool", "import")
# Variables that make Qt load a desktop's platform theme, whose file dialogs are native
# (GTK, or the XDG portal) and cannot be driven like Qt's own widget dialog.
DESKTOP_VARS = (
    "QT_QPA_PLATFORMTHEME",
    "XDG_CURRENT_DESKTOP",
    "XDG_SESSION_DESKTOP",
    "DESKTOP_SESSION",
    "GNOME_DESKTOP_SESSION_ID",
    "KDE_FULL_SESSION",
)


def require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(
            f"end-to-end test needs {', '.join(missing)} on PATH "
            "(apt-get install xvfb xdotool imagemagick, as .ci/run does)"
        )


@contextmanager
def xvfb() -> Iterator[str]:
    """A private X server on a display number it picks itself (``-displayfd``)."""
    require_tools()
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


def app_env(display: str, root: Path) -> dict[str, str]:
    """The environment of the app: its own display, home, settings and data folders."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "CLAIMDESK_DB", *DESKTOP_VARS)
    }
    home = root / "home"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    pythonpath = [str(REPO), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(
        DISPLAY=display,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        CLAIMDESK_HOME=str(root / "claimdesk-home"),
        CLAIMDESK_STARTUP_REPORT="1",
        # Qt's generic theme: QFileDialog is Qt's own widget dialog, not a native one
        QT_QPA_PLATFORMTHEME="generic",
        QT_ACCESSIBILITY="0",
        # this checkout's code, whichever checkout the interpreter was installed from
        PYTHONPATH=os.pathsep.join(pythonpath),
    )
    return env


class App:
    """The claimdesk process and the helpers to drive and watch it."""

    def __init__(self, display: str, tmp_path: Path) -> None:
        self.display = display
        self.tmp_path = tmp_path
        self.db = tmp_path / "desk.sqlite3"
        self.out = tmp_path / "app.stdout"
        self.err = tmp_path / "app.stderr"
        self.env = app_env(display, tmp_path)
        self.shots: list[Path] = []
        self.timings: list[tuple[str, float]] = []
        self._err_seen = 0  # bytes of standard error already looked at for tracebacks
        with self.out.open("wb") as out, self.err.open("wb") as err:
            # its own session: the analysis process it spawns is killed with it
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "claimdesk", "--db", str(self.db), "--user", "e2e"],
                env=self.env,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=tmp_path,
                start_new_session=True,
            )

    # diagnostics ----------------------------------------------------------------------------
    def stderr_tail(self) -> str:
        try:
            return self.err.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def wait_for(
        self, what: str, check: Callable[[], T | None], timeout: float = STEP_TIMEOUT
    ) -> T:
        """Poll ``check`` every 50 ms until it returns something truthy; fail if it never does."""
        deadline = time.monotonic() + timeout
        while True:
            result = check()
            if result:
                return result
            error = self.new_traceback()
            if error:
                # an exception in a slot: Qt carries on, but the step can no longer happen
                shot = self.screenshot("traceback.png", quiet=True)
                pytest.fail(
                    f"claimdesk raised an exception while waiting for {what} "
                    f"(screen: {shot}):\n{error}"
                )
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

    def new_traceback(self) -> str:
        """A Python traceback the app printed since the last look, or ""."""
        try:
            size = self.err.stat().st_size
        except OSError:
            return ""
        if size == self._err_seen:
            return ""
        with self.err.open("rb") as f:
            f.seek(self._err_seen)
            new = f.read().decode(errors="replace")
        start = new.find("Traceback (most recent call last)")
        if start < 0:
            self._err_seen = size - len(new.rsplit("\n", 1)[-1].encode())  # keep a partial line
            return ""
        time.sleep(0.5)  # let the rest of it be written
        return self.err.read_bytes()[self._err_seen :].decode(errors="replace")[start:][-3000:]

    def poll(self, check: Callable[[], T | None], timeout: float) -> T | None:
        """Like ``wait_for``, but give up quietly: None if ``check`` never came true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            time.sleep(POLL)
        return None

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one step of the job; the timings are printed at the end of the test."""
        started = time.monotonic()
        yield
        self.timings.append((name, time.monotonic() - started))

    # X11 --------------------------------------------------------------------------------------
    def run_xdotool(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20
        )

    def xdotool(self, *args: str) -> str:
        done = self.run_xdotool(*args)
        if done.returncode not in (0, 1) or (done.returncode == 1 and args[0] != "search"):
            pytest.fail(f"xdotool {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "30", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "15", text)

    def title(self, wid: str) -> str:
        done = self.run_xdotool("getwindowname", wid)
        return done.stdout.strip() if done.returncode == 0 else ""

    def main_window(self) -> str | None:
        """The id of the visible top-level window whose title ends in "claimdesk"."""
        for wid in self.xdotool("search", "--onlyvisible", "--name", "claimdesk$").split():
            geometry = self.xdotool("getwindowgeometry", "--shell", wid)
            fields = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            if int(fields.get("WIDTH", 0)) > 400 and int(fields.get("HEIGHT", 0)) > 300:
                return wid
        return None

    def windows_titled(self, title: str) -> list[str]:
        """Visible windows whose title is ``title`` (Qt may add " — claimdesk")."""
        first = title.split()[0]
        found = self.xdotool("search", "--onlyvisible", "--name", f"^{first}").split()
        return [w for w in found if self.title(w).split(" \u2014 ")[0] == title]

    def wait_window(self, title: str, because: str) -> str:
        found = self.wait_for(
            f"the {title!r} window ({because})", lambda: self.windows_titled(title)
        )
        return found[0]

    def wait_closed(self, title: str, because: str) -> None:
        self.wait_for(
            f"the {title!r} window to close ({because})",
            lambda: not self.windows_titled(title),
        )

    def focused(self) -> str | None:
        # fails while the focus is PointerRoot or None, as it is before any window took it
        done = self.run_xdotool("getwindowfocus")
        return done.stdout.strip() if done.returncode == 0 else None

    def focus(self, wid: str) -> None:
        """Give ``wid`` the keyboard.  There is no window manager to do it when a window
        appears or a dialog closes, so the test does what a click on the window would."""
        if self.focused() == wid:
            return
        self.xdotool("windowfocus", wid)
        self.wait_for(f"window {wid} to have the keyboard", lambda: self.focused() == wid)

    def screenshot(self, name: str, *, quiet: bool = False) -> Path | None:
        path = self.tmp_path / name
        try:
            done = subprocess.run(
                ["import", "-display", self.display, "-window", "root", str(path)],
                capture_output=True,
                timeout=30,
            )
        except subprocess.TimeoutExpired:
            done = None
        if done is None or done.returncode != 0 or not path.exists():
            if quiet:
                return None
            detail = done.stderr.decode(errors="replace") if done is not None else "timed out"
            pytest.fail(f"import could not take a screenshot: {detail}")
        self.shots.append(path)
        return path

    def keep_screenshots(self) -> list[Path]:
        """Copy the screenshots to $CLAIMDESK_TEST_ARTIFACTS, if set; where they are."""
        artifacts = os.environ.get("CLAIMDESK_TEST_ARTIFACTS")
        if not artifacts:
            return list(self.shots)
        folder = Path(artifacts)
        folder.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copy2(p, folder / p.name)) for p in self.shots if p.exists()]

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

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Rows of a read-only query, waiting while the desk is busy; [] is an answer."""

        def answer() -> tuple[list[tuple[object, ...]]] | None:
            found = self.query(sql, *params)
            return None if found is None else (found,)

        return self.wait_for(f"the desk to answer {sql!r}", answer)[0]

    def stop(self) -> None:
        """End the app and everything it started (the analysis process shares its group)."""
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break  # the group is empty: nothing of ours is left running
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
