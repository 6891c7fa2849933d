"""A library pass in several processes, when the process that started it is killed.

``claimdesk suggest --jsonl --processes 2`` scores a whole library with a pool of worker
processes (``Suggester.suggest_many(n_process=2)``).  Killed outright (SIGKILL: no clean-up
runs), it cannot stop them; each worker must notice that its tasks' pipe has closed and exit,
instead of keeping a model in memory for ever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
sys.path.insert(0, {repo!r})
from claimdesk.nlp.suggest import Suggester
texts = ["The port handled 4.2 million containers in 2023, up 8% from a year earlier. "
         "Officials said the rail line would cut journey times by a third."] * 4000
print("scoring", flush=True)
Suggester("blank").suggest_many(texts, n_process=2)
print("finished", flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1]
    except OSError:
        return False
    return not state.startswith(("Z", "X"))  # a zombie has exited already


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids.extend(int(p) for p in (task / "children").read_text().split())
    return kids


def _busy(pid: int) -> bool:
    """Has used a CPU-second: loaded its model and started on its tasks."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()
    except OSError:
        return False
    return int(fields[11]) >= os.sysconf("SC_CLK_TCK")  # utime, in clock ticks


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
def test_workers_of_a_killed_library_pass_stop(tmp_path: Path) -> None:
    env = {**os.environ, "CLAIMDESK_HOME": str(tmp_path / "home")}
    with (tmp_path / "out.txt").open("w") as out:
        parent = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(repo=str(REPO))],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and parent.poll() is None:
            workers = [k for k in _children(parent.pid) if _alive(k)]
            # the resource tracker is a child too; the two pool workers do the work
            if sum(_busy(k) for k in workers) >= 2:
                break
            time.sleep(0.2)
        output = (tmp_path / "out.txt").read_text(errors="replace")
        assert parent.poll() is None, "the pass ended before it was killed: " + output
        assert sum(_busy(k) for k in workers) >= 2, "no two workers scoring: " + output
        parent.kill()
        parent.wait(timeout=30)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_alive(k) for k in workers):
            time.sleep(0.2)
        assert not [k for k in workers if _alive(k)], "workers still running after 60 s"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        for k in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(k, signal.SIGKILL)
