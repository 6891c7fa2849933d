"""The one way the window changes the desk: run an operation off the UI thread.

    key press -> controller -> runner.run(op) -> worker thread: op(session) -> Edited
              -> UI thread: changed(ChangeSet) to every view, then the caller's callback
                 with Done | Refused | Conflict | Failed

Operations run one at a time on one database thread, in the order they were asked for,
so a read asked for after an edit sees it.  Errors become values here, in one place:
a rule of the desk refused (``Refused``), a colleague's newer version (``Conflict``), the
database unreachable or broken (``Failed``).  Nothing reaches the user as a traceback;
unexpected errors go to the log with theirs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from claimdesk.core.changes import ChangeSet
from claimdesk.errors import ClaimdeskError, ConflictError, DatabaseError

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimdesk.core.edits import Edited
    from claimdesk.store.engine import Store

T = TypeVar("T")
log = logging.getLogger(__name__)

OFFLINE_EDIT = (
    "The team server can't be reached, so this change was not saved. What you typed stays "
    "here; save it again when the server is back."
)


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T
    changes: ChangeSet


@dataclass(frozen=True)
class Refused:
    """A rule of the desk said no; ``message`` says why, as a sentence."""

    message: str


@dataclass(frozen=True)
class Conflict:
    """Someone else saved a newer version of what was being edited."""

    message: str
    current_version: int | None = None


@dataclass(frozen=True)
class Failed:
    """The database could not be used (``offline``: the server cannot be reached)."""

    message: str
    offline: bool = False


Outcome = Done[Any] | Refused | Conflict | Failed


def _unreachable(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DBAPIError) and (
            seen.connection_invalidated or isinstance(seen, (OperationalError, InterfaceError))
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def outcome_of(exc: BaseException, what: str, dialect: str) -> Refused | Conflict | Failed:
    """The one place where an error from an operation becomes what the user is told."""
    team = dialect == "postgresql"
    if isinstance(exc, ConflictError):
        return Conflict(str(exc), exc.current_version)
    if team and _unreachable(exc):
        return Failed(OFFLINE_EDIT, offline=True)
    if isinstance(exc, DatabaseError):
        log.warning("%s: %s", what, exc, exc_info=exc)
        return Failed(str(exc))
    if isinstance(exc, ClaimdeskError):
        return Refused(str(exc))
    log.error("%s failed", what, exc_info=exc)
    return Failed(
        f"Could not {what}: an unexpected error ({type(exc).__name__}). Nothing was "
        "changed; the details are in the log (Help \u203a Open log folder)."
    )


class _Relay(QObject):
    """Lives on the UI thread; the worker emits, the slot runs on the UI thread."""

    delivered = Signal(object)


class Runner(QObject):
    changed = Signal(object)  # ChangeSet: every view refreshes from it
    busyChanged = Signal(bool)
    offline = Signal(str)  # an operation found the team server unreachable

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.dialect = store.dialect
        self.refuse_writes: str | None = None  # set while the team server is offline
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimdesk-db")
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False
        self._relay = _Relay(self)
        self._ticket = 0
        self._callbacks: dict[int, Callable[[Outcome], None] | None] = {}
        self._relay.delivered.connect(self._deliver)
        # the analyst's name, asked on the UI thread as each operation is submitted, so a
        # name changed in Settings applies from the next action (``store.engine.act_as``)
        self.actor: Callable[[], str] | None = None

    # asking -----------------------------------------------------------------------------
    def run(
        self,
        op: Callable[[Session], Edited[Any]],
        on_done: Callable[[Outcome], None] | None = None,
        *,
        what: str = "save the change",
    ) -> None:
        """Run an edit; views get its change set, then ``on_done`` gets the outcome."""
        if self.refuse_writes is not None:
            outcome: Outcome = Failed(self.refuse_writes, offline=True)
            if on_done is not None:
                on_done(outcome)
            return

        def job(session: Session) -> Outcome:
            edited = op(session)
            return Done(edited.value, edited.changes)

        self._submit(job, on_done, what)

    def read(
        self,
        fn: Callable[[Session], T],
        on_value: Callable[[T], None],
        on_error: Callable[[str], None] | None = None,
        *,
        what: str = "read the desk",
    ) -> None:
        """Read off the UI thread; ``on_value`` gets the value on the UI thread."""

        def job(session: Session) -> Outcome:
            return Done(fn(session), ChangeSet())

        def done(outcome: Outcome) -> None:
            if isinstance(outcome, Done):
                on_value(outcome.value)
            elif on_error is not None:
                on_error(outcome.message)
            else:
                log.info("could not %s: %s", what, outcome.message)

        self._submit(job, done, what)

    def after(self, then: Callable[[], None]) -> None:
        """Call ``then`` on the UI thread once everything asked for so far is done."""
        self.read(lambda _session: None, lambda _value: then())

    def publish(self, changes: ChangeSet) -> None:
        """Tell every view about changes made elsewhere (a colleague, an import)."""
        if changes:
            self.changed.emit(changes)

    # state --------------------------------------------------------------------------------
    def idle(self) -> bool:
        return self._pending == 0

    def close(self, timeout: float = 10.0) -> None:
        """Finish what was asked (edits are never dropped), then stop the thread."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=False)

    # plumbing -----------------------------------------------------------------------------
    def _submit(
        self,
        job: Callable[[Session], Outcome],
        on_done: Callable[[Outcome], None] | None,
        what: str,
    ) -> None:
        if self._closed:
            return
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busyChanged.emit(True)
        # The callback stays here, on the UI thread: it may hold widgets, and a widget's
        # last reference must never be dropped on the database thread.
        self._ticket += 1
        ticket = self._ticket
        self._callbacks[ticket] = on_done
        store, dialect, relay = self.store, self.dialect, self._relay
        actor = self.actor() if self.actor is not None else ""

        def work() -> None:
            from claimdesk.store.engine import act_as

            try:
                with store.session() as session:
                    if actor:
                        act_as(session, actor)
                    outcome = job(session)
            except BaseException as exc:  # every error becomes a value for the UI thread
                outcome = outcome_of(exc, what, dialect)
            relay.delivered.emit((outcome, ticket))

        self._pool.submit(work)

    def _deliver(self, item: tuple[Outcome, int]) -> None:
        outcome, ticket = item
        on_done = self._callbacks.pop(ticket, None)
        with self._lock:
            self._pending -= 1
            last = self._pending == 0
        try:
            if isinstance(outcome, Failed) and outcome.offline:
                self.offline.emit(outcome.message)
            if isinstance(outcome, Done) and outcome.changes:
                self.changed.emit(outcome.changes)
            if on_done is not None:
                on_done(outcome)
        finally:
            if last:
                self.busyChanged.emit(False)
