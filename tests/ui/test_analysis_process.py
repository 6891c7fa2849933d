"""The analysis process dies: the next request starts a new one, and one that keeps dying
is given up on.  A real process, killed for real."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uihelpers import ctl, service, settle

from claimdesk.assets import SAMPLE_ARTICLE, resource
from claimdesk.logs import setup_logging
from claimdesk.ui.analysis import MAX_DEATHS, AnalysisStopped, SuggestionEngine

TEXT = resource(*SAMPLE_ARTICLE).read_text(encoding="utf-8")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def engine() -> Iterator[SuggestionEngine]:
    setup_logging()
    e = SuggestionEngine("blank")
    messages: list[str] = []
    e.failed.connect(messages.append)
    e.messages = messages  # type: ignore[attr-defined]
    yield e
    pid = e.pid
    e.shutdown()
    deadline = time.monotonic() + 10
    while pid is not None and not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if pid is not None and not _gone(pid):
        os.kill(pid, signal.SIGKILL)


def _log() -> str:
    path = Path(os.environ["CLAIMDESK_LOG_DIR"]) / "claimdesk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _suggest(qtbot: Any, engine: SuggestionEngine, article_id: int) -> list[Any]:
    with qtbot.waitSignal(engine.ready, timeout=90_000) as blocker:
        engine.request(article_id, TEXT)
    assert blocker.args[0] == article_id
    return list(blocker.args[1])


def _wait_dead(qtbot: Any, pid: int) -> None:
    # the pool's own thread reaps its child; until then the pid is a zombie, not gone
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: _gone(pid) or _zombie(pid), timeout=10_000)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return True


def test_a_killed_process_is_started_again_by_the_next_request(
    qtbot: Any, engine: SuggestionEngine
) -> None:
    first = _suggest(qtbot, engine, 1)
    assert first, "the sample article has check-worthy claims"
    pid = engine.pid
    assert pid is not None

    _wait_dead(qtbot, pid)
    again = _suggest(qtbot, engine, 2)  # another article id: not answered from the cache
    assert [(s.start, s.end, s.text) for s in again] == [(s.start, s.end, s.text) for s in first]
    assert engine.pid not in (None, pid)
    assert engine.messages == [  # type: ignore[attr-defined]
        "The analysis process stopped; it starts again with the next suggestion or match."
    ]
    assert "The analysis process stopped (exit code -9 (SIGKILL)); 1 time(s) in a row" in _log()

    # it answered since, so a second death is not a start-up failure, and is not announced
    second_pid = engine.pid
    assert second_pid is not None
    _wait_dead(qtbot, second_pid)
    outcomes: list[Any] = []
    from claimdesk.nlp.service import suggest_for

    engine.call(suggest_for, "blank", "Prices rose by 40% in 2023.", on_done=outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=90_000)
    found, _note, info = outcomes[0]
    assert info and found  # a real answer from a third process
    assert engine.deaths == 0 and not engine.gave_up
    assert len(engine.messages) == 1  # type: ignore[attr-defined]


def _wait_for(qtbot: Any, outcomes: list[Any], count: int) -> None:
    qtbot.waitUntil(lambda: len(outcomes) >= count, timeout=60_000)


def test_a_process_that_keeps_dying_is_given_up_on(qtbot: Any, engine: SuggestionEngine) -> None:
    outcomes: list[Any] = []
    # the child runs os._exit: it dies before answering, each time it is started
    for calls in range(1, MAX_DEATHS + 1):
        engine.call(os._exit, 3, on_done=outcomes.append)
        _wait_for(qtbot, outcomes, calls)
        if engine.gave_up:
            break
    assert engine.gave_up
    assert engine.deaths == MAX_DEATHS
    assert all(isinstance(o, AnalysisStopped) for o in outcomes)
    text = _log()
    assert text.count("The analysis process stopped (exit code 3)") == MAX_DEATHS
    assert "given up on for this session" in text
    assert engine.messages[-1].startswith(  # type: ignore[attr-defined]
        f"Suggestions and claim matching are off: the analysis process stopped {MAX_DEATHS} "
    )

    # no further process is started, and callers still get an answer
    busy: list[bool] = []
    engine.busy.connect(busy.append)
    engine.request(1, TEXT)
    late: list[Any] = []
    engine.call(os.getpid, on_done=late.append)
    assert engine.pid is None and busy == []
    assert len(late) == 1 and isinstance(late[0], AnalysisStopped)


def test_the_window_keeps_matching_claims_after_the_process_dies(qtbot: Any, window: Any) -> None:
    from claimdesk.core.records import ArticleDraft

    quote = "depends on Russia for nearly half of its arms supplies"

    from claimdesk.core import articles, claims

    def claim_in(article_id: int) -> int:
        def create(session: Any) -> int:
            text = articles.get_article(session, article_id).text
            start = text.index(quote)
            return int(
                claims.create_claim(session, article_id, start, start + len(quote), actor="t").id
            )

        return int(service(window, create))

    first = claim_in(ctl(window).article.article_id or 0)
    other = service(
        window,
        articles.add_article,
        ArticleDraft(text=f"Delhi's suppliers\n\nOfficials say India {quote}.", title="Delhi"),
    )
    second = claim_in(other.id)
    engine = ctl(window).engine
    shown: list[str] = []  # the status bar is shared: collect, rather than read it last
    window.statusBar().messageChanged.connect(shown.append)
    try:
        ctl(window).article.select_claim(first)
        settle(window)
        qtbot.waitUntil(lambda: window.inspector.matches.list.count() > 0, timeout=90_000)
        pid = engine.pid
        assert pid is not None
        _wait_dead(qtbot, pid)

        ctl(window).article.select_claim(second)  # raised BrokenProcessPool here before
        settle(window)
        qtbot.waitUntil(lambda: window.inspector.matches.list.count() > 0, timeout=90_000)
        assert "Seen in 1 article" in window.inspector.matches.summary.text()
        assert engine.pid not in (None, pid)
        told = [m for m in shown if m.startswith("The analysis process stopped;")]
        assert len(told) == 1
    finally:
        new_pid = engine.pid
        engine.shutdown()
        if new_pid is not None:
            qtbot.waitUntil(lambda: _gone(new_pid) or _zombie(new_pid), timeout=10_000)


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        kids.extend(int(p) for p in text.split())
    return kids


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
def test_the_analysis_process_stops_when_the_window_is_killed(tmp_path: Path) -> None:
    """A window killed outright (SIGKILL: no Qt shutdown, no atexit) cannot stop its
    analysis process; the process notices it has lost its parent and stops by itself,
    saying so in the log, instead of staying idle with its model in memory."""
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {**os.environ, "CLAIMDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CLAIMDESK_LOG_DIR", None)
    with (tmp_path / "out.txt").open("w") as out:
        window = subprocess.Popen(
            [sys.executable, "-m", "claimdesk", "--db", str(tmp_path / "d.sqlite3")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    kids: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and window.poll() is None:
            kids = [k for k in _children(window.pid) if b"spawn_main" in _cmdline(k)]
            if kids:
                break
            time.sleep(0.5)
        assert kids, "the window started no analysis process: " + _tail(tmp_path / "out.txt")
        window.kill()
        window.wait(timeout=30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not all(_gone(k) for k in kids):
            time.sleep(0.5)
        assert all(_gone(k) for k in kids), f"still running: {kids}"
        log = home / "log" / "claimdesk.log"
        assert "is gone; the analysis process stops" in log.read_text(encoding="utf-8")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(window.pid, signal.SIGKILL)
        for k in kids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(k, signal.SIGKILL)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-2000:]
