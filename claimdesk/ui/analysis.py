"""The analysis process: suggestions and claim matching, run by spaCy outside the window.

A process rather than a thread: loading and running spaCy holds Python's interpreter lock
for seconds, which would stutter the window; in its own process it uses the other core
instead.  If the process dies (killed, out of memory, a crash in a compiled library) the
next request starts a new one, and work that was under way when it died is sent once
more.  A process that keeps dying before it answers anything is given up on for the
session, so a broken installation does not restart it forever.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess  # loaded by concurrent.futures.process anyway
from typing import Any

from PySide6.QtCore import QObject, Signal

from claimdesk.core.records import Suggestion
from claimdesk.errors import ClaimdeskError
from claimdesk.logs import describe, log_file

_log = logging.getLogger(__name__)

MAX_DEATHS = 3  # deaths in a row, with no answer in between, before giving up


class AnalysisStopped(RuntimeError):
    """The analysis process died under a request, or has been given up on."""


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    deliver: Callable[[Any], None]  # called on the UI thread with the result or exception
    future: Future[Any] | None = None
    retried: bool = False


def _exit_code(code: int | None) -> str:
    if code is None:
        return "unknown"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"{code} ({signal.Signals(-code).name})"
    return str(code)


def _reaped_exit_code(process: BaseProcess, wait: float = 2.0) -> int | None:
    """The exit code of a child that has died (on the UI thread: at most ``wait`` s, as
    the plain ``join`` before).  The pool's own thread reaps it too: when that thread's
    ``waitpid`` wins, ours fails and ``join`` returns before the code is stored on the
    shared handle, so look again until it is there."""
    deadline = time.monotonic() + wait
    process.join(timeout=wait)
    while process.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return process.exitcode


class SuggestionEngine(QObject):
    """Runs the spaCy pipeline in the analysis process, started on the first request.

    Results for an article are cached by its text.  ``failed`` carries a sentence for the
    status bar: a failed request, or (once a session) that the process stopped and will be
    started again, or that it has been given up on.
    """

    ready = Signal(int, list)  # article id, suggestions
    busy = Signal(bool)
    failed = Signal(str)
    _finished = Signal(object)  # (pool, job, outcome) from the pool's thread

    def __init__(self, pipeline: str = "auto", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline = pipeline
        self._pool: Any = None
        self._children: list[BaseProcess] = []  # the pool's processes, for their exit codes
        self._cache: dict[int, tuple[str, list[Suggestion]]] = {}
        self._pending: _Job | None = None
        self.info: dict[str, Any] = {}
        self.note: str | None = None
        self.deaths = 0  # in a row, with no answer in between
        self.gave_up = False
        self._told = False
        self._finished.connect(self._finish)

    @property
    def enabled(self) -> bool:
        return self.pipeline != "off"

    @property
    def pid(self) -> int | None:
        """The analysis process's id while one runs."""
        return next((p.pid for p in self._children if p.is_alive()), None)

    # -- requests ---------------------------------------------------------------------

    def request(self, article_id: int, text: str) -> None:
        if not self.enabled or self.gave_up:
            return
        cached = self._cache.get(article_id)
        if cached is not None and cached[0] == text:
            self.ready.emit(article_id, cached[1])
            return
        if self._pending is not None and self._pending.future is not None:
            self._pending.future.cancel()  # only stops it if it has not started
        from claimdesk.nlp.service import suggest_for

        job = _Job(suggest_for, (self.pipeline, text), lambda _o: None)
        job.deliver = lambda outcome: self._suggested(job, article_id, text, outcome)
        if not self._start(job):
            return
        self._pending = job
        self.busy.emit(True)

    def forget(self) -> None:
        """Drop the cached suggestions (after the classifier changed)."""
        self._cache.clear()

    def _suggested(self, job: _Job, article_id: int, text: str, outcome: Any) -> None:
        if self._pending is job:
            self._pending = None
            self.busy.emit(False)
        if isinstance(outcome, AnalysisStopped) and self.gave_up:
            return  # the status bar has said so already
        if isinstance(outcome, Exception):
            self.failed.emit(f"Could not suggest claims: {describe(outcome)}")
            return
        found, self.note, self.info = outcome
        self._cache[article_id] = (text, found)
        self.ready.emit(article_id, found)

    def call(self, fn: Any, *args: Any, on_done: Any) -> None:
        """Run ``fn(*args)`` in the analysis process; ``on_done(result_or_exception)`` is
        called on the UI thread (used for claim matching, which needs spaCy too).  When
        the process has been given up on, ``on_done`` gets ``AnalysisStopped`` at once."""
        job = _Job(fn, args, on_done)
        if not self._start(job):
            on_done(AnalysisStopped("the analysis process is off for this session"))

    # -- the process ------------------------------------------------------------------

    def _start(self, job: _Job) -> bool:
        """Submit ``job``, starting a process if there is none; False once given up."""
        while not self.gave_up:
            pool = self._ensure_pool()
            try:
                future = pool.submit(job.fn, *job.args)
            except BrokenProcessPool:
                self._died(pool)  # it died while idle and is only noticed now
                continue
            # the pool starts its process in submit; keep it to read its exit code later
            self._children = list((getattr(pool, "_processes", None) or {}).values())
            job.future = future

            def finished(f: Future[Any], pool: Any = pool) -> None:
                if f.cancelled():
                    return
                try:
                    outcome: Any = f.result()
                except Exception as exc:  # a crash of the child is a message, not a crash here
                    outcome = exc
                with contextlib.suppress(RuntimeError):  # the window has gone
                    self._finished.emit((pool, job, outcome))

            future.add_done_callback(finished)
            return True
        return False

    def _finish(self, item: tuple[Any, _Job, Any]) -> None:
        pool, job, outcome = item
        if isinstance(outcome, BrokenProcessPool):
            self._died(pool)
            if not job.retried:
                job.retried = True
                if self._start(job):
                    return  # its answer comes from the new process
            outcome = AnalysisStopped("the analysis process stopped")
        elif isinstance(outcome, ClaimdeskError):
            _log.warning("The analysis process refused %s: %s", job.fn.__name__, outcome)
        elif isinstance(outcome, Exception):
            # the child's traceback rides along as the exception's cause
            _log.error("%s failed in the analysis process", job.fn.__name__, exc_info=outcome)
        else:
            self.deaths = 0  # it answered: a later death is not a start-up failure
        job.deliver(outcome)

    def _died(self, pool: Any) -> None:
        if pool is not self._pool:
            return  # a death already dealt with, reported by another of its requests
        self._pool = None
        codes = []
        for process in self._children:
            codes.append(_exit_code(_reaped_exit_code(process)))
        self._children = []
        pool.shutdown(wait=False, cancel_futures=True)
        self.deaths += 1
        _log.warning(
            "The analysis process stopped (exit code %s); %d time(s) in a row",
            ", ".join(codes) or "unknown",
            self.deaths,
        )
        if self.deaths >= MAX_DEATHS:
            self.gave_up = True
            _log.error("The analysis process is given up on for this session")
            self.failed.emit(
                f"Suggestions and claim matching are off: the analysis process stopped "
                f"{self.deaths} times in a row. Restart claimdesk to try again; the log "
                f"has the details ({log_file()})."
            )
        elif not self._told:
            self._told = True
            self.failed.emit(
                "The analysis process stopped; it starts again with the next suggestion or match."
            )

    def _ensure_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # "spawn": a clean child that does not inherit Qt's threads and state
            from claimdesk.nlp.service import start_worker

            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
            )
        return self._pool

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
